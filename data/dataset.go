package data

import (
	"fmt"
	"sync/atomic"
)

// Dataset is a dataset held in memory: features, one row of Features
// values per sample, and class labels (Y) or regression targets (Targets),
// or neither for data to predict on. It is the one dataset type of brawn:
// the readers return it, and nn's Trainer and Evaluate gather their
// batches from it (Gather).
//
// Features are stored either as float32 (X) or, for images that arrive as
// bytes (IDX files, MNIST), as the bytes themselves (U8), so that a 47 MB
// image set stays 47 MB in memory rather than 188 MB as float32; the bytes
// become float32 values only as rows are gathered. Exactly one of X and U8
// is set (both are nil for a dataset without features).
//
// A subset (Subset, SplitValidation, SplitStratified) is a view, as
// torch.utils.data.Subset: it shares X or U8 with the dataset it was taken
// from and holds only the indices of its rows in that storage (its labels,
// targets and positions are its own, small copies), so splitting a 47 MB
// image set costs no second copy of the images. X and U8 are then the
// shared storage, not the subset's rows in order: read a subset's features
// with Row, Gather, Rows or Matrix, which follow its indices (Contiguous
// reports whether X and U8 are the rows themselves). Scaling a dataset
// (Scaler.Apply) does not reach the views taken from it before: scale
// each of them too, or take them after.
type Dataset struct {
	// X holds float32 features, row-major: sample i is
	// X[i*Features : (i+1)*Features] (storage row Index(i) of a subset).
	// It is nil when U8 holds the features.
	X []float32
	// U8 holds byte features (image pixels), row-major and indexed as X:
	// the value of a byte b is float32(b)/255, in [0, 1], as torchvision's
	// ToTensor maps pixels. A Scaler applied to the dataset (Scaler.Apply) is applied to
	// that value when rows are gathered; the bytes never change.
	U8 []uint8
	// Y holds one class index per sample, each in [0, Classes); it is nil
	// for unlabelled data (CSVOptions.Unlabelled or DropLabels), whose
	// Classes is 0.
	Y []int
	// Features is the number of features per sample (the row length of X).
	Features int
	// Classes is the number of classes; every label is below it.
	Classes int
	// ClassNames, when not nil, gives the original label text of each class
	// index (CSV files with text labels, or integer labels read as names,
	// such as 1..K: see ReadCSV); len(ClassNames) == Classes. It is nil
	// when the labels were class indices already (IDX files, CSV labels
	// 0..max).
	ClassNames []string
	// Targets holds the float targets of a regression dataset
	// (CSVOptions.Task TaskRegression), row-major: sample i is
	// Targets[i*Outputs : (i+1)*Outputs]. It is nil for class labels, and
	// Y is then nil and Classes 0.
	Targets []float32
	// Outputs is the number of targets per sample (0 for class labels).
	Outputs int
	// TargetNames names each target column (the header's name, else
	// "column N" counted from 0); len(TargetNames) == Outputs.
	TargetNames []string
	// FeatureNames are the header's names of the feature columns, in
	// order; nil without a header (IDX files, headerless CSV files,
	// datasets built in code). Subsets share them.
	FeatureNames []string
	// Shape is the shape of one sample as its file's header gives it, nil
	// when the file gives none (CSV files, datasets built in code): an IDX
	// file's dimensions after the item count, [rows, cols] for images of
	// one channel (MNIST's [28, 28]). Features is the product of its
	// sizes. Subsets share it.
	Shape []int
	// Source names where the data came from (a file path), for messages.
	Source string

	// Where each sample and feature is in Source, for Position; nil when
	// unknown (IDX files, datasets built in code).
	lines   []int    // line of Source each sample's row starts on (CSV)
	columns []string // the CSV column of each feature, as messages name it

	// rows, for a subset (a view), holds the row of X or U8 that each
	// sample is; nil: sample i is row i.
	rows []int

	// scaler is the Scaler applied to the dataset (Scaler.Apply), which
	// refuses a second one; nil: none. It is applied to U8's values as rows
	// are gathered; float features were scaled in X instead. Views
	// copy it with the rest, so a view taken after scaling counts as scaled
	// and one taken before does not, as their features are.
	scaler *Scaler

	// owned, when not nil, marks X as storage a reader allocated for this
	// dataset, which Scaler.Apply may scale in place; views have none.
	owned *ownedX
}

// ownedX marks the float features a reader allocated for the dataset it
// returned (and any copy of that Dataset struct): taking a view of them
// (Slice, Subset, a split) marks them shared.
type ownedX struct {
	first  *float32    // X[0], so that an X the caller set is not taken for them
	n      int         // len(X)
	shared atomic.Bool // a view shares them: Apply must not write them
	scaled *Scaler     // the Scaler Apply scaled them with in place, nil before
}

// ownX marks d's float features as allocated by the reader that returns d.
func ownX(d *Dataset) *Dataset {
	if len(d.X) > 0 {
		d.owned = &ownedX{first: &d.X[0], n: len(d.X)}
	}
	return d
}

// ownedFeatures returns the mark of d's features when X is still the storage it
// marks, else nil.
func (d *Dataset) ownedFeatures() *ownedX {
	if o := d.owned; o != nil && len(d.X) == o.n && &d.X[0] == o.first {
		return o
	}
	return nil
}

// shareX marks d's features as shared by a view taken of them.
func (d *Dataset) shareX() {
	if d.owned != nil {
		d.owned.shared.Store(true)
	}
}

// SamplePosition describes where sample i (counted from 0) came from, for
// messages: "file.csv:12" (the line its row starts on) for a CSV file,
// "file: sample 12" otherwise.
func (d *Dataset) SamplePosition(i int) string {
	if i >= 0 && i < len(d.lines) {
		return fmt.Sprintf("%s:%d", d.Source, d.lines[i])
	}
	return fmt.Sprintf("%s: sample %d", d.Source, i)
}

// Position describes where feature j of sample i (both counted from 0)
// came from, for messages: `file.csv:12: column "width" (index 2)` for a
// CSV file, naming the column as the CSV reader's errors do (by header
// name when there is one, and by index counting the label column),
// "file: sample 12, feature 3" otherwise.
func (d *Dataset) Position(i, j int) string {
	if i >= 0 && i < len(d.lines) && j >= 0 && j < len(d.columns) {
		return fmt.Sprintf("%s:%d: %s", d.Source, d.lines[i], d.columns[j])
	}
	return fmt.Sprintf("%s: sample %d, feature %d", d.Source, i, j)
}

// Len returns the number of samples (rows of X or U8, or of a subset's
// indices into them).
func (d *Dataset) Len() int {
	switch {
	case d.rows != nil:
		return len(d.rows)
	case d.Features == 0 && d.Outputs > 0:
		return len(d.Targets) / d.Outputs
	case d.Features == 0:
		return len(d.Y)
	case d.U8 != nil:
		return len(d.U8) / d.Features
	}
	return len(d.X) / d.Features
}

// Labelled reports whether the dataset has labels or targets (Y or Targets
// is not nil). Only CSV files read with CSVOptions.Unlabelled or
// DropLabels have none.
func (d *Dataset) Labelled() bool { return d.Y != nil || d.Targets != nil }

// Target returns the targets of sample i, a sub-slice of Targets.
func (d *Dataset) Target(i int) []float32 { return d.Targets[i*d.Outputs : (i+1)*d.Outputs] }

// Row returns the float32 features of sample i, a sub-slice of X (not a
// copy). It panics for byte features (U8), saying so; Gather reads either
// kind, as float32.
func (d *Dataset) Row(i int) []float32 {
	if d.X == nil && d.U8 != nil {
		panic(fmt.Sprintf("data: Dataset.Row(%d) of %s: its features are bytes (U8, such as MNIST's pixels), not float32 rows; read samples with Gather, which converts them", i, d.Source))
	}
	r := d.Index(i)
	return d.X[r*d.Features : (r+1)*d.Features]
}

// Index returns the row of X or U8 that holds sample i's features: i
// itself, or for a subset the index it selected.
func (d *Dataset) Index(i int) int {
	if d.rows != nil {
		return d.rows[i]
	}
	return i
}

// Contiguous reports whether sample i's features are row i of X or U8 for
// every i, as a reader returns them, rather than rows a subset selects.
func (d *Dataset) Contiguous() bool { return d.rows == nil }

// Slice returns samples [lo, hi) as a new Dataset sharing its features,
// labels and targets with d.
// It returns an error when the range is not within [0, Len()].
func (d *Dataset) Slice(lo, hi int) (*Dataset, error) {
	if lo < 0 || hi < lo || hi > d.Len() {
		return nil, fmt.Errorf("%s: sample range [%d, %d) is outside [0, %d)", d.Source, lo, hi, d.Len())
	}
	s := *d
	s.owned = nil
	d.shareX()
	if d.rows != nil {
		s.rows = d.rows[lo:hi]
	} else if d.U8 != nil {
		s.U8 = d.U8[lo*d.Features : hi*d.Features]
	} else {
		s.X = d.X[lo*d.Features : hi*d.Features]
	}
	if d.Y != nil {
		s.Y = d.Y[lo:hi]
	}
	if d.Targets != nil {
		s.Targets = d.Targets[lo*d.Outputs : hi*d.Outputs]
	}
	if d.lines != nil {
		s.lines = d.lines[lo:hi]
	}
	return &s, nil
}

// Subset returns the samples at the given indices, in that order, as a
// view (torch.utils.data.Subset): the new Dataset shares d's features (X
// or U8) and records which rows it takes; its labels, targets and
// positions are copied (a few bytes a sample). Indices must be in
// [0, Len()); it returns an error naming the first one that is not.
func (d *Dataset) Subset(indices []int) (*Dataset, error) {
	s := *d
	s.owned = nil
	n := d.Len()
	s.rows = make([]int, len(indices))
	if d.Y != nil {
		s.Y = make([]int, len(indices))
	}
	if d.Targets != nil {
		s.Targets = make([]float32, 0, len(indices)*d.Outputs)
	}
	if d.lines != nil {
		s.lines = make([]int, len(indices))
	}
	for k, i := range indices {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("%s: sample index %d is outside [0, %d)", d.Source, i, n)
		}
		s.rows[k] = d.Index(i)
		if d.Y != nil {
			s.Y[k] = d.Y[i]
		}
		if d.Targets != nil {
			s.Targets = append(s.Targets, d.Target(i)...)
		}
		if d.lines != nil {
			s.lines[k] = d.lines[i]
		}
	}
	d.shareX()
	return &s, nil
}

// CheckFeatures returns an error when the dataset's rows do not have the
// number of features a model expects as input, naming the source and both
// counts (and, one short, that a file without labels lost its last column
// to them); nil when they match.
func (d *Dataset) CheckFeatures(modelInputs int) error {
	if d.Features != modelInputs {
		hint := ""
		if d.Features == modelInputs-1 && (d.Y != nil || d.Targets != nil) {
			hint = " (one short: if the file has no label column, its last column was read as the labels; rows without labels are for prediction, not evaluation)"
		}
		return fmt.Errorf("%s: %d features per sample, but the model expects %d inputs; the data must have the layout the model was trained on%s",
			d.Source, d.Features, modelInputs, hint)
	}
	return nil
}

// CheckClasses returns an error when a label is not below the number of
// classes a model predicts, naming the source (when set), the sample and
// the label.
func (d *Dataset) CheckClasses(modelClasses int) error {
	return d.checkClasses(modelClasses, func(int) bool { return false })
}

// CheckClassesIgnoring is CheckClasses, which also accepts the label
// ignoreIndex, a loss's ignore_index (nn.CrossEntropyLoss.IgnoreIndex)
// that marks samples to skip.
func (d *Dataset) CheckClassesIgnoring(modelClasses, ignoreIndex int) error {
	return d.checkClasses(modelClasses, func(y int) bool { return y == ignoreIndex })
}

func (d *Dataset) checkClasses(modelClasses int, ignored func(int) bool) error {
	for i, y := range d.Y {
		if (y < 0 || y >= modelClasses) && !ignored(y) {
			where := ""
			if d.Source != "" {
				where = d.Source + ": "
			}
			return fmt.Errorf("%ssample %d has label %d, out of range for a model with %d classes (0..%d)",
				where, i, y, modelClasses, modelClasses-1)
		}
	}
	return nil
}
