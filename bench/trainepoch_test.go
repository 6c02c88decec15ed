package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEpochScalingPairsRounds checks that the epoch rows' scaling divides
// the one-thread epoch's time by the other row's in the same round, and
// takes the median of those ratios, not the ratio of the medians.
func TestEpochScalingPairsRounds(t *testing.T) {
	one := &epochRow{threads: 1, times: [][]float64{{100, 300, 200}, {1, 1, 1}}}
	two := &epochRow{threads: 2, times: [][]float64{{50, 250, 80}, {1, 1, 1}, {5, 5, 5}}}
	note, medians := epochScaling([]*epochRow{one, two})
	// Rounds: 100/50 = 2, 300/250 = 1.2, 200/80 = 2.5; the medians' ratio
	// would be 200/80 = 2.5.
	assert.Equal(t, map[int]float64{2: 2}, medians)
	assert.Contains(t, note, "2 threads 2.00x one (rounds: 2.00, 1.20, 2.50)")

	note, medians = epochScaling([]*epochRow{two})
	assert.Empty(t, note, "no one-thread row to compare with")
	assert.Nil(t, medians)
}
