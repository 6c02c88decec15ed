package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// A History whose Test the model would have to evaluate one sample alone
// (a BatchNorm1d without running statistics) stops Fit before the first
// step, not at the first epoch's end.
func TestHistoryTestBatchOfOne(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 1)
	m, err := nn.NewSequential(4, nn.NewLinear(4, 4), nn.NewBatchNorm1dWith(4, true, false), nn.NewLinear(4, 2))
	require.NoError(t, err)
	tr.Model = m
	tr.Optimizer, err = nn.NewSGD(nn.Groups(m.Params(), 0.1, 0, false), nn.SGDConfig{})
	require.NoError(t, err)
	one, err := data.NewClassification(ds.X[:4], 4, ds.Y[:1], 2)
	require.NoError(t, err)
	tr.Callbacks = []nn.Callback{&History{Test: one}}
	err = tr.Fit(context.Background(), ds, nil)
	require.ErrorContains(t, err, "History.Test: nn: layer 1 (BatchNorm1d): expected more than 1 value per channel when training")
	require.ErrorContains(t, err, "(1 sample to evaluate: evaluate 2 or more at once)")
	assert.Equal(t, 0, tr.GlobalStep())

	tr.EvalBatchSize = 4 // 5 samples: two batches, of 3 and 2
	five, err := data.NewClassification(ds.X[:20], 4, ds.Y[:5], 2)
	require.NoError(t, err)
	h := &History{Test: five}
	tr.Callbacks = []nn.Callback{h}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Len(t, h.Epochs, 1)
}
