package data

import (
	"context"
	"fmt"
)

// Header says whether a CSV file's first row names the columns.
type Header int

const (
	// HeaderAuto detects a header: the first row is one when some column
	// holds text there and a number in the second row, or "label" there
	// (the name the default label column looks for) and another value in
	// the second row, or when it numbers three or more columns 0, 1, 2,
	// ... as pandas names unnamed ones (one of them may be text, a label
	// column's name), over a row that does not; in a file with a single
	// row, when every cell of it is text.
	HeaderAuto Header = iota
	// HeaderPresent forces the first row to be read as column names.
	HeaderPresent
	// HeaderAbsent forces the first row to be read as data.
	HeaderAbsent
)

// CSVOptions control ReadCSV. The zero value reads comma-separated files,
// detects a header, and takes the label from the column named "label" (if
// the header has one) or else from the last column.
type CSVOptions struct {
	// Comma is the field delimiter; 0 means ','. Use '\t' for TSV, ';' etc.
	// ' ' takes each space as a delimiter, as pandas' sep=' ' does: two
	// spaces in a row enclose an empty field.
	Comma rune
	// Whitespace separates fields by runs of spaces and tabs instead, and
	// ignores them at the start and end of a line, as pandas'
	// sep=r'\s+' does: the layout of many UCI files (housing.data). A
	// quoted field keeps its spaces. Comma must then be 0.
	Whitespace bool
	// Header says whether the first row holds column names (default: detect).
	Header Header
	// LabelColumn selects the label column: a header name (matched exactly,
	// else ignoring case), or an integer index counted from 0 (negative
	// counts from the end: -1 is the last column). Empty means the column
	// named "label" (ignoring case) if the header has one, else the last.
	// With TaskRegression it may list several target columns, separated
	// by commas ("y1,y2" or "-2,-1"), in the order of Dataset.Targets.
	LabelColumn string
	// Unlabelled reads every column as a feature and leaves Y nil (input
	// for prediction). LabelColumn, Classes and ClassNames are then ignored.
	Unlabelled bool
	// DropLabels reads the LabelColumn column (or, with TaskRegression,
	// the target columns) only to leave it out, without parsing its
	// cells, so that empty, NA or unknown labels are fine; Y and Targets
	// stay nil. It is for prediction input that keeps the training
	// file's layout with labels that are not known.
	DropLabels bool
	// Classes, when > 0, requires integer labels in [0, Classes): use the
	// training set's Classes when reading a test set with integer labels.
	Classes int
	// ClassNames, when not nil, maps text labels to the class index of their
	// position in it: use the training set's ClassNames for its test set.
	ClassNames []string
	// IgnoreIndex, with Ignore, is a label that Classes and ClassNames
	// let through as it is, outside the classes: the label a model's
	// loss ignores (nn.IgnoredLabel; PyTorch's ignore_index, -100 by
	// default), which marks samples to leave out of the loss and the
	// accuracy. A class name spelt as it (a class "-100") stays that
	// class. Without Classes or ClassNames it changes nothing.
	IgnoreIndex int
	Ignore      bool
	// Task says whether the label column holds class labels or regression
	// targets; the zero value, TaskAuto, reads class labels but refuses
	// numbers that look continuous (see Task).
	Task Task
	// SkipRows is the number of lines at the start of the file to ignore
	// before the header or the first data row (pandas' and numpy's
	// skiprows), such as the line of counts scikit-learn's bundled CSV
	// files begin with ("150,4,setosa,versicolor,virginica"). Line numbers
	// in errors stay those of the file.
	SkipRows int
	// Limit, when > 0, keeps only the first Limit data rows, as
	// Dataset.Slice(0, Limit) would keep them of the whole file, and
	// stops parsing their features there: a bad cell, a ragged row or a
	// malformed record after them is not seen. When the label mapping
	// needs every row's label (class labels that Classes or ClassNames do
	// not impose: see ReadCSV), the rows after the limit are still read
	// for their labels only, so that the classes are those of the whole
	// file; otherwise reading stops after the Limit-th row.
	Limit int
	// Progress, when not nil, is told how far the reading has got (the
	// bytes of text read of its size, the rows parsed), for a display of
	// long loads: every 1024 data rows, and, once the reader has begun
	// reading records, once more when the reading ends (Done), whether
	// it succeeded or not. It runs on the reading goroutine, between
	// rows: it should take well under a millisecond. OpenCSV ignores it.
	// brawn's own display is callbacks.LoadProgress.
	Progress func(ReadProgress)
	// Context, when not nil, stops the reading once it is done (a
	// signal, a deadline): the reader checks it every 1024 data rows, as
	// often as it tells Progress, and then returns an error wrapping
	// context.Cause(Context). A read that waits for input (a pipe) ends
	// when the input comes. OpenCSV ignores it.
	Context context.Context
}

// Task says how ReadCSV reads the label column: as class labels or as
// regression targets.
type Task int

const (
	// TaskAuto reads class labels, as TaskClassification, but refuses
	// labels that look like continuous values with a
	// *ContinuousLabelsError: labels that are numbers (all of them, or
	// more than half, the others being typos or infinities the error
	// names), when they are integers with more than MaxAutoClasses
	// distinct values that are not exactly 0..n-1 or 1..n, or when some are not
	// integers (unless most are and there are few distinct values: a typo
	// among class indices, which gets its own error). Text labels, and
	// integer labels with few distinct values, are classes, unless they
	// have more than MaxAutoClasses distinct values that are also more
	// than half the rows, a class for nearly every sample, which is
	// refused with an *IdentifierLabelsError: an identifier column taken
	// for the label.
	TaskAuto Task = iota
	// TaskClassification reads class labels whatever they look like:
	// every distinct label is a class (see ReadCSV), integers named by
	// their value (0, 1, 2 and 999 are four classes, where TaskAuto
	// refuses 999 as a likely typo; 0 and 2 are two classes, where TaskAuto
	// makes three class indices, 1 without samples), but for labels that
	// are exactly 0..n-1, which stay class indices. Integer labels with a few that are
	// not integers ("1.5" among 0..2) are still refused: as text, "1" and
	// "1.0" would be two classes.
	TaskClassification
	// TaskRegression reads the label column, or the columns of a
	// comma-separated CSVOptions.LabelColumn ("price" or "y1,y2" or
	// "-2,-1"), as float32 targets into Dataset.Targets; the other columns
	// are the features. Every target must be a finite number.
	TaskRegression
)

// MaxAutoClasses is the most distinct integer labels TaskAuto reads as
// classes without asking, unless the labels are exactly 0..n-1 or 1..n.
const MaxAutoClasses = 32

// check returns an error naming the first option that cannot be: an
// unknown Header or Task, Classes below 0 or other than ClassNames' count,
// a class name given twice, or SkipRows below 0.
func (o *CSVOptions) check(name string) error {
	switch {
	case o.Header < HeaderAuto || o.Header > HeaderAbsent:
		return fmt.Errorf("%s: CSVOptions.Header %d is none of HeaderAuto, HeaderPresent and HeaderAbsent", name, o.Header)
	case o.Task < TaskAuto || o.Task > TaskRegression:
		return fmt.Errorf("%s: CSVOptions.Task %d is none of TaskAuto, TaskClassification and TaskRegression", name, o.Task)
	case o.Whitespace && o.Comma != 0:
		return fmt.Errorf("%s: CSVOptions.Whitespace and Comma %q both set the delimiter; set one", name, o.Comma)
	case o.Classes < 0:
		return fmt.Errorf("%s: CSVOptions.Classes %d must be >= 0", name, o.Classes)
	case o.Classes > 0 && o.ClassNames != nil && o.Classes != len(o.ClassNames):
		return fmt.Errorf("%s: CSVOptions.Classes %d, but ClassNames has %d", name, o.Classes, len(o.ClassNames))
	}
	seen := make(map[string]int, len(o.ClassNames))
	for i, n := range o.ClassNames {
		if j, dup := seen[n]; dup {
			return fmt.Errorf("%s: CSVOptions.ClassNames has %q twice (classes %d and %d)", name, n, j, i)
		}
		seen[n] = i
	}
	return nil
}
