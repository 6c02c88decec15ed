package run

import (
	"fmt"

	"github.com/brawn-ml/brawn/data"
)

// indexColumnWarning returns the warning for a training file whose first
// column has no name ("" or pandas' "Unnamed: 0") and holds 0, 1, 2, ...
// row by row: the index pandas' DataFrame.to_csv writes unless
// index=False. It is read as a feature like any other, and a row number
// says nothing that a new sample's would share. "" for any other file,
// and for one whose rows are not in file order (train, as the reader
// returns it, before the splits).
func indexColumnWarning(train *data.Dataset) string {
	if train == nil || train.X == nil || len(train.FeatureNames) == 0 || train.Len() < 3 || !train.Contiguous() {
		return ""
	}
	if name := train.FeatureNames[0]; name != "" && name != "Unnamed: 0" {
		return ""
	}
	for i := range train.Len() {
		if train.Row(i)[0] != float32(i) {
			return ""
		}
	}
	return fmt.Sprintf("warning: %s: the first column has no name and holds the row numbers 0, 1, 2, ..., %d: the index pandas' DataFrame.to_csv writes unless index=False. It is read as a feature, and a row number says nothing about a sample; write the file with to_csv(..., index=False), or cut the column (cut -d, -f2-)",
		train.Source, train.Len()-1)
}

// warnIndexColumn prints the training file's indexColumnWarning, once,
// before training.
func (r *trainRun) warnIndexColumn() {
	if w := r.ds.IndexWarning; w != "" && !r.cfg.Quiet {
		fmt.Fprintln(r.errw, w)
	}
}
