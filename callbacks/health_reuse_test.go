package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// One Health watching two runs compares each with its own first loss and
// initial weights: the second run, whose weights start 100 times larger,
// is not "diverged" against the first run's loss, and its baseline is its
// own. A baseline given with Baseline is kept.
func TestHealthFreshRunFreshYardsticks(t *testing.T) {
	h := &Health{}
	tr, ds := blobTrainer(t, 16, 1)
	tr.TrackHealth = true
	tr.Callbacks = []nn.Callback{h}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	first, firstRMS := h.FirstLoss, h.InitialRMS["0 (Linear 4->2)"]

	tr2, _ := blobTrainer(t, 16, 1)
	for _, p := range tr2.Model.Params() {
		for i := range p.Value.Data {
			p.Value.Data[i] = 100 * (p.Value.Data[i] + 0.5)
		}
	}
	tr2.TrackHealth = true
	tr2.Callbacks = []nn.Callback{h}
	require.NoError(t, tr2.Fit(context.Background(), ds, nil))
	assert.NotEqual(t, first, h.FirstLoss)
	assert.Greater(t, h.InitialRMS["0 (Linear 4->2)"], 10*firstRMS)

	h.Baseline([]LayerHealth{{Layer: "0 (Linear 4->2)", WeightNorm: 2, Elements: 4}})
	tr3, _ := blobTrainer(t, 16, 1)
	tr3.TrackHealth = true
	tr3.Callbacks = []nn.Callback{h}
	require.NoError(t, tr3.Fit(context.Background(), ds, nil))
	assert.Equal(t, 1.0, h.InitialRMS["0 (Linear 4->2)"], "the Baseline set before Fit")
}

// Without Trainer.TrackHealth the epochs carry no layer statistics: Fit
// refuses Health rather than let it watch nothing.
func TestHealthNeedsTrackHealth(t *testing.T) {
	tr, ds := blobTrainer(t, 16, 1)
	tr.Callbacks = []nn.Callback{&Health{}}
	require.EqualError(t, tr.Fit(context.Background(), ds, nil), "callbacks: Health needs Trainer.TrackHealth (the epochs' layer statistics)")
}
