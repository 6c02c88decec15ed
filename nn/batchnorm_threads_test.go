package nn

import (
	"math"
	"testing"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/stretchr/testify/require"
)

// TestBatchNorm2dThreadsAndLevels: the outputs, input gradients, parameter
// gradients and running statistics of BatchNorm2d are the same bits on 1,
// 2 and 3 threads, at every kernel level, on planes that take the kernels
// and planes that take the plain loops, in training and evaluation; and
// every level's results, the sums' included, stay within float32 rounding
// of the generic level's (its sums add in another order).
func TestBatchNorm2dThreadsAndLevels(t *testing.T) {
	defer func(p int) { parallelMin = p }(parallelMin)
	parallelMin = 16 // split even these small batches
	prev := kernels.Active()
	defer func() { require.NoError(t, kernels.SetLevel(prev)) }()
	type result struct{ y, dx, gw, gb, rm, rv []float32 }
	run := func(in Shape, threads int, training bool) result {
		rng := NewRNG(61)
		bn := NewBatchNorm2d(in[0])
		env := &Env{Training: true, Threads: threads}
		buildLayer(t, bn, in, env)
		for i := range bn.Weight.Value.Data {
			bn.Weight.Value.Data[i] = float32(1 + 0.3*rng.NormFloat64())
			bn.Bias.Value.Data[i] = float32(0.2 * rng.NormFloat64())
		}
		x := randTensor(rng, 3, append([]int{5}, in...)...)
		for i := range x.Data {
			x.Data[i] += 2
		}
		dy := randTensor(rng, 1, x.Shape...)
		bn.Forward(x) // running statistics from a first batch
		env.Training = training
		cp := func(s []float32) []float32 { return append([]float32(nil), s...) }
		var r result
		r.y = cp(bn.Forward(x).Data)
		r.dx = cp(bn.Backward(dy, true).Data)
		r.gw, r.gb = cp(bn.Weight.Grad.Data), cp(bn.Bias.Grad.Data)
		r.rm, r.rv = cp(bn.RunningMean.Value.Data), cp(bn.RunningVar.Value.Data)
		return r
	}
	for _, in := range []Shape{{3, 6, 7}, {4, 2, 3}, {2, 1, 9}} {
		for _, training := range []bool{true, false} {
			require.NoError(t, kernels.SetLevel(kernels.Generic))
			gen := run(in, 1, training)
			for _, l := range kernels.Available() {
				require.NoError(t, kernels.SetLevel(l))
				want := run(in, 1, training)
				for _, threads := range []int{2, 3} {
					require.Equal(t, want, run(in, threads, training), "%v training=%v level %s threads %d", in, training, l, threads)
				}
				for _, c := range []struct {
					name      string
					got, want []float32
				}{{"y", want.y, gen.y}, {"dx", want.dx, gen.dx}, {"weight grad", want.gw, gen.gw},
					{"bias grad", want.gb, gen.gb}, {"running_mean", want.rm, gen.rm}, {"running_var", want.rv, gen.rv}} {
					require.Len(t, c.got, len(c.want), c.name)
					for i, v := range c.got {
						require.InDelta(t, c.want[i], v, 1e-5*max(1, math.Abs(float64(c.want[i]))), "%v level %s %s[%d]", in, l, c.name, i)
					}
				}
			}
		}
	}
}
