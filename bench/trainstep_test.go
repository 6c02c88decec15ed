package bench

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

// TestStepCasesSetTheirThreads checks that each training step case sets
// GOMAXPROCS to its own thread count and its kernel level before its
// calls, as the cases of several thread counts share one row's rounds.
func TestStepCasesSetTheirThreads(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer restoreLevel()()
	var trainErr error
	for _, th := range []int{2, 1, 3} {
		for _, l := range kernels.Available() {
			c, flops, err := stepCaseFor(4, th, l, &trainErr)
			require.NoError(t, err)
			assert.InDelta(t, 4*1.007e6, flops, 4*0.001e6, "1.007 MFLOP a sample")
			c.Before()
			assert.Equal(t, th, runtime.GOMAXPROCS(0))
			assert.Equal(t, l, kernels.Active())
			c.Run()
			require.NoError(t, trainErr)
		}
	}
}

// TestRoundRatiosPairRounds checks the round-by-round ratios the step and
// epoch scaling notes give.
func TestRoundRatiosPairRounds(t *testing.T) {
	r := roundRatios([]float64{100, 300, 200}, []float64{50, 250, 80})
	assert.Equal(t, []float64{2, 1.2, 2.5}, r)
	assert.Equal(t, "2.00, 1.20, 2.50", fmtRatios(r))
	assert.Equal(t, 3, maxInts([]int{1, 3, 2}))
	assert.Equal(t, 1, maxInts(nil))
}
