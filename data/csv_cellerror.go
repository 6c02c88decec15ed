package data

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FeatureError is a CSV feature cell that is not a finite float32 number:
// missing, out of range, or not a number at all. Index and Name say which
// column holds it, so a caller can tell a label column read as a feature.
type FeatureError struct {
	Source string // the file
	Line   int    // 1-based line of the cell
	Index  int    // 0-based column index
	Name   string // the column's header name, "" without a header
	Column string // the column as messages name it: `column "x" (index 2)`
	Cell   string // the cell as written

	hinted bool // another hint follows, which replaces the usual remedy
}

// withoutRemedy returns err, when it is a *FeatureError, as a copy whose
// message leaves out the usual remedy, for a more specific hint to follow.
func withoutRemedy(err error) error {
	if fe, ok := err.(*FeatureError); ok && !fe.hinted {
		c := *fe
		c.hinted = true
		return &c
	}
	return err
}

// Error implements error, e.g. `iris.csv:3: column "species" (index 4):
// "setosa" is not a number`, with the usual remedy: for a missing value,
// to fill it or drop its row first (nothing here imputes); for a cell
// that is its column's header name, to remove the header repeated there,
// as concatenating CSV files leaves it.
func (e *FeatureError) Error() string {
	s, cell := strings.TrimSpace(e.Cell), clip(e.Cell)
	what := fmt.Sprintf("%q is not a number", cell)
	if _, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 32); err == nil && strings.Count(s, ",") == 1 {
		what += " (a decimal comma? numbers take a decimal point)"
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && goSyntax(s) {
		what += fmt.Sprintf(" (digit separators and hexadecimal are Go's syntax, which pandas and numpy read as text; write it %s)", strconv.FormatFloat(f, 'g', -1, 64))
	}
	switch {
	case isMissing(s):
		what = fmt.Sprintf("missing value (%q)", cell)
		if !e.hinted {
			what += "; brawn does not impute: fill the missing values (pandas' fillna, scikit-learn's SimpleImputer) or drop their rows (dropna) first"
		}
	case e.Name != "" && s == e.Name && !e.hinted:
		what += "; it is the column's name: the header is repeated on this line, as concatenating CSV files with their headers leaves it; remove the repeated header lines (keep the first file's header only)"
	case isFloatSyntax(s):
		what = fmt.Sprintf("%q is not a finite float32 number", cell)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.Source, e.Line, e.Column, what)
}

// Names reports whether col, a label column as --label-col gives it (a
// header name or a 0-based index), names e's column.
func (e *FeatureError) Names(col string) bool {
	col = strings.TrimSpace(col)
	return col != "" && (col == e.Name || col == fmt.Sprint(e.Index))
}

// featureError returns the FeatureError of cell, on line in column i.
func (p *csvParser) featureError(cell string, line, i int) error {
	e := &FeatureError{Source: p.name, Line: line, Index: i, Column: p.column(i), Cell: cell}
	if p.header != nil {
		e.Name = strings.TrimSpace(p.header[i])
	}
	return e
}

// clip shortens text quoted in a message to at most 60 bytes, cut at a
// character boundary and ended with "...": a cell or a line may be
// megabytes long.
func clip(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	cut := most - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
