package data

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// parseIntegers fills y with the labels' values while they are integers,
// and reports whether all of them were.
func (p *csvParser) parseIntegers(y []int) bool {
	for r, s := range p.labels {
		c, ok := integerLabel(s)
		if !ok {
			return false
		}
		y[r] = c
	}
	return true
}

// integerNames makes d's integer labels, in d.Y, class names as
// scikit-learn takes them: each distinct value a class, in the order of
// the values (-10 before -2), spelt one way ("100.0" is 100).
func integerNames(d *Dataset) {
	values := slices.Clone(d.Y)
	slices.Sort(values)
	values = slices.Compact(values)
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = strconv.Itoa(v)
	}
	for r, c := range d.Y {
		d.Y[r], _ = slices.BinarySearch(values, c)
	}
	d.Classes, d.ClassNames = len(names), names
}

// indexLabels reports whether the non-negative integer labels y are class
// indices 0..max: they include 0 and use at least half of 0..max (at most
// maxClass), and, with TaskClassification, all of it. Labels without 0
// (1..K, as UCI's files number classes) are names, as scikit-learn's
// LabelEncoder takes every label: a class index 0 that no label uses would
// be a class never trained.
func (p *csvParser) indexLabels(y []int) bool {
	if !slices.Contains(y, 0) {
		return false
	}
	classes := slices.Max(y) + 1
	distinct, sparse := sparseClasses(y, classes, 0)
	if sparse || classes > maxClass {
		return false
	}
	return p.opts.Task != TaskClassification || distinct == classes
}

// maxIntegerLabel is 2^53, below which float64 holds every integer, or
// where an int has 32 bits 2^30, so that the largest label plus one is an
// int too; a label beyond it is a name.
const maxIntegerLabel = min(1<<53, math.MaxInt/2+1)

// maxClass bounds integer labels, so that Classes stays a sane size.
const maxClass = 1 << 24

// classIndex parses an integer label such as "3", "-1" or "3.0" that may
// be a class index: at most maxClass in magnitude.
func classIndex(s string) (int, bool) {
	c, ok := integerLabel(s)
	if !ok || c > maxClass || c < -maxClass {
		return 0, false
	}
	return c, true
}

// integerLabel parses an integer label such as "3", "-1", "3.0" or
// "100000000", up to maxIntegerLabel in magnitude: a class by its value
// (integerNames), not an index.
func integerLabel(s string) (int, bool) {
	if goSyntax(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > maxIntegerLabel {
		return 0, false
	}
	return int(f), true
}

// checkMixedLabels refuses labels that are integer class indices but for a
// few that are not ("1.5", "x"): read as text they would silently turn
// every label into a text class. Labels that are mostly not integers pass.
func (p *csvParser) checkMixedLabels() error {
	integers, first, negatives, firstNegative := 0, -1, 0, -1
	for r, s := range p.labels {
		c, ok := integerLabel(s)
		switch {
		case !ok && first < 0:
			first = r
		case ok:
			integers++
			if c < 0 {
				negatives++
				if firstNegative < 0 {
					firstNegative = r
				}
			}
		}
	}
	// A stray negative among class indices (under 1% of the labels) is a
	// typo, unless classification is asked for; labels like -1/+1
	// throughout are names.
	if first < 0 && negatives > 0 && 100*negatives < len(p.labels) && p.opts.Task != TaskClassification {
		return labelTypo(fmt.Errorf("%s:%d: %s: label %s is negative, but %d of the %d labels are class indices >= 0",
			p.name, p.lines[firstNegative], p.column(p.label), p.labels[firstNegative], integers-negatives, len(p.labels)))
	}
	// Labels mostly not integers (numbers such as 21.1 of which some are
	// whole, or text) are names.
	if 2*integers <= len(p.labels) || first < 0 {
		return nil
	}
	return fmt.Errorf("%s:%d: %s: label %q is not an integer class index, but %d of the %d labels are; fix it, or make every label a name",
		p.name, p.lines[first], p.column(p.label), clip(p.labels[first]), integers, len(p.labels))
}

// labelTypo advises on err, an integer label that looks like a typo among
// class indices: fix it, or ask for classification, which takes every
// distinct integer as a class named by its value.
func labelTypo(err error) error {
	return &OptionHint{Err: err, Lead: "; fix it, or set ", Option: "Task", Value: "TaskClassification",
		Tail: " to make each distinct label a class, as scikit-learn does"}
}

// sparseClassesLimit is the class count above which an IDX file's labels
// must use at least half of the indices 0..max: a label like 100000
// among labels 0..9 is a typo, not 100001 classes.
const sparseClassesLimit = 1000

// checkStrayLabel refuses integer labels that are class indices 0..m but
// for the largest, which occurs once or in under 1% of the rows and makes
// more than twice the classes: a typo such as 100000 among labels 0..9,
// not a class of its own.
func (p *csvParser) checkStrayLabel(y []int, classes int) error {
	top, n := classes-1, 0
	rest := make([]int, 0, len(y))
	for _, c := range y {
		if c == top {
			n++
		} else {
			rest = append(rest, c)
		}
	}
	if len(rest) == 0 || n > 1 && 100*n >= len(y) {
		return nil
	}
	if _, sparse := sparseClasses(rest, slices.Max(rest)+1, 0); sparse {
		return nil
	}
	r := slices.Index(y, top)
	return labelTypo(fmt.Errorf("%s:%d: %s: label %s makes %d classes (0..%d), but the other labels are class indices 0..%d",
		p.name, p.lines[r], p.column(p.label), p.labels[r], classes, top, slices.Max(rest)))
}

// sparseClasses reports whether the labels y, in [0, classes), leave more
// than half of the classes unused, when there are more than limit of them,
// and how many distinct labels occur.
func sparseClasses(y []int, classes, limit int) (distinct int, sparse bool) {
	if classes <= limit {
		return 0, false
	}
	seen := map[int]bool{}
	for _, c := range y {
		seen[c] = true
	}
	return len(seen), 2*len(seen) < classes
}

// IdentifierLabelsError is TaskAuto's refusal of a label column whose
// distinct values are more than MaxAutoClasses and more than half the
// rows: an identifier (a customer id, a row number) picked as the label
// by mistake, which would make a classifier with nearly a class per
// sample, most of them seen once. scikit-learn would fit it; a stratified
// split (train_test_split(stratify=y)) refuses it, as a class of one
// sample cannot be in both parts.
type IdentifierLabelsError struct {
	Source   string   // the file
	Column   string   // the label column, as CSV errors name it
	Distinct int      // distinct labels
	Rows     int      // data rows (labels) in the file
	Examples []string // the first few labels, as the file spells them
	Numbers  bool     // every label is a finite number
}

// Error implements error.
func (e *IdentifierLabelsError) Error() string {
	return fmt.Sprintf("%s: %s: %d distinct labels in %d rows (%s, ...): a class for nearly every row, as an identifier column would give, not classes; choose the column of the classes as the label, or read these as classes explicitly",
		e.Source, e.Column, e.Distinct, e.Rows, listNames(e.Examples, "labels"))
}

// checkIdentifier applies TaskAuto's refusal of identifier-like labels
// (see IdentifierLabelsError). Integer labels are counted by value ("1"
// and "1.0" are one).
func (p *csvParser) checkIdentifier() error {
	n := len(p.labels)
	if p.opts.Task != TaskAuto || n <= 2*MaxAutoClasses {
		return nil
	}
	seen := make(map[string]struct{}, min(n, 1024))
	numbers := true
	for _, s := range p.labels {
		if c, ok := integerLabel(s); ok {
			s = strconv.Itoa(c)
		} else if f, err := strconv.ParseFloat(s, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numbers = false
		}
		seen[s] = struct{}{}
	}
	if len(seen) <= MaxAutoClasses || 2*len(seen) <= n {
		return nil
	}
	return &IdentifierLabelsError{Source: p.name, Column: p.column(p.label), Distinct: len(seen), Rows: n,
		Examples: slices.Clone(p.labels[:3]), Numbers: numbers}
}
