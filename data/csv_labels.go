package data

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// labelScan is what one pass over the labels finds (scanLabels), each
// label parsed once, for the checks of TaskAuto (checkContinuous,
// checkIdentifier), the integer labels and checkMixedLabels.
type labelScan struct {
	numbers, wholes int     // labels that are finite numbers, and those of them that are whole
	lo, hi          float64 // the least and the greatest of those numbers
	stray           int     // the first label that is not a finite number, -1 when none
	// values holds the distinct finite numbers, true for those an integer
	// label (integerLabel) has; nil but for TaskAuto.
	values map[float64]bool
	// texts holds the distinct labels that are not integer labels, for
	// checkIdentifier; nil when it does not count them.
	texts                    map[string]struct{}
	integers, firstOther     int // integer labels, and the first label that is not one (-1: none)
	negatives, firstNegative int // negative integer labels, and the first (-1: none)
}

// scanLabels parses each label once, writing the value of each integer
// label into y, and returns what the checks need to know of them.
func (p *csvParser) scanLabels(y []int) *labelScan {
	sc := &labelScan{lo: math.Inf(1), hi: math.Inf(-1), stray: -1, firstOther: -1, firstNegative: -1}
	if p.opts.Task == TaskAuto {
		sc.values = map[float64]bool{}
		if len(p.labels) > 2*MaxAutoClasses {
			sc.texts = map[string]struct{}{}
		}
	}
	for r, s := range p.labels {
		v, finite := labelNumber(s)
		c, isInt := 0, false
		if finite {
			sc.numbers++
			if v == math.Trunc(v) {
				sc.wholes++
			}
			sc.lo, sc.hi = min(sc.lo, v), max(sc.hi, v)
			c, isInt = wholeLabel(s, v)
			if sc.values != nil {
				if isInt {
					sc.values[v] = true
				} else if _, seen := sc.values[v]; !seen {
					sc.values[v] = false
				}
			}
		} else if sc.stray < 0 {
			sc.stray = r
		}
		if !isInt {
			if sc.firstOther < 0 {
				sc.firstOther = r
			}
			if sc.texts != nil {
				sc.texts[s] = struct{}{}
			}
			continue
		}
		y[r] = c
		sc.integers++
		if c < 0 {
			sc.negatives++
			if sc.firstNegative < 0 {
				sc.firstNegative = r
			}
		}
	}
	return sc
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

// ignored reports whether the label s is the integer CSVOptions.IgnoreIndex
// (with Ignore): "-100" or "-100.0".
func (p *csvParser) ignored(s string) bool {
	c, ok := integerLabel(s)
	return ok && p.opts.Ignore && c == p.opts.IgnoreIndex
}

// integerLabel parses an integer label such as "3", "-1", "3.0" or
// "100000000", up to maxIntegerLabel in magnitude: a class by its value
// (integerNames), not an index.
func integerLabel(s string) (int, bool) {
	v, finite := labelNumber(s)
	if !finite {
		return 0, false
	}
	return wholeLabel(s, v)
}

// wholeLabel is integerLabel of the label s whose finite value v
// (labelNumber) is known.
func wholeLabel(s string, v float64) (int, bool) {
	if v != math.Trunc(v) || math.Abs(v) > maxIntegerLabel || goSyntax(s) {
		return 0, false
	}
	return int(v), true
}

// labelNumber parses a label as strconv.ParseFloat does, and reports
// whether it is a finite number. It does not call ParseFloat for text
// that cannot start a number (after a sign, anything but a digit, '.',
// or the i and n of "inf" and "nan"), such as "setosa", whose error would
// cost two allocations a label.
func labelNumber(s string) (float64, bool) {
	t := s
	if t != "" && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	if t == "" || !(t[0] >= '0' && t[0] <= '9' || t[0] == '.' || t[0]|0x20 == 'i' || t[0]|0x20 == 'n') {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// checkMixedLabels refuses labels that are integer class indices but for a
// few that are not ("1.5", "x"): read as text they would silently turn
// every label into a text class. Labels that are mostly not integers pass.
func (p *csvParser) checkMixedLabels(sc *labelScan) error {
	integers, first, negatives, firstNegative := sc.integers, sc.firstOther, sc.negatives, sc.firstNegative
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
func (p *csvParser) checkIdentifier(sc *labelScan) error {
	n := len(p.labels)
	if p.opts.Task != TaskAuto || n <= 2*MaxAutoClasses {
		return nil
	}
	// The integer labels' values and the other labels' texts: no text of
	// another label is an integer's ("5" is the integer 5).
	distinct := len(sc.texts)
	for _, integer := range sc.values {
		distinct += btoi(integer)
	}
	if distinct <= MaxAutoClasses || 2*distinct <= n {
		return nil
	}
	return &IdentifierLabelsError{Source: p.name, Column: p.column(p.label), Distinct: distinct, Rows: n,
		Examples: slices.Clone(p.labels[:3]), Numbers: sc.stray < 0}
}
