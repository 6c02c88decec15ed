package nn

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// Fit and Evaluate take labels equal to the IgnoreIndex of a
// CrossEntropyLoss with Ignore, PyTorch's ignore_index: such samples
// count for nothing, so the loss of a set with them is that of the set
// without them. Other labels out of range are still refused, as is -100
// when the loss ignores no label.
func TestFitAcceptsIgnoredLabels(t *testing.T) {
	d := blobs(t, 100, 8, 3, 1)
	y := slices.Clone(d.Y)
	var kept []int
	for i := range y {
		if i%4 == 3 {
			y[i] = -100
		} else {
			kept = append(kept, i)
		}
	}
	ign := &data.Dataset{X: d.X, Y: y, Features: d.Features, Classes: d.Classes}
	tr := distTrainer(t, 16, 0, false, nil)
	require.NoError(t, tr.Fit(context.Background(), ign, ign))

	sub, err := d.Subset(kept)
	require.NoError(t, err)
	w := &CrossEntropyLoss{Weight: []float32{1, 3, 7}, Ignore: true, IgnoreIndex: -100}
	for _, loss := range []Loss{NewCrossEntropyLoss(), w} {
		got, err := Evaluate(tr.Model, loss, ign, 16)
		require.NoError(t, err)
		want, err := Evaluate(tr.Model, loss, sub, 1000)
		require.NoError(t, err)
		require.InDelta(t, want.Loss, got.Loss, 1e-6)
	}

	bad := slices.Clone(y)
	bad[1] = -1
	tr = distTrainer(t, 16, 0, false, nil)
	err = tr.Fit(context.Background(), &data.Dataset{X: d.X, Y: bad, Features: d.Features, Classes: d.Classes}, nil)
	require.EqualError(t, err, "nn: the training data: sample 1 has label -1, out of range for a model with 3 classes (0..2)")
	tr = distTrainer(t, 16, 0, false, nil)
	tr.Loss = &CrossEntropyLoss{}
	err = tr.Fit(context.Background(), ign, nil)
	require.EqualError(t, err, "nn: the training data: sample 3 has label -100, out of range for a model with 3 classes (0..2)")
}
