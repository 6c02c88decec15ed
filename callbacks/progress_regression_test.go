package callbacks

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// The lines during an epoch of a regression show no accuracy (it has none,
// as the epoch's summary line shows none); a classifier's show it.
func TestProgressLinesOfARegressionHaveNoAccuracy(t *testing.T) {
	for _, regression := range []bool{false, true} {
		var b strings.Builder
		tr, ds := blobTrainer(t, 12, 1)
		if regression {
			reg := *ds
			reg.Targets, reg.Outputs, reg.Y, reg.Classes = make([]float32, 2*ds.Len()), 2, nil, 0
			ds = &reg
			tr.Loss = nn.NewMSELoss()
		}
		tr.Callbacks = []nn.Callback{NewProgressLines(&b, 0)} // a line after every step
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		require.Greater(t, len(lines), 1, "step lines and the summary")
		for _, l := range lines[:len(lines)-1] {
			assert.Equal(t, !regression, strings.Contains(l, " acc "), l)
		}
	}
}

// The rate of a resumed epoch counts the samples its Duration timed.
func TestEpochLineRateAfterResume(t *testing.T) {
	e := &nn.EpochInfo{Epoch: 1, TrainLoss: 0.5, TrainAccuracy: 0.9, LR: 0.1, Samples: 60000, ResumedSamples: 50000, Duration: 2 * time.Second}
	require.True(t, strings.HasSuffix(EpochLine(e), "  2.0s  5,000 samples/s"), EpochLine(e))
}
