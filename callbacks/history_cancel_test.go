package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// countingLoss counts the batches its Loss scores once armed (then > 0)
// and, at the then-th, calls cancel.
type countingLoss struct {
	nn.Loss
	then   int
	cancel func()
	calls  int
}

func (c *countingLoss) Forward(out *nn.Tensor, b *nn.Batch) (float64, error) {
	if c.then > 0 {
		c.calls++
		if c.calls == c.then {
			c.cancel()
		}
	}
	return c.Loss.Forward(out, b)
}

// A cancel during History's test-set pass stops Fit before the pass ends,
// as one during the validation pass does: the epoch's steps done, the
// epoch not ended and not recorded; resumed, Fit evaluates the epoch
// again and ends it, and the run's history and weights are an
// uninterrupted run's.
func TestHistoryTestPassStopsOnCancel(t *testing.T) {
	whole, ds := blobTrainer(t, 24, 2)
	start := weightsOf(whole.Model)
	wholeHist := &History{Test: ds}
	whole.Callbacks = []nn.Callback{wholeHist}
	require.NoError(t, whole.Fit(context.Background(), ds, nil))

	first, _ := blobTrainer(t, 24, 2)
	require.NoError(t, first.Model.LoadStateDict(start))
	first.EvalBatchSize = 4 // 6 batches of the test set
	counting := &countingLoss{Loss: first.Loss}
	first.Loss = counting
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &History{Test: ds}
	first.Callbacks = []nn.Callback{h, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Epoch == 1 && s.Step == s.Steps { // the first epoch's last step
			counting.then, counting.cancel = 2, cancel
		}
		return nil
	}}}
	require.ErrorIs(t, first.Fit(ctx, ds, nil), context.Canceled)
	assert.Equal(t, 2, counting.calls, "the pass stopped at its third batch")
	assert.Equal(t, 0, first.Epoch(), "the epoch did not end")
	assert.Empty(t, h.Epochs)
	assert.True(t, first.Model.Training(), "the mode is restored")

	second, _ := blobTrainer(t, 24, 2)
	require.NoError(t, second.Model.LoadStateDict(weightsOf(first.Model)))
	require.NoError(t, second.Import(first.Export()))
	second.Callbacks = []nn.Callback{h}
	require.NoError(t, second.Fit(context.Background(), ds, nil))
	assert.Equal(t, weightsOf(whole.Model), weightsOf(second.Model))
	require.Len(t, h.Epochs, 2)
	for i, m := range h.Epochs {
		want := wholeHist.Epochs[i]
		assert.Equal(t, [4]float64{float64(want.Epoch), want.TrainLoss, want.TestLoss, want.TestAccuracy},
			[4]float64{float64(m.Epoch), m.TrainLoss, m.TestLoss, m.TestAccuracy}, "epoch %d", i+1)
	}
}
