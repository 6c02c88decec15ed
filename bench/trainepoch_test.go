package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEpochScalingPairsRounds checks that the epoch rows' scaling divides
// the one-thread epoch's time by the other row's in the same round, and
// takes the median of those ratios, not the ratio of the medians; and
// that the probes timed beside them are compared in GFLOP/s, round by
// round, whatever their kind.
func TestEpochScalingPairsRounds(t *testing.T) {
	one := &epochRow{threads: 1, probe: true, times: [][]float64{{100, 300, 200}, {100, 100, 100}}}
	two := &epochRow{threads: 2, probe: true, times: [][]float64{{50, 250, 80}, {100, 200, 100}, {5, 5, 5}}}
	probes := map[int]fmaProbe{1: {flopsPerIter: 10}, 2: {flopsPerIter: 20}}
	note, scales := epochScaling([]*epochRow{one, two}, probes)
	// Rounds: 100/50 = 2, 300/250 = 1.2, 200/80 = 2.5; the medians' ratio
	// would be 200/80 = 2.5. The probe on two goroutines does twice the
	// iterations of twice the FLOPs: 4, 2 and 4 times one's GFLOP/s.
	assert.Equal(t, map[int]epochScale{2: {vsOne: 2, probeVsOne: 4}}, scales)
	assert.Contains(t, note, "2 threads 2.00x one (rounds: 2.00, 1.20, 2.50), the probe 4.00x (4.00, 2.00, 4.00)")

	one.probe = false
	_, scales = epochScaling([]*epochRow{one, two}, probes)
	assert.Equal(t, map[int]epochScale{2: {vsOne: 2}}, scales, "no probe beside the one-thread epochs")

	note, scales = epochScaling([]*epochRow{two}, probes)
	assert.Empty(t, note, "no one-thread row to compare with")
	assert.Nil(t, scales)
}
