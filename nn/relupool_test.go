package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
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

// reluPoolModels builds the models of TestReLUPoolFusedMatchesLayers for
// samples [ch, h, w]: a Conv2d fused with the pair, the pair alone
// (after a LeakyReLU), and two convolution blocks, whose second Conv2d
// passes its input gradient back through the first block. It skips the
// two blocks when the planes are too small to pool twice.
func reluPoolModels(t *testing.T, ch, h, w int) map[string]*Sequential {
	conv := func(k, pad int) *Conv2d {
		c, err := NewConv2d(Conv2dConfig{InChannels: ch, OutChannels: ch, KernelSize: [2]int{k, k}, Padding: [2]int{pad, pad}})
		require.NoError(t, err)
		return c
	}
	// depthwise is a 1×1 Conv2d whose products are exact, of both signs,
	// so that its outputs keep the ties and zeros of the input.
	depthwise := func() *Conv2d {
		c, err := NewConv2d(Conv2dConfig{InChannels: ch, OutChannels: ch, KernelSize: [2]int{1, 1}, Groups: ch, NoBias: true})
		require.NoError(t, err)
		for i := range c.Weight.Value.Data {
			c.Weight.Value.Data[i] = []float32{1, 0.5, -1}[i%3]
		}
		return c
	}
	build := func(out int, layers ...Layer) *Sequential {
		s, err := NewSequential(Shape{ch, h, w}, append(layers, NewFlatten(), NewLinear(out, 3))...)
		require.NoError(t, err)
		return s
	}
	m := map[string]*Sequential{
		"conv":  build(ch*(h/2)*(w/2), depthwise(), NewReLU(), NewMaxPool2d(2)),
		"alone": build(ch*(h/2)*(w/2), depthwise(), NewLeakyReLU(0.5), NewReLU(), NewMaxPool2d(2)),
	}
	if h >= 4 && w >= 4 {
		m["blocks"] = build(ch*(h/4)*(w/4), depthwise(), NewReLU(), NewMaxPool2d(2), conv(3, 1), NewReLU(), NewMaxPool2d(2))
	}
	return m
}

// TestReLUPoolFusedMatchesLayers checks that a Sequential's fused ReLU
// and MaxPool2d(2), with the Conv2d before them or not, give the
// outputs (up to the sign of a zero), the parameter gradients and the
// ReLU's dead fraction of the layers run one after the other, for odd
// and even planes, batch 1, ties, zeros of both signs and NaN, one sample
// or more a product, on 1 and 2 threads, with health tracking and
// without.
func TestReLUPoolFusedMatchesLayers(t *testing.T) {
	defer func(c, p, w int) { convMinFlops, parallelMin, convWidePixels = c, p, w }(convMinFlops, parallelMin, convWidePixels)
	convMinFlops, parallelMin = 1, 16 // split even these small batches
	rng := NewRNG(7)
	for _, c := range []struct{ batch, ch, h, w int }{{1, 1, 2, 2}, {1, 2, 5, 7}, {3, 3, 6, 5}, {9, 4, 9, 8}} {
		for _, wide := range []int{1, 1 << 20} {
			convWidePixels = wide // Build reads it
			for name, s := range reluPoolModels(t, c.ch, c.h, c.w) {
				for _, nan := range []bool{false, true} {
					for _, threads := range []int{1, 2} {
						for _, health := range []bool{false, true} { // the Conv2d's output is kept only for it
							t.Run(fmt.Sprint(c, name, wide, nan, threads, health), func(t *testing.T) {
								checkReLUPoolFused(t, s, reluPoolInput(rng, nan, c.batch, c.ch, c.h, c.w), randTensor(rng, 1, c.batch, 3), threads, health)
							})
						}
					}
				}
			}
		}
	}
}

// checkReLUPoolFused runs s's layers one by one on one thread, then s on
// threads, on x and the output gradient dy, and compares them, and the
// ReLUs' dead fractions with health.
func checkReLUPoolFused(t *testing.T, s *Sequential, x, dy *Tensor, threads int, health bool) {
	var relus []*ReLU
	var pools []*MaxPool2d
	for _, l := range s.Layers {
		switch l := l.(type) {
		case *ReLU:
			relus = append(relus, l)
		case *MaxPool2d:
			pools = append(pools, l)
		}
	}
	s.SetTrackHealth(true)
	s.ResetStats()
	s.SetThreads(1)
	h := x
	for _, l := range s.Layers {
		h = l.Forward(h)
	}
	wantY := append([]float32(nil), h.Data...)
	g := dy
	for i := len(s.Layers) - 1; i >= 0; i-- {
		g = s.Layers[i].Backward(g, i > 0)
	}
	var wantGrads [][]float32
	for _, p := range s.Params() {
		wantGrads = append(wantGrads, append([]float32(nil), p.Grad.Data...))
		clear(p.Grad.Data)
	}
	var wantDead []float64
	for _, r := range relus {
		d, ok := r.DeadFraction()
		require.True(t, ok)
		wantDead = append(wantDead, d)
	}

	// Poison what the layers kept, so that a pass the fused run skips
	// cannot pass for one it ran.
	nan := float32(math.NaN())
	for _, l := range s.Layers {
		switch l := l.(type) {
		case *MaxPool2d:
			fill(l.y.Data, nan)
			fill(l.dx.Data, nan)
			fill(l.masked, nan)
			for i := range l.arg {
				l.arg[i] = -1
			}
		case *ReLU:
			fill(l.y.Data, nan)
			fill(l.dx.Data, nan)
		case *Conv2d:
			fill(l.y.Data, nan)
			fill(l.dx.Data, nan)
		}
	}
	s.ResetStats()
	s.SetThreads(threads)
	s.SetTrackHealth(health)
	y := s.Forward(x)
	for _, p := range pools {
		require.True(t, p.afterReLU, "a pair did not run fused")
	}
	requireSame(t, wantY, y.Data, "output")
	s.Backward(dy)
	for i, p := range s.Params() {
		requireSame(t, wantGrads[i], p.Grad.Data, p.Name)
	}
	for i, r := range relus {
		d, ok := r.DeadFraction()
		require.Equal(t, health, ok)
		if health {
			require.Equal(t, wantDead[i], d)
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

// TestReLUPoolFusedAllocatesNothing: once a Sequential with fused
// Conv2d, ReLU and MaxPool2d blocks has seen a batch, its forward and
// backward passes allocate nothing, also for a smaller last batch, with
// health tracking, on one thread and two.
func TestReLUPoolFusedAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	defer func(c, p int) { convMinFlops, parallelMin = c, p }(convMinFlops, parallelMin)
	convMinFlops, parallelMin = 1, 16 // split even these small batches
	for _, threads := range []int{1, 2} {
		s := reluPoolModels(t, 3, 12, 10)["blocks"]
		s.SetThreads(threads)
		s.SetTrackHealth(true)
		rng := NewRNG(2)
		x := randTensor(rng, 1, 9, 3, 12, 10)
		short := FromSlice(x.Data[:2*3*12*10], 2, 3, 12, 10)
		dy, dyShort := randTensor(rng, 1, 9, 3), randTensor(rng, 1, 2, 3)
		step := func() {
			s.Forward(x)
			s.Backward(dy)
			s.Forward(short)
			s.Backward(dyShort)
		}
		step()
		require.True(t, s.Layers[2].(*MaxPool2d).afterReLU)
		for _, training := range []bool{true, false} {
			s.env.Training = training
			require.Zero(t, steadyAllocs(5, step), "training=%v threads=%d", training, threads)
		}
	}
}

// TestReLUBackwardAtNaN: ReLU's backward pass passes the gradient where
// its input is NaN, as PyTorch's threshold_backward does (it zeroes only
// inputs <= 0), fused with a MaxPool2d(2) or not.
func TestReLUBackwardAtNaN(t *testing.T) {
	nan := float32(math.NaN())
	r := NewReLU()
	_, err := r.Build(Shape{4}, &Env{Training: true})
	require.NoError(t, err)
	r.Forward(FromSlice([]float32{nan, -1, 2, 0}, 1, 4))
	dx := r.Backward(FromSlice([]float32{1, 1, 1, 1}, 1, 4), true)
	assert.Equal(t, []float32{1, 0, 1, 0}, dx.Data)

	for _, fused := range []bool{false, true} {
		conv, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{1, 1}})
		require.NoError(t, err)
		conv.Weight.Value.Data[0], conv.Bias.Value.Data[0] = 1, 0
		layers := []Layer{conv, NewReLU(), NewMaxPool2d(2)}
		if !fused { // a LeakyReLU(1) between them is the identity and keeps them apart
			layers = []Layer{conv, NewReLU(), NewLeakyReLU(1), NewMaxPool2d(2)}
		}
		s, err := NewSequential(Shape{1, 2, 2}, append(layers, NewFlatten(), NewLinear(1, 1))...)
		require.NoError(t, err)
		s.Layers[len(s.Layers)-1].(*Linear).Weight.Value.Data[0] = 1
		s.Forward(FromSlice([]float32{-1, nan, 0.5, 2}, 1, 1, 2, 2))
		s.Backward(FromSlice([]float32{3}, 1, 1))
		// The window's maximum is the NaN: its gradient, 3, reaches the
		// convolution's bias.
		assert.Equal(t, []float32{3}, conv.Bias.Grad.Data, "fused %v", fused)
	}
}
