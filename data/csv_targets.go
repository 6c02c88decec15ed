package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ContinuousLabelsError is TaskAuto's refusal of labels that look like
// continuous values: making a class of each would train a classifier
// where a regression was meant.
type ContinuousLabelsError struct {
	Source   string  // the file
	Column   string  // the label column, as CSV errors name it
	Distinct int     // distinct label values
	Rows     int     // data rows (labels) in the file
	Integers bool    // every label that is a number is an integer
	Min, Max float64 // of the labels that are numbers
	// Numbers is how many labels are finite numbers when some are not
	// (else 0).
	Numbers   int
	Stray     string // the first label that is not a finite number, when Numbers > 0
	StrayLine int    // the file line holding Stray
}

// Error implements error.
func (e *ContinuousLabelsError) Error() string {
	kind := "numbers"
	if e.Integers {
		kind = "integers"
	}
	rows := fmt.Sprintf("%d rows", e.Rows)
	if e.Stray != "" {
		rows = fmt.Sprintf("%d of the %d rows (line %d holds %q, not a finite number)", e.Numbers, e.Rows, e.StrayLine, e.Stray)
	}
	return fmt.Sprintf("%s: %s: the labels look like continuous values, not classes: %d distinct %s from %g to %g in %s; read them as regression targets, or as classes explicitly",
		e.Source, e.Column, e.Distinct, kind, e.Min, e.Max, rows)
}

// labelSpecs returns the label column specs of CSVOptions.LabelColumn: the
// comma-separated list of a regression's target columns (unless a header
// column has the whole name), else the single spec.
func (p *csvParser) labelSpecs() []string {
	lc := p.opts.LabelColumn
	if p.opts.Task != TaskRegression || !strings.Contains(lc, ",") {
		return []string{lc}
	}
	for _, h := range p.header {
		if strings.TrimSpace(h) == strings.TrimSpace(lc) {
			return []string{lc}
		}
	}
	return strings.Split(lc, ",")
}

// resolveTargets sets the regression target columns from
// CSVOptions.LabelColumn.
func (p *csvParser) resolveTargets() error {
	p.isTarget = make([]bool, p.ncols)
	p.targets = nil
	for _, spec := range p.labelSpecs() {
		if strings.Contains(p.opts.LabelColumn, ",") && strings.TrimSpace(spec) == "" {
			return fmt.Errorf("%s: the target column list %q has an empty entry", p.name, p.opts.LabelColumn)
		}
		i, err := p.resolveColumn(spec)
		if err != nil {
			return err
		}
		if p.isTarget[i] {
			return fmt.Errorf("%s: the target column list %q names %s twice", p.name, p.opts.LabelColumn, p.column(i))
		}
		p.isTarget[i] = true
		p.targets = append(p.targets, i)
	}
	return nil
}

// target parses the cell of target column col into the current row's
// targets (the row's number is the count of rows finished so far).
func (p *csvParser) target(cell string, line, col int) error {
	v, ok := parseNumber(cell)
	if !ok {
		s := strings.TrimSpace(cell)
		if isMissing(s) {
			return fmt.Errorf("%s:%d: %s: missing target (%q)", p.name, line, p.column(col), cell)
		}
		return fmt.Errorf("%s:%d: %s: target %q is not a finite float32 number", p.name, line, p.column(col), cell)
	}
	k := len(p.targets)
	base := len(p.rowLine) * k
	if len(p.y) < base+k {
		p.y = append(p.y, make([]float32, base+k-len(p.y))...)
	}
	p.y[base+slices.Index(p.targets, col)] = v
	return nil
}

// fillTargets sets d's regression targets and their names.
func (p *csvParser) fillTargets(d *Dataset) {
	d.Targets, d.Outputs = p.y, len(p.targets)
	if d.Targets == nil {
		d.Targets = []float32{}
	}
	for _, c := range p.targets {
		name := "column " + strconv.Itoa(c)
		if p.header != nil {
			name = strings.TrimSpace(p.header[c])
		}
		d.TargetNames = append(d.TargetNames, name)
	}
}

// checkContinuous applies TaskAuto's refusal (see TaskAuto). Labels that
// are numbers but for a few (a typo, "inf") are judged by their numbers,
// so that one stray cell does not make a class of every value.
func (p *csvParser) checkContinuous(sc *labelScan) error {
	if p.opts.Task != TaskAuto || len(p.labels) == 0 {
		return nil
	}
	numbers, distinct, lo, hi := sc.numbers, len(sc.values), sc.lo, sc.hi
	if 2*numbers <= len(p.labels) {
		return nil // text labels
	}
	integers := sc.wholes == numbers
	few := distinct <= MaxAutoClasses
	switch {
	case integers && (few || ((lo == 0 || lo == 1) && hi-lo == float64(distinct-1))):
		return nil // classes 0..n-1 or 1..n; checkMixedLabels names a stray text label
	case !integers && few && 2*sc.wholes > numbers:
		return nil // class indices with a typo: checkMixedLabels names it
	}
	e := &ContinuousLabelsError{Source: p.name, Column: p.column(p.label), Distinct: distinct, Rows: len(p.labels),
		Integers: integers, Min: lo, Max: hi}
	if sc.stray >= 0 {
		e.Numbers, e.Stray, e.StrayLine = numbers, p.labels[sc.stray], p.lines[sc.stray]
	}
	return e
}
