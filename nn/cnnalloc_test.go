package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCNNLayersAllocateNothing: once a layer has seen a batch, its forward
// and backward passes allocate nothing, in training and in evaluation,
// also for a smaller last batch, on one thread and with their passes
// split over two.
func TestCNNLayersAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	defer func(p int) { parallelMin = p }(parallelMin)
	for _, threads := range []int{1, 2} {
		parallelMin = 1 << 18
		if threads > 1 {
			parallelMin = 16
		}
		cnnLayersAllocateNothing(t, threads)
	}
}

func cnnLayersAllocateNothing(t *testing.T, threads int) {
	mp := NewMaxPool2d(3)
	mp.Stride, mp.Padding = [2]int{2, 2}, [2]int{1, 1}
	for _, c := range []struct {
		l  Layer
		in Shape
	}{
		{mp, Shape{3, 9, 8}},
		{NewMaxPool2d(2), Shape{3, 9, 8}},
		{NewAvgPool2d(2), Shape{3, 9, 8}},
		{NewAdaptiveAvgPool2d(1, 1), Shape{3, 9, 8}},
		{NewBatchNorm2d(3), Shape{3, 9, 8}},
		{NewBatchNorm2dWith(3, false, false), Shape{3, 9, 8}},
		{NewDropout2d(0.3), Shape{3, 9, 8}},
		{NewResidual([]Layer{NewBatchNorm2d(3), NewReLU(), NewAvgPool2d(1)}, []Layer{NewDropout2d(0.1)}), Shape{3, 9, 8}},
	} {
		env := &Env{Training: true, RNG: NewRNG(1), Threads: threads}
		buildLayer(t, c.l, c.in, env)
		rng := NewRNG(2)
		x := randTensor(rng, 1, append([]int{4}, c.in...)...)
		short := FromSlice(x.Data[:2*c.in.Size()], append([]int{2}, c.in...)...)
		step := func() {
			for _, b := range []*Tensor{x, short} {
				y := c.l.Forward(b)
				c.l.Backward(y, true)
			}
		}
		step()
		for _, training := range []bool{true, false} {
			env.Training = training
			require.Zero(t, steadyAllocs(5, step), "%s training=%v threads=%d", c.l.Type(), training, threads)
		}
	}
}
