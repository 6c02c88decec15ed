package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TrainBatch returns an error, and changes nothing, for a nil batch, an
// empty one and one whose samples are not the model's shape.
func TestTrainBatchRefusesBadBatches(t *testing.T) {
	tr, b := mlp(t, 2, 1, 3, 4, 2)
	w := append([]float32(nil), tr.Model.Params()[0].Value.Data...)
	for _, c := range []struct {
		b    *Batch
		want string
	}{
		{nil, "nn: TrainBatch: the batch is nil"},
		{&Batch{}, "nn: TrainBatch: input has shape [], the model takes samples of shape [3]"},
		{&Batch{X: *NewTensor(2, 4), Labels: []int{0, 1}}, "nn: TrainBatch: input has shape [2 4], the model takes samples of shape [3]"},
	} {
		_, _, err := tr.TrainBatch(c.b)
		require.EqualError(t, err, c.want)
	}
	require.Equal(t, w, tr.Model.Params()[0].Value.Data, "no step ran")
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
}

// A loss whose Reduction is neither Mean nor Sum is an error, in the
// row-piece step and in Forward.
func TestUnknownReductionRefused(t *testing.T) {
	tr, b := mlp(t, 2, 1, 3, 4, 2)
	tr.Loss = &CrossEntropyLoss{Reduction: 7}
	_, _, err := tr.TrainBatch(b)
	require.EqualError(t, err, "nn: loss Reduction 7 is neither Mean (0) nor Sum (1)")
	for _, l := range []Loss{&MSELoss{Reduction: 2}, &L1Loss{Reduction: 2}, &BCEWithLogitsLoss{Reduction: 2}} {
		_, err := l.Forward(NewTensor(2, 2), &Batch{Targets: *NewTensor(2, 2)})
		require.EqualError(t, err, "nn: loss Reduction 2 is neither Mean (0) nor Sum (1)")
	}
}

// Evaluate and Batch.Gather return errors for nil arguments.
func TestNilArgumentsAreErrors(t *testing.T) {
	tr, _ := mlp(t, 2, 1, 3, 4, 2)
	_, err := Evaluate(tr.Model, tr.Loss, nil, 4)
	require.EqualError(t, err, "nn: Evaluate needs a data set (got nil)")
	_, err = Evaluate(tr.Model, nil, nil, 4)
	require.EqualError(t, err, "nn: Evaluate needs a model and a loss")
	var b Batch
	require.EqualError(t, b.Gather(nil, []int{0}), "nn: Batch.Gather: the data set is nil")
	require.EqualError(t, tr.Fit(nil, blobs(t, 8, 3, 2, 1), nil), "nn: Trainer.Fit needs a context (got nil; context.Background() is one that never ends)")
}
