package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// sameValue reports whether a and b have the same bits, or are both
// zeros: the fused ReLU and MaxPool2d may give a zero the other sign (see
// relupool.go).
func sameValue(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a == 0 && b == 0)
}

// requireSame checks got against want with sameValue.
func requireSame(t *testing.T, want, got []float32, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		if !sameValue(want[i], got[i]) {
			require.Failf(t, "values differ", "%s[%d]: want %v (%#x), got %v (%#x)", what, i,
				want[i], math.Float32bits(want[i]), got[i], math.Float32bits(got[i]))
		}
	}
}

// reluPoolInput returns x [batch, c, h, w] where half the values are
// drawn from ties around zero (−2, −1, −0, +0, 1, 2, and NaN with nan)
// and the rest are normal: windows all negative, with a zero maximum,
// with tied maxima, and with NaN.
func reluPoolInput(rng *RNG, nan bool, batch, c, h, w int) *Tensor {
	special := []float32{-2, -1, float32(math.Copysign(0, -1)), 0, 1, 2}
	if nan {
		special = append(special, float32(math.NaN()))
	}
	x := randTensor(rng, 1, batch, c, h, w)
	for i := range x.Data {
		if rng.Float64() < 0.5 {
			x.Data[i] = special[rng.IntN(len(special))]
		}
	}
	return x
}

// TestReLUPoolFusedMatchesLayers checks that a Sequential's fused ReLU
// and MaxPool2d(2) give the outputs (up to the sign of a zero), the
// parameter gradients and the ReLU's dead fraction of the two layers
// run one after the other, for odd and even planes, batch 1, ties, zeros
// of both signs and NaN, on 1 and 2 threads.
func TestReLUPoolFusedMatchesLayers(t *testing.T) {
	defer func(c, p int) { convMinFlops, parallelMin = c, p }(convMinFlops, parallelMin)
	convMinFlops, parallelMin = 1, 16 // split even these small batches
	rng := NewRNG(7)
	for _, c := range []struct{ batch, ch, h, w int }{{1, 1, 2, 2}, {1, 2, 5, 7}, {3, 3, 6, 5}, {8, 4, 9, 8}} {
		for _, nan := range []bool{false, true} {
			for _, threads := range []int{1, 2} {
				t.Run(fmt.Sprint(c, nan, threads), func(t *testing.T) {
					conv, err := NewConv2d(Conv2dConfig{InChannels: c.ch, OutChannels: c.ch, KernelSize: [2]int{1, 1}, Groups: c.ch, NoBias: true})
					require.NoError(t, err)
					for i := range conv.Weight.Value.Data { // exact products, both signs
						conv.Weight.Value.Data[i] = []float32{1, 0.5, -1}[i%3]
					}
					relu, pool := NewReLU(), NewMaxPool2d(2)
					s, err := NewSequential(Shape{c.ch, c.h, c.w}, conv, relu, pool, NewFlatten(), NewLinear(c.ch*(c.h/2)*(c.w/2), 3))
					require.NoError(t, err)
					s.SetTrackHealth(true)
					x := reluPoolInput(rng, nan, c.batch, c.ch, c.h, c.w)
					dy := randTensor(rng, 1, c.batch, 3)

					// The layers one by one, on one thread.
					s.SetThreads(1)
					h := x
					for _, l := range s.Layers {
						h = l.Forward(h)
					}
					require.False(t, pool.afterReLU)
					wantY := append([]float32(nil), h.Data...)
					g := dy
					for i := len(s.Layers) - 1; i >= 0; i-- {
						g = s.Layers[i].Backward(g, i > 0)
					}
					var wantGrads [][]float32
					for _, p := range s.Params() {
						wantGrads = append(wantGrads, append([]float32(nil), p.Grad.Data...))
					}
					wantDead, ok := relu.DeadFraction()
					require.True(t, ok)

					s.ResetStats()
					s.SetThreads(threads)
					for _, p := range s.Params() {
						clear(p.Grad.Data)
					}
					y := s.Forward(x)
					require.True(t, pool.afterReLU, "the pair did not run fused")
					requireSame(t, wantY, y.Data, "output")
					s.Backward(dy)
					for i, p := range s.Params() {
						requireSame(t, wantGrads[i], p.Grad.Data, p.Name)
					}
					dead, ok := relu.DeadFraction()
					require.True(t, ok)
					require.Equal(t, wantDead, dead)
				})
			}
		}
	}
}

// TestReLUPoolPairs checks which layers a Sequential fuses: a ReLU
// followed by a 2×2 MaxPool2d, not another window nor a pooling after
// another activation.
func TestReLUPoolPairs(t *testing.T) {
	wide := NewMaxPool2d(3)
	s, err := NewSequential(Shape{1, 12, 12}, NewReLU(), NewMaxPool2d(2), NewReLU(), wide, NewTanh(), NewMaxPool2d(2))
	require.NoError(t, err)
	require.Equal(t, []bool{true, false, false, false, false, false}, s.reluPool)
	x := randTensor(NewRNG(3), 1, 2, 1, 12, 12)
	s.Forward(x)
	require.True(t, s.Layers[1].(*MaxPool2d).afterReLU)
	require.False(t, wide.afterReLU)
	require.False(t, s.Layers[5].(*MaxPool2d).afterReLU)
}
