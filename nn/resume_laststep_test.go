package nn

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A run stopped after its epoch's last step, before the epoch ended (in
// the validation pass), keeps the last step's per-layer gradient norms:
// the resumed Fit, which runs no step of that epoch, reports the layer
// statistics the uninterrupted run does, not gradients of 0.
func TestResumeAfterLastStepKeepsLayerStats(t *testing.T) {
	want, first := healthRunStoppedAt(t, 6) // the epoch's last step: the validation pass stops
	require.Equal(t, 6, first.EpochStep())

	resumed, train, val := overfitRun(t, 100, 1)
	resumed.TrackHealth = true
	got := recordEpochs(resumed)
	require.NoError(t, resumed.Model.LoadStateDict(weights(first.Model)))
	require.NoError(t, resumed.Import(first.Export()))
	// Interrupted again before any step, the run saves the norms it was
	// given, not those of its zeroed gradients.
	again := resumed.Export()
	for k, v := range first.Export().Scalars {
		if strings.HasPrefix(k, layerGradNormKey) {
			require.Equal(t, v, again.Scalars[k], k)
		}
	}
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Len(t, *got, 1)
	require.Equal(t, (*want)[0].Stats, (*got)[0].Stats)
	require.Equal(t, (*want)[0].MeanGradNorm, (*got)[0].MeanGradNorm)
	require.Equal(t, (*got)[0].Samples, (*got)[0].ResumedSamples, "no sample trained in the resumed Fit")

	for key, v := range map[string]float64{layerGradNormKey + "0": -1, layerGradNormKey + "9": 1} {
		bad := first.Export()
		bad.Scalars[key] = v
		other, _, _ := overfitRun(t, 100, 1)
		var se *StateError
		require.ErrorAs(t, other.Import(bad), &se, key)
		require.Equal(t, key, se.Key)
	}
}
