package callbacks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Best is the first epoch strictly better than every earlier one, in the
// metric's direction, as Checkpoint's BestPath keeps it; a NaN never
// improves, and "" is val_loss, or loss without validation.
func TestHistoryBest(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	h := &History{Epochs: []model.EpochMetrics{
		{Epoch: 1, TrainLoss: 1.0, TrainAccuracy: 0.5, ValLoss: f(0.8), ValAccuracy: f(0.6)},
		{Epoch: 2, TrainLoss: 0.8, TrainAccuracy: 0.6, ValLoss: f(0.6), ValAccuracy: f(0.6)},
		{Epoch: 3, TrainLoss: 0.7, TrainAccuracy: 0.7, ValLoss: f(math.NaN()), ValAccuracy: f(0.7)},
		{Epoch: 4, TrainLoss: 0.9, TrainAccuracy: 0.65, ValLoss: f(0.7), ValAccuracy: f(0.7)},
	}}
	for _, c := range []struct {
		monitor string
		epoch   int
		value   float64
	}{{"val_loss", 2, 0.6}, {"", 2, 0.6}, {"val_acc", 3, 0.7}, {"val_accuracy", 3, 0.7}, {"loss", 3, 0.7}, {"accuracy", 3, 0.7}} {
		epoch, v, err := h.Best(c.monitor)
		require.NoError(t, err, c.monitor)
		assert.Equal(t, c.epoch, epoch, c.monitor)
		assert.Equal(t, c.value, v, c.monitor)
	}
	_, _, err := h.Best("val_f1")
	require.EqualError(t, err, `unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`)

	noVal := &History{Epochs: []model.EpochMetrics{{Epoch: 1, TrainLoss: 2}, {Epoch: 2, TrainLoss: 1}, {Epoch: 3, TrainLoss: 1.5}}}
	epoch, v, err := noVal.Best("")
	require.NoError(t, err)
	assert.Equal(t, 2, epoch, "the training loss without validation")
	assert.Equal(t, 1.0, v)
	epoch, _, err = noVal.Best("val_loss")
	require.NoError(t, err)
	assert.Zero(t, epoch, "no epoch has it")
	epoch, _, err = (&History{}).Best("")
	require.NoError(t, err)
	assert.Zero(t, epoch)
}

// BestBy refuses to name as the best epoch of one metric the epoch early
// stopping counts best by another.
func TestHistoryBestByOtherMetric(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	h := &History{Epochs: []model.EpochMetrics{
		{Epoch: 1, TrainLoss: 1.0, ValLoss: f(0.8), ValAccuracy: f(0.6)},
		{Epoch: 2, TrainLoss: 0.8, ValLoss: f(0.9), ValAccuracy: f(0.7)},
	}}
	es := &nn.EarlyStopping{Monitor: "val_accuracy", Patience: 3}
	_, _, err := h.BestBy("val_loss", es)
	require.EqualError(t, err, "the best epoch of val_loss asked of early stopping, which watches val_accuracy")
	_, _, err = h.BestBy("", &nn.EarlyStopping{Monitor: "val_loss"})
	require.NoError(t, err, `"" is val_loss with a validation set`)
	_, _, err = h.BestBy("val_acc", es)
	require.NoError(t, err, "Keras's name of the same metric")
}
