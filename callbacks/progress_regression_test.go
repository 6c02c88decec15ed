package callbacks

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	tb "github.com/brawn-ml/brawn/tensorboard"
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

// The running accuracy of the progress lines counts over the labels the
// loss does not ignore: a model that predicts class 0 whatever the input,
// and does not learn (a rate of 0), is right on every sample of class 0
// and shows 100% when the others are ignored.
func TestProgressAccuracyLeavesOutIgnoredLabels(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 1)
	tr.Optimizer.Groups()[0].LR = 0
	for _, p := range tr.Model.Params() {
		clear(p.Value.Data)
	}
	tr.Model.Params()[1].Value.Data[0] = 1 // the bias of class 0
	for i, y := range ds.Y {
		if y == 1 {
			ds.Y[i] = -100
		}
	}
	var b strings.Builder
	tr.Callbacks = []nn.Callback{NewProgressLines(&b, 0)}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Greater(t, len(lines), 1, "step lines and the summary")
	for _, l := range lines {
		assert.Contains(t, l, "  acc 100.00%")
	}
}

// An epoch this process trained no sample of (resumed after its last
// step, to end it) shows no rate, rather than a 0 that reads as a stall,
// as the run's epoch lines show none; nor does one timed as 0 s.
func TestEpochLineWithoutStepsShowsNoRate(t *testing.T) {
	for _, e := range []*nn.EpochInfo{
		{Epoch: 2, TrainLoss: 0.5, TrainAccuracy: 0.9, LR: 0.1, Samples: 600, ResumedSamples: 600, Duration: 3 * time.Millisecond},
		{Epoch: 2, TrainLoss: 0.5, TrainAccuracy: 0.9, LR: 0.1, Samples: 600},
	} {
		line := EpochLine(e)
		assert.True(t, strings.HasSuffix(line, "  lr 0.1  0.0s"), line)
		assert.NotContains(t, line, "samples/s")
	}
}

// Nor does TensorBoard get a speed of 0 for such an epoch.
func TestTensorBoardLogsNoRateWithoutSteps(t *testing.T) {
	for _, rate := range []float64{0, 1500} {
		logged := false
		for _, s := range metricScalars(model.EpochMetrics{Epoch: 2, SamplesPerSec: rate}) {
			logged = logged || s.tag == tb.TagSamplesPerSec
		}
		assert.Equal(t, rate != 0, logged, "rate %v", rate)
	}
}
