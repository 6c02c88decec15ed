package run

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// Each way a class ends up without a training sample gets its own
// warning and remedy: a class index no label uses, a class beyond the
// rows --train-limit keeps, a class the splits took.
func TestEmptyClassesWarning(t *testing.T) {
	train := &data.Dataset{Source: "t.csv", Classes: 4, Y: []int{0, 0, 2}}
	d := &DataConfig{Train: "t.csv", TestSplit: 0.2}
	ds := &datasets{Train: train, Kept: []int{3, 0, 2, 0}}
	require.Equal(t, "warning: t.csv: classes 1 and 3 of the class indices 0..3 have no label in the file: integer labels that include 0 are class indices, as PyTorch takes them, so the model has an output that no sample trains and that predictions may still pick; if the labels are names rather than indices, give --task classification to make only the labels that occur classes, as scikit-learn does, or relabel them 0..n-1",
		emptyClassesWarning(d, 0, ds, false))

	d.TrainLimit, ds.Limited = 5, true
	ds.Kept = []int{3, 0, 2, 1}
	require.Equal(t, "warning: t.csv: class 1 has no sample in the first 5 rows, which --train-limit 5 keeps, so the model never learns it; give a larger --train-limit (or, if the file has no such label either, see --task)\n"+
		"warning: t.csv: class 3 (1 row before the split) has no training sample left after --test-split 0.2 and --val-split 0.1, so the model never learns it; give more rows of it, or a smaller split",
		emptyClassesWarning(d, 0.1, ds, false))

	train.ClassNames = []string{"a", "b", "c", "d"}
	train.Y = []int{0, 1, 2, 3}
	require.Empty(t, emptyClassesWarning(d, 0.1, ds, false))
}
