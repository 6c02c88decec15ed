package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// setDelimiter sets the CSV reader's delimiter as CSVOptions say.
func (p *csvParser) setDelimiter() {
	switch {
	case p.opts.Whitespace:
		p.r.Comma = '\t'
	case p.opts.Comma != 0:
		p.r.Comma = p.opts.Comma
	}
	p.r.FieldsPerRecord = -1 // ragged rows get our own message
	// Skip spaces before a quoted field (`1, "2"`), except when the
	// delimiter is itself white space, where that would swallow empty fields.
	p.r.TrimLeadingSpace = !unicode.IsSpace(p.r.Comma)
}

// needsAllLabels reports whether the label mapping needs the labels of
// every row of the file (see ReadCSV): those of classes not imposed by
// CSVOptions.Classes or ClassNames.
func (p *csvParser) needsAllLabels() bool {
	o := p.opts
	return p.label >= 0 && !o.Unlabelled && !o.DropLabels && o.Task != TaskRegression && o.Classes == 0 && o.ClassNames == nil
}

// begin reads the file's first two records: it decides whether the first
// is a header, finds the label and target columns, and leaves the records
// that are data rows pending for readRows.
func (p *csvParser) begin() error {
	if p.r.Comma == '"' || p.r.Comma == '\r' || p.r.Comma == '\n' || p.r.Comma == utf8.RuneError {
		return fmt.Errorf("%s: invalid CSV delimiter %q", p.name, p.r.Comma)
	}
	first, firstLine, err := p.next()
	if err != nil {
		return err
	}
	if first == nil {
		return fmt.Errorf("%s: empty file: no rows", p.name)
	}
	p.firstLines = slices.Clone(p.fieldLines)
	second, secondLine, err := p.next()
	if err != nil {
		return err
	}
	hasHeader, err := p.decideHeader(first, second)
	if err != nil {
		return err
	}
	p.ncols = len(first)
	if hasHeader {
		p.header = first
		if second == nil {
			return fmt.Errorf("%s: no data rows after the header", p.name)
		}
	}
	if err := p.resolveLabel(); err != nil {
		return err
	}
	if p.opts.Task == TaskRegression && !p.opts.Unlabelled {
		if err := p.resolveTargets(); err != nil {
			return err
		}
	}
	if p.features() == 0 {
		only := "the only column is the label"
		if len(p.targets) > 1 {
			only = "every column is a target"
		}
		return delimiterHint(fmt.Errorf("%s: no feature columns: %s", p.name, only), first)
	}
	p.refLine, p.refRec = firstLine, first
	if !hasHeader {
		p.pending = append(p.pending, pendingRow{first, firstLine, p.firstLines})
	}
	if second != nil {
		p.pending = append(p.pending, pendingRow{second, secondLine, slices.Clone(p.fieldLines)})
	}
	return nil
}

// next returns the next non-blank record and its line, or nil at the end,
// and records the line of each of its fields in p.fieldLines (a quoted
// field may span lines).
func (p *csvParser) next() ([]string, int, error) {
	for {
		rec, err := p.r.Read()
		if p.in.err != nil {
			return nil, 0, p.in.err // the file's, as it is
		}
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// The record's first line, where a stray quote usually is;
				// pe's text gives the line the reader gave up on too.
				return nil, 0, fmt.Errorf("%s:%d: malformed CSV: %v", p.name, pe.StartLine, pe)
			}
			return nil, 0, fmt.Errorf("%s: %v", p.name, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces only
		}
		p.fieldLines = p.fieldLines[:0]
		for i := range rec {
			line, _ := p.r.FieldPos(i)
			p.fieldLines = append(p.fieldLines, line)
		}
		return rec, p.fieldLines[0], nil
	}
}

// decideHeader applies CSVOptions.Header (see HeaderAuto for the rule).
func (p *csvParser) decideHeader(first, second []string) (bool, error) {
	named := !p.opts.Unlabelled && slices.ContainsFunc(p.labelSpecs(), func(s string) bool { return strings.TrimSpace(s) != "" && !isInteger(s) })
	switch p.opts.Header {
	case HeaderPresent:
		return true, nil
	case HeaderAbsent:
		if named {
			return false, fmt.Errorf("%s: the label column is given by name (%q) but the file is read without a header; give its index instead",
				p.name, p.opts.LabelColumn)
		}
		return false, nil
	}
	if named {
		return true, nil
	}
	if second == nil {
		for _, c := range first {
			if _, ok := parseNumber(c); ok {
				return false, nil
			}
		}
		return true, nil
	}
	if numberedHeader(first, second) {
		return true, nil
	}
	for i, c := range first {
		if i >= len(second) {
			break
		}
		_, firstNum := parseNumber(c)
		_, secondNum := parseNumber(second[i])
		if !firstNum && !isMissing(c) && secondNum {
			return true, nil
		}
		// pandas writes a header of numbers for unnamed features, and
		// "label" over the labels, which may be text: the name the default
		// label column looks for is a header's.
		if strings.TrimSpace(p.opts.LabelColumn) == "" && strings.EqualFold(strings.TrimSpace(c), "label") && !strings.EqualFold(strings.TrimSpace(second[i]), "label") {
			return true, nil
		}
	}
	return false, nil
}

// numberedHeader reports whether first is the header pandas writes for a
// frame of unnamed columns (DataFrame(array).to_csv(index=False)): the
// column numbers 0, 1, ..., one of them perhaps renamed ("target"), over
// a second row that is not such a sequence. Three columns at least, so
// that a short row of small integers stays data.
func numberedHeader(first, second []string) bool {
	if len(first) < 3 || len(second) != len(first) {
		return false
	}
	renamed := 0
	for i, c := range first {
		c = strings.TrimSpace(c)
		if c == strconv.Itoa(i) {
			continue
		}
		if _, num := parseNumber(c); num || isMissing(c) {
			return false
		}
		if renamed++; renamed > 1 {
			return false
		}
	}
	for i, c := range second {
		if strings.TrimSpace(c) != strconv.Itoa(i) {
			return true
		}
	}
	return false
}

// resolveLabel sets p.label from CSVOptions.LabelColumn (for class labels).
func (p *csvParser) resolveLabel() error {
	p.label = -1
	if p.opts.Unlabelled || p.opts.Task == TaskRegression {
		return nil
	}
	var err error
	p.label, err = p.resolveColumn(p.opts.LabelColumn)
	return err
}

// row parses one data record; fieldLines gives the line of each field.
func (p *csvParser) row(rec []string, line int, fieldLines []int) (err error) {
	firstRow := p.header == nil && p.count == 0
	defer func() {
		if err == nil {
			return
		}
		// Blanks in the fields say more than another hint (a ragged
		// row's preamble hint), which they replace.
		base := err
		if h, ok := err.(*OptionHint); ok {
			base = h.Err
		}
		if hinted := p.blankFieldsHint(base, rec); hinted != base {
			err = hinted
			return
		}
		if !firstRow {
			return
		}
		// A row read as one field holding ';' is more likely another
		// delimiter than a preamble.
		if hinted := delimiterHint(err, rec); hinted != err {
			err = hinted
			return
		}
		var fe *FeatureError
		if errors.As(err, &fe) && isMissing(strings.TrimSpace(fe.Cell)) && !countsLine(rec) {
			return // a data row with a missing value
		}
		err = p.preambleHint(err)
	}()
	if len(rec) != p.ncols {
		what := "the header"
		if p.header == nil {
			what = fmt.Sprintf("line %d, the first row", p.refLine)
		}
		return p.raggedHint(fmt.Errorf("%s:%d: ragged row: %d fields, but %s has %d", p.name, line, len(rec), what, p.ncols))
	}
	for i, cell := range rec {
		if p.labelsOnly && i != p.label {
			continue
		}
		fieldLine := fieldLines[i]
		if p.opts.DropLabels && (i == p.label || p.isTarget != nil && p.isTarget[i]) {
			continue
		}
		if p.isTarget != nil && p.isTarget[i] {
			if err := p.target(cell, fieldLine, i); err != nil {
				return err
			}
			continue
		}
		if i == p.label {
			s := strings.TrimSpace(cell)
			if isMissing(s) {
				return fmt.Errorf("%s:%d: %s: missing label (%q)", p.name, fieldLine, p.column(i), clip(cell))
			}
			p.labels = append(p.labels, p.keep(s))
			p.lines = append(p.lines, fieldLine)
			continue
		}
		v, ok := parseNumber(cell)
		if !ok {
			return p.featureError(cell, fieldLine, i)
		}
		p.x = append(p.x, v)
	}
	if !p.labelsOnly {
		p.rowLine = append(p.rowLine, line)
	}
	p.count++
	return nil
}

// dataset maps the collected labels to class indices (see ReadCSV).
func (p *csvParser) dataset() (*Dataset, error) {
	d := ownX(&Dataset{X: p.x, Features: p.features(), Source: p.name, lines: p.rowLine})
	for i := range p.ncols {
		if i != p.label && (p.isTarget == nil || !p.isTarget[i]) {
			d.columns = append(d.columns, p.column(i))
			if p.header != nil {
				d.FeatureNames = append(d.FeatureNames, strings.TrimSpace(p.header[i]))
			}
		}
	}
	if p.opts.DropLabels {
		return d, nil
	}
	if p.targets != nil {
		p.fillTargets(d)
		return d, nil
	}
	if p.label < 0 {
		return d, nil
	}
	d.Y = make([]int, len(p.labels))
	col := p.column(p.label)
	switch {
	case p.opts.ClassNames != nil:
		index := make(map[string]int, len(p.opts.ClassNames))
		for i, n := range p.opts.ClassNames {
			index[n] = i
		}
		for r, s := range p.labels {
			c, ok := index[s]
			if n, isInt := integerLabel(s); !ok && isInt { // "100.0" for the class named 100
				c, ok = index[strconv.Itoa(n)]
			}
			if !ok && p.ignored(s) {
				c, ok = p.opts.IgnoreIndex, true
			}
			if !ok {
				return nil, fmt.Errorf("%s:%d: %s: label %q is not one of the %d classes of the training data (%s)",
					p.name, p.lines[r], col, clip(s), len(p.opts.ClassNames), listNames(p.opts.ClassNames, "classes"))
			}
			d.Y[r] = c
		}
		d.Classes, d.ClassNames = len(p.opts.ClassNames), p.opts.ClassNames
	case p.opts.Classes > 0:
		for r, s := range p.labels {
			c, ok := classIndex(s)
			if !ok {
				return nil, fmt.Errorf("%s:%d: %s: label %q is not an integer class index (expected 0..%d)",
					p.name, p.lines[r], col, clip(s), p.opts.Classes-1)
			}
			if (c < 0 || c >= p.opts.Classes) && !(p.opts.Ignore && c == p.opts.IgnoreIndex) {
				return nil, fmt.Errorf("%s:%d: %s: label %s is out of range: expected 0..%d (%d classes)",
					p.name, p.lines[r], col, s, p.opts.Classes-1, p.opts.Classes)
			}
			d.Y[r] = c
		}
		d.Classes = p.opts.Classes
	default:
		sc := p.scanLabels(d.Y)
		if err := p.checkContinuous(sc); err != nil {
			return nil, err
		}
		if err := p.checkIdentifier(sc); err != nil {
			return nil, err
		}
		integers := sc.integers == len(p.labels)
		if integers && !slices.ContainsFunc(d.Y, func(c int) bool { return c < 0 }) {
			if p.indexLabels(d.Y) {
				d.Classes = slices.Max(d.Y) + 1
				return d, nil
			}
			if !slices.Contains(d.Y, 0) { // 1-based (1..K, as UCI's files): names
				integerNames(d)
				return d, nil
			}
			classes := slices.Max(d.Y) + 1
			if p.opts.Task != TaskClassification {
				if err := p.checkStrayLabel(d.Y, classes); err != nil {
					return nil, err
				}
			}
			// Integers far apart (100 and 200) are names.
			integerNames(d)
			return d, nil
		}
		if err := p.checkMixedLabels(sc); err != nil {
			return nil, err
		}
		if integers { // -1 and 1: names too
			integerNames(d)
			return d, nil
		}
		names := slices.Clone(p.labels)
		slices.Sort(names)
		names = slices.Compact(names)
		index := make(map[string]int, len(names))
		for i, n := range names {
			index[n] = i
		}
		for r, s := range p.labels {
			d.Y[r] = index[s]
		}
		d.Classes, d.ClassNames = len(names), names
	}
	return d, nil
}

// ParseDelimiter parses a delimiter as a user types it: "" or "," for
// comma, "tab" or `\t` (or a real tab) for tab, "space" for ' ', or any
// other single character such as ";" or "|". It returns an error for
// longer strings and for characters CSV cannot use ('"', '\r', '\n').
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", ",", "comma":
		return ',', nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case "space", " ":
		return ' ', nil
	}
	r := []rune(s)
	if len(r) != 1 || r[0] == '"' || r[0] == '\r' || r[0] == '\n' || r[0] == utf8.RuneError {
		return 0, fmt.Errorf("invalid CSV delimiter %q: expected one character such as \",\", \";\", \"|\" or \"tab\"", s)
	}
	return r[0], nil
}

// keepDistinct is how many distinct labels keep shares the text of.
const keepDistinct = 1 << 16

// keep returns label s, a cell of the record the CSV reader read, as a
// string that does not hold the rest of the record in memory: one string
// per distinct label, for the first keepDistinct of them, else a copy.
func (p *csvParser) keep(s string) string {
	if k, ok := p.kept[s]; ok {
		return k
	}
	k := strings.Clone(s)
	if p.kept == nil {
		p.kept = map[string]string{}
	}
	if len(p.kept) < keepDistinct {
		p.kept[k] = k
	}
	return k
}
