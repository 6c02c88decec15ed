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
		require.NoError(t, s.SetTMax(c.now, 1))
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
	require.NoError(t, s.SetTMax(10, 1))
	require.InDelta(t, 0.5*cosineAt(1, 10, 0), o.Groups()[0].LR, 1e-12)
	require.Error(t, s.SetTMax(0, 1))
}

// cosineWithWarmup is --lr-schedule cosine with --warmup 12 at base rate
// 1: a cosine over tMax epochs and a LinearLR warm-up stepped after each
// of 2 optimizer steps per epoch.
type cosineWithWarmup struct {
	o      *SGD
	cos    *CosineAnnealingLR
	warmup *LinearLR
}

func newCosineWithWarmup(t *testing.T, tMax int) *cosineWithWarmup {
	o := sgdAt(t, 1)
	cos, err := NewCosineAnnealingLR(o, tMax, 0)
	require.NoError(t, err)
	w, err := NewLinearLR(o, 1.0/13, 1, 12)
	require.NoError(t, err)
	return &cosineWithWarmup{o: o, cos: cos, warmup: w}
}

// epochs runs n epochs and returns the rate after each.
func (c *cosineWithWarmup) epochs(n int) []float64 {
	var out []float64
	for range n {
		c.warmup.Step(0)
		c.warmup.Step(0)
		c.cos.Step(0)
		out = append(out, c.o.Groups()[0].LR)
	}
	return out
}

// TestCosineSetTMaxFromBottomKeepsWarmup: a cosine at its bottom (a run
// resumed after its --epochs, the default --t-max) stretched while a
// warm-up is still under way follows the rates of a run that had the new
// horizon from the start; the bottom's rate of 0 carries no warm-up
// factor, and without the one given the rates rose above the base rate.
func TestCosineSetTMaxFromBottomKeepsWarmup(t *testing.T) {
	for _, at := range []int{3, 4} {
		want := newCosineWithWarmup(t, 10)
		want.epochs(at)
		got := newCosineWithWarmup(t, at)
		got.epochs(at)
		require.InDelta(t, 0, got.o.Groups()[0].LR, 1e-12, "the old cosine is at its bottom")
		require.NoError(t, got.cos.SetTMax(10, got.warmup.Factor()))
		require.InDelta(t, want.o.Groups()[0].LR, got.o.Groups()[0].LR, 1e-12, "epoch %d", at)
		requireFloats(t, want.epochs(10-at), got.epochs(10-at), 1e-12)
	}
}

// TestLinearLRFactor: Factor is the ratio of the rate to the base rate
// at every step, during the warm-up and after it.
func TestLinearLRFactor(t *testing.T) {
	o := sgdAt(t, 2)
	w, err := NewLinearLR(o, 0.25, 0.75, 4)
	require.NoError(t, err)
	for k := 0; k < 8; k++ {
		require.InDelta(t, o.Groups()[0].LR/2, w.Factor(), 1e-12, "step %d", k)
		w.Step(0)
	}
	require.Equal(t, 0.75, w.Factor())
}
