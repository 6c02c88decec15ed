package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// utf8BOM is the byte order mark some programs put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// csvParser holds the state of one DecodeCSV call.
type csvParser struct {
	name     string
	opts     CSVOptions
	r        *csv.Reader
	header   []string // nil when the file has none
	ncols    int
	label    int       // label column index, -1 when unlabelled or for regression
	targets  []int     // regression target columns, in CSVOptions.LabelColumn's order
	isTarget []bool    // per column: a target column (nil without targets)
	y        []float32 // regression targets, row-major
	refLine  int       // line of the header or first data row, the reference for the column count
	refRec   []string  // that row
	x        []float32
	labels   []string // raw label text per row
	lines    []int    // line of each row's label, for label errors
	rowLine  []int    // line each row starts on, for Dataset.Position

	fieldLines []int // line of each field of the last record read
	firstLines []int // fieldLines of the first record

	in         *textInput        // the text the CSV reader reads
	size       int               // the text's size, 0 when unknown
	pending    []pendingRow      // data records read by begin, not parsed yet
	count      int               // data rows parsed, of every block
	labelsOnly bool              // rows past CSVOptions.Limit: their labels only
	kept       map[string]string // labels seen, to share their text (keep)
	reserved   bool              // the rows' storage is sized for the file
	collected  int64             // text parsed at the last collect
}

// pendingRow is a data record begin read.
type pendingRow struct {
	rec        []string
	line       int
	fieldLines []int
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// resolveColumn finds the column a label column spec names (see
// CSVOptions.LabelColumn).
func (p *csvParser) resolveColumn(spec string) (int, error) {
	lc := strings.TrimSpace(spec)
	switch {
	case lc == "":
		for i, h := range p.header {
			if strings.EqualFold(strings.TrimSpace(h), "label") {
				return i, nil
			}
		}
		return p.ncols - 1, nil
	case isInteger(lc):
		i, _ := strconv.Atoi(lc)
		if i < 0 {
			i += p.ncols
		}
		if i < 0 || i >= p.ncols {
			return -1, fmt.Errorf("%s: label column index %s is out of range: the file has %d columns (indices 0..%d, or -1..-%d from the end)",
				p.name, lc, p.ncols, p.ncols-1, p.ncols)
		}
		return i, nil
	default:
		var same []string
		for i, h := range p.header {
			if strings.TrimSpace(h) == lc {
				same = append(same, strconv.Itoa(i))
			}
		}
		if len(same) > 1 {
			return -1, fmt.Errorf("%s: the label column %q is ambiguous: the header has %d columns of that name (indices %s); give the label column by index",
				p.name, lc, len(same), strings.Join(same, ", "))
		}
		for i, h := range p.header {
			if strings.TrimSpace(h) == lc {
				return i, nil
			}
		}
		for i, h := range p.header {
			if strings.EqualFold(strings.TrimSpace(h), lc) {
				return i, nil
			}
		}
		return -1, p.noColumnNamed(lc)
	}
}

// noColumnNamed is the error for a label column name the header lacks,
// with the likely cause: a headerless file whose first line was taken for
// the header because the column was given by name, or a list of columns
// outside a regression.
func (p *csvParser) noColumnNamed(lc string) error {
	msg := fmt.Sprintf("%s: no column named %q for the label; the header has %s", p.name, lc, listNames(p.header, "columns"))
	numbers := !slices.ContainsFunc(p.header, func(h string) bool { _, ok := parseNumber(h); return !ok })
	if p.opts.Header == HeaderAuto && numbers {
		msg = fmt.Sprintf("%s: no column named %q for the label; the first line, read as the header because the label column is given by name, holds only numbers (%s): if the file has no header, give the label column by index",
			p.name, lc, listNames(p.header, "columns"))
	}
	if strings.Contains(lc, ",") && p.opts.Task != TaskRegression {
		return &OptionHint{Err: errors.New(msg), Lead: "; only a regression (", Option: "Task", Value: "TaskRegression", Tail: ") reads a list of target columns"}
	}
	return errors.New(msg)
}

// listNames quotes up to 10 names for a message; more end with their count
// of what they are (plural: "columns", "classes").
func listNames(names []string, what string) string {
	const most = 10
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, ", ... (%d %s)", len(names), what)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}

// column describes column i for a message: by name and index with a header.
func (p *csvParser) column(i int) string {
	if p.header != nil {
		return fmt.Sprintf("column %q (index %d)", strings.TrimSpace(p.header[i]), i)
	}
	return fmt.Sprintf("column index %d", i)
}

// parseNumber parses a feature cell as a finite float32, written as
// pandas and numpy read numbers: not with Go's digit separators ("1_000")
// or hexadecimal floats ("0x1p4"), which strconv takes (see goSyntax).
func parseNumber(cell string) (float32, bool) {
	s := strings.TrimSpace(cell)
	if isMissing(s) || goSyntax(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 32)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return float32(f), true
}

// isFloatSyntax reports whether s has the syntax of a number, even if its
// value is out of float32 range or infinite.
func isFloatSyntax(s string) bool {
	if goSyntax(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 32)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// goSyntax reports whether s, a number strconv.ParseFloat would take, is
// written in Go's syntax only: with digit separators ("1_000") or in
// hexadecimal ("0x1p4"). pandas and numpy read such a cell as text, so
// it is not a number here either.
func goSyntax(s string) bool {
	if strings.IndexByte(s, '_') >= 0 {
		return true
	}
	s = strings.TrimLeft(s, "+-")
	return len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

// isMissing reports whether a trimmed cell marks a missing value.
func isMissing(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "nan", "null", "?":
		return true
	}
	return false
}

// isInteger reports whether s is a decimal integer such as "3" or "-1".
func isInteger(s string) bool {
	_, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil
}

// features returns the feature columns of a row: the columns but the
// label and the targets.
func (p *csvParser) features() int {
	return p.ncols - btoi(p.label >= 0) - len(p.targets)
}
