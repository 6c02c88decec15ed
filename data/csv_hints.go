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
	for _, d := range []struct{ char, rune string }{{";", ";"}, {"\t", `\t`}, {"|", "|"}} {
		if strings.Contains(first[0], d.char) {
			return &OptionHint{Err: err, Lead: fmt.Sprintf(" (the first line holds %q: if that is the field delimiter, give it, e.g. ", d.char), Option: "Comma", Value: "'" + d.rune + "'", Tail: ")"}
		}
	}
	if len(strings.Fields(first[0])) > 1 {
		return &OptionHint{Err: err, Lead: " (the first line holds spaces: if they separate the fields, read them with ", Option: "Whitespace", Value: "true", Tail: ")"}
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

// blankFieldsHint adds to err, for a row read with the delimiter ' ' that
// has empty fields, that runs of spaces are one delimiter with
// CSVOptions.Whitespace.
func (p *csvParser) blankFieldsHint(err error, rec []string) error {
	if p.r.Comma != ' ' || !slices.Contains(rec, "") {
		return err
	}
	return &OptionHint{Err: err, Option: "Whitespace", Value: "true",
		Lead: "; with the delimiter ' ' two spaces in a row enclose an empty field: if runs of spaces separate the fields, read them with "}
}
