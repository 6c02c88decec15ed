package callbacks

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// History records one entry per epoch with the test set's metrics of the
// epoch's weights, which the callbacks after it read through Last.
func TestHistoryRecordsEpochs(t *testing.T) {
	tr, ds := blobTrainer(t, 10, 2)
	h := &History{Test: ds}
	var tests []nn.Metrics
	var last []model.EpochMetrics
	after := &Lambda{EpochEnd: func(t *nn.Trainer, e *nn.EpochInfo) error {
		m, err := nn.Evaluate(t.Model, t.Loss, ds, t.BatchSize) // History's batch size
		tests = append(tests, m)
		last = append(last, *h.Last())
		return err
	}}
	tr.Callbacks = []nn.Callback{h, after}
	assert.Nil(t, h.Last())
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.Len(t, h.Epochs, 2)
	assert.Equal(t, h.Epochs, last)
	for i, m := range h.Epochs {
		assert.Equal(t, i+1, m.Epoch)
		assert.Equal(t, tests[i].Loss, m.TestLoss)
		assert.Equal(t, tests[i].Accuracy, m.TestAccuracy)
		require.NotNil(t, m.ValLoss)
		assert.Equal(t, tests[i].Loss, *m.ValLoss, "the validation set is the test set")
		assert.Equal(t, 0.1, m.LR)
	}
}

// Without a test set the test metrics are NaN; Extra adds to each entry,
// and its error stops Fit before the entry is recorded.
func TestHistoryExtra(t *testing.T) {
	tr, ds := blobTrainer(t, 10, 3)
	boom := errors.New("boom")
	h := &History{Extra: func(_ *nn.Trainer, e *nn.EpochInfo, m *model.EpochMetrics) error {
		if e.Epoch == 2 {
			return boom
		}
		m.Layers = []model.LayerMetrics{{Layer: "x"}}
		return nil
	}}
	tr.Callbacks = []nn.Callback{h}
	require.ErrorIs(t, tr.Fit(context.Background(), ds, nil), boom)
	require.Len(t, h.Epochs, 1, "epoch 1")
	m := h.Last()
	assert.Equal(t, 1, m.Epoch)
	assert.True(t, math.IsNaN(m.TestLoss) && math.IsNaN(m.TestAccuracy))
	assert.Nil(t, m.ValLoss)
	assert.Equal(t, []model.LayerMetrics{{Layer: "x"}}, m.Layers)
}
