package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// cosineAt is CosineAnnealingLR's closed form for base rate 1.
func cosineAt(e, tMax int, etaMin float64) float64 {
	return etaMin + (1-etaMin)*(1+math.Cos(math.Pi*float64(e)/float64(tMax)))/2
}

// TestCosineSetTMax: changing the horizon mid-run gives the rates the new
// horizon would have given from the start, from the bottom of the old
// cosine (a resumed run extended past its end) and from its middle.
func TestCosineSetTMax(t *testing.T) {
	for _, c := range []struct{ old, at, now int }{{4, 4, 8}, {4, 2, 6}, {6, 5, 3}, {3, 7, 10}} {
		o := sgdAt(t, 1)
		s, err := NewCosineAnnealingLR(o, c.old, 0.1)
		require.NoError(t, err)
		for range c.at {
			s.Step(0)
		}
		require.InDelta(t, cosineAt(c.at, c.old, 0.1), o.Groups()[0].LR, 1e-12)
		require.NoError(t, s.SetTMax(c.now))
		require.Equal(t, c.now, s.TMax)
		var want []float64
		for e := c.at; e <= c.at+2*c.now; e++ {
			want = append(want, cosineAt(e, c.now, 0.1))
		}
		requireFloats(t, want, lrs(o, s, 2*c.now), 1e-12)
	}
}

// TestCosineSetTMaxKeepsChainedFactor: a factor another schedule applied
// (a warm-up at half its rate) survives the change.
func TestCosineSetTMaxKeepsChainedFactor(t *testing.T) {
	o := sgdAt(t, 1)
	s, err := NewCosineAnnealingLR(o, 4, 0)
	require.NoError(t, err)
	s.Step(0)
	o.Groups()[0].LR *= 0.5
	require.NoError(t, s.SetTMax(10))
	require.InDelta(t, 0.5*cosineAt(1, 10, 0), o.Groups()[0].LR, 1e-12)
	require.Error(t, s.SetTMax(0))
}
