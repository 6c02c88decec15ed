package data

import (
	"fmt"
	"slices"
	"strings"
)

// delimiterHint adds to err the delimiter to give when a file read as a
// single column holds another usual delimiter, such as the semicolons of
// European CSV.
func delimiterHint(err error, first []string) error {
	if len(first) != 1 {
		return err
	}
	if alignedByBlanks(first[0]) {
		return &OptionHint{Err: err, Lead: blankLead, Option: "Whitespace", Value: "true", Tail: ")"}
	}
	for _, d := range []struct{ char, rune string }{{";", ";"}, {"\t", `\t`}, {"|", "|"}} {
		if strings.Contains(first[0], d.char) {
			return &OptionHint{Err: err, Lead: fmt.Sprintf(" (the first line holds %q: if that is the field delimiter, give it, e.g. ", d.char), Option: "Comma", Value: "'" + d.rune + "'", Tail: ")"}
		}
	}
	if len(strings.Fields(first[0])) > 1 {
		return &OptionHint{Err: err, Lead: blankLead, Option: "Whitespace", Value: "true", Tail: ")"}
	}
	return err
}

// countsLine reports whether rec may be a line of counts before a table,
// as scikit-learn's Boston file starts with "506,13,,,...": integers
// followed by empty fields, at least half of them empty.
func countsLine(rec []string) bool {
	empty := 0
	for _, c := range rec {
		switch c = strings.TrimSpace(c); {
		case c == "":
			empty++
		case !isInteger(c):
			return false
		}
	}
	return 2*empty >= len(rec)
}

// blankLead leads the hint for a file whose fields white space separates.
const blankLead = " (the first line holds white space between its values: if that separates the fields, read them with "

// alignedByBlanks reports whether line looks laid out in columns of
// white space, as UCI's .data files are: several fields, and white space
// before the first or after the last, or two blanks (spaces or tabs) in a
// row somewhere.
func alignedByBlanks(line string) bool {
	if len(strings.Fields(line)) < 2 {
		return false
	}
	return strings.TrimSpace(line) != line || strings.Contains(line, "  ") || strings.Contains(line, " \t") || strings.Contains(line, "\t ") || strings.Contains(line, "\t\t")
}

// blankFieldsHint adds to err, for a row read with the delimiter ' ' or
// '\t' that has empty fields or fields padded with blanks, that runs of
// spaces and tabs are one delimiter with CSVOptions.Whitespace.
func (p *csvParser) blankFieldsHint(err error, rec []string) error {
	if p.r.Comma != ' ' && p.r.Comma != '\t' {
		return err
	}
	padded := slices.ContainsFunc(rec, func(f string) bool { return f == "" || alignedByBlanks(f) || strings.TrimSpace(f) != f })
	if !padded {
		return err
	}
	what := "two spaces in a row enclose an empty field"
	if p.r.Comma == '\t' {
		what = "the fields hold spaces or empty fields"
	}
	return &OptionHint{Err: withoutRemedy(err), Option: "Whitespace", Value: "true",
		Lead: fmt.Sprintf("; with the delimiter %q %s: if runs of spaces and tabs separate the fields, read them with ", p.r.Comma, what)}
}
