package data

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// blankLeadingLines empties the first n lines of content (CSVOptions.SkipRows),
// keeping their line ends so that the CSV reader, which skips empty lines,
// still numbers the remaining lines as the file does. A skipped line is
// dropped whole, even when it holds an unmatched quote.
func blankLeadingLines(name string, content []byte, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("%s: cannot skip %d rows: the count must be >= 0", name, n)
	}
	if n == 0 {
		return content, nil
	}
	out := make([]byte, 0, len(content))
	rest := content
	for i := 0; i < n; i++ {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			rest = nil
			break
		}
		out = append(out, '\n')
		rest = rest[nl+1:]
	}
	if len(bytes.TrimSpace(rest)) == 0 {
		lines := bytes.Count(content, []byte{'\n'}) + btoi(len(content) > 0 && content[len(content)-1] != '\n')
		return nil, fmt.Errorf("%s: skipping %d rows leaves nothing to read: the file has %d line(s)", name, n, lines)
	}
	return append(out, rest...), nil
}

// raggedHint suggests skipping the lines up to the reference row when the
// first row after it is the one that disagrees: the reference row is then
// more likely a preamble (a title, or the line of counts scikit-learn's CSV
// files start with) than the table's first row. For a later row it says
// how many fields a row needs, and what to look for.
func (p *csvParser) raggedHint(err error) error {
	if p.count > btoi(p.header == nil) {
		return fmt.Errorf("%w; every row needs %d fields: look there for a missing or extra delimiter, or a field holding %q that is not quoted, and fix or drop the row", err, p.ncols, p.r.Comma)
	}
	return p.preambleHint(err)
}

// preambleHint suggests skipping the lines up to the reference row: for a
// row that disagrees with it just after it, or for a value that cannot be
// read in the first row when there is no header (scikit-learn's Boston file
// starts with "506,13,,,...", as many fields as the table, some empty).
func (p *csvParser) preambleHint(err error) error {
	ref := clip(strings.Join(p.refRec, string(p.r.Comma)))
	return &OptionHint{Err: withoutRemedy(err), Option: "SkipRows", Value: strconv.Itoa(p.refLine),
		Lead: fmt.Sprintf("; line %d (%q) may be a preamble rather than the table's first row (scikit-learn's CSV files start with a line of counts): skip it with ", p.refLine, ref)}
}
