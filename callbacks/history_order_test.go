package callbacks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/tensorboard"
)

// A TensorBoard or JSONMetrics that reads a History listed after it (or
// not at all) would write each epoch with the previous epoch's metrics:
// Fit refuses it before training. Listed before, it logs epoch e's own.
func TestHistoryMustComeFirst(t *testing.T) {
	dir := t.TempDir()
	var tbHistory *History
	for _, c := range []struct {
		name string
		make func(h *History) nn.Callback
	}{
		{"TensorBoard", func(h *History) nn.Callback {
			tb, err := NewTensorBoard(filepath.Join(dir, "tb"), h)
			require.NoError(t, err)
			t.Cleanup(func() { tb.Close() })
			return tb
		}},
		{"JSONMetrics", func(h *History) nn.Callback { return &JSONMetrics{Path: filepath.Join(dir, "m.json"), History: h} }},
	} {
		h := &History{}
		cb := c.make(h)
		tr, ds := blobTrainer(t, 12, 2)
		tr.Callbacks = []nn.Callback{cb, h}
		require.EqualError(t, tr.Fit(context.Background(), ds, nil),
			"callbacks: the "+c.name+"'s History comes after it in Trainer.Callbacks; put the History before it, so that it reads each epoch's entry")
		assert.Zero(t, tr.GlobalStep())
		tr.Callbacks = []nn.Callback{cb}
		require.EqualError(t, tr.Fit(context.Background(), ds, nil),
			"callbacks: the "+c.name+"'s History is not in Trainer.Callbacks, so it records no epoch; add it before the "+c.name)
		tr.Callbacks = []nn.Callback{h, cb}
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		if c.name == "TensorBoard" {
			tbHistory = h
		}
	}
	run, err := tensorboard.ReadDir(filepath.Join(dir, "tb"))
	require.NoError(t, err)
	loss := run.Scalars[tensorboard.MetricTag(tensorboard.MetricLoss, tensorboard.SplitTrain)]
	require.Len(t, loss, 2)
	for i, e := range tbHistory.Epochs {
		assert.Equal(t, int64(e.Epoch), loss[i].Step)
		assert.InDelta(t, float64(e.TrainLoss), loss[i].Value, 1e-6*float64(e.TrainLoss), "epoch %d's own loss", e.Epoch)
	}
}
