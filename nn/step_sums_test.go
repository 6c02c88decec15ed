package nn

import (
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

// TestStepSumsMatchSerial checks that stepSums gives GradNorm's norm and
// sumSquares' weight sums bit for bit, on 1, 2 and 3 threads under
// GOMAXPROCS 1 and 2, with and without the weights, and that a weight
// that is not finite makes its bound fail.
func TestStepSumsMatchSerial(t *testing.T) {
	tr, b := mlp784(t, 64, 1)
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
	params := tr.Model.Params()
	params[2].Value.Data[5] = float32(math.Inf(1))
	want := GradNorm(params)
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		for _, threads := range []int{1, 2, 3} {
			for _, weights := range []bool{false, true} {
				var s stepSums
				got := s.measure(params, weights, threads)
				require.Equal(t, math.Float64bits(want), math.Float64bits(got), "GOMAXPROCS %d, threads %d", procs, threads)
				o := &optimBase{}
				o.useSums(&s)
				for i, p := range params {
					_, measured := s.weightSum(i)
					require.Equal(t, weights, measured, p.Name)
					bound, ok := o.weightBound(i, p)
					wantBound, wantOK := sumSquaresBound(sumSquares(p, p.Value.Data), len(p.Value.Data))
					require.Equal(t, wantOK, ok, p.Name)
					require.Equal(t, math.Float64bits(wantBound), math.Float64bits(bound), p.Name)
				}
				s.forget()
				_, measured := s.weightSum(0)
				require.False(t, measured, "after forget")
			}
		}
		runtime.GOMAXPROCS(old)
	}
	var none *stepSums
	_, measured := none.weightSum(0)
	require.False(t, measured, "nil sums")
}

// TestStepSumsForgottenAfterStep checks that a Trainer's step leaves no
// weight sums behind for a later proof to take: the update changed the
// weights they were measured on.
func TestStepSumsForgottenAfterStep(t *testing.T) {
	tr, b := mlp784(t, 64, 2)
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
	require.Same(t, &tr.sums, tr.Optimizer.(*Adam).bounds.sums, "the Adam proof takes the Trainer's sums")
	_, measured := tr.sums.weightSum(0)
	require.False(t, measured)
}

// TestStepGradSumsInBackward: a step's gradient norm is GradNorm's bits on
// 1, 2 and 3 threads, whether the row-piece backward pass took the
// gradients' sums, a penalty changed the gradients after it, or the batch
// ran in leaves; and only the plain row-piece step on one thread leaves
// them to the update.
func TestStepGradSumsInBackward(t *testing.T) {
	for _, threads := range []int{1, 2, 3} {
		for _, c := range []struct {
			name    string
			penalty Penalty
			leaf    int
			summed  bool
		}{{"rows", Penalty{}, 0, true}, {"penalty", Penalty{L2: 1e-3}, 0, false}, {"leaves", Penalty{}, 32, false}} {
			tr, b := mlp784(t, 64, threads)
			tr.Penalty, tr.Leaf = c.penalty, c.leaf
			for range 3 {
				var summed bool
				var gnorm float64
				var err error
				if c.leaf > 0 {
					_, _, gnorm, err = tr.leafStep(b, tr.planLeaves(b.Len(), c.leaf, false), nil)
				} else {
					_, _, err = tr.forwardBackward(b, c.penalty == Penalty{})
					summed = tr.sums.summed
					require.NoError(t, err)
					_, gnorm, err = tr.update(0)
				}
				require.NoError(t, err)
				require.Equal(t, c.summed && threads == 1, summed, "%s, threads %d", c.name, threads)
				require.False(t, tr.sums.summed, "taken by the update")
				want := GradNorm(tr.Model.Params())
				require.Equal(t, math.Float64bits(want), math.Float64bits(gnorm), "%s, threads %d", c.name, threads)
			}
		}
	}
	// Gradients summed by the backward pass, weights by measure.
	tr, b := mlp784(t, 64, 1)
	_, _, err := tr.forwardBackward(b, true)
	require.NoError(t, err)
	require.True(t, tr.sums.summed)
	params := tr.Model.Params()
	gnorm := tr.sums.measure(params, true, 1)
	require.Equal(t, math.Float64bits(GradNorm(params)), math.Float64bits(gnorm))
	for i, p := range params {
		sum, measured := tr.sums.weightSum(i)
		require.True(t, measured)
		require.Equal(t, math.Float64bits(sumSquares(p, p.Value.Data)), math.Float64bits(sum), p.Name)
	}
}

// TestSumSquaresByBlocks: a parameter of blocks is summed one
// kernels.SumSquares call a block, the last one shorter, added in order in
// float64; a parameter without blocks, or with one block as large as it,
// in one call.
func TestSumSquaresByBlocks(t *testing.T) {
	x := make([]float32, 40)
	for i := range x {
		x[i] = float32(i%7) - 2.5
	}
	p := &Param{Value: &Tensor{Data: x}, block: 16}
	size, count := blocks(p)
	require.Equal(t, [2]int{16, 3}, [2]int{size, count})
	want := float64(kernels.SumSquares(x[:16])) + float64(kernels.SumSquares(x[16:32])) + float64(kernels.SumSquares(x[32:]))
	require.Equal(t, math.Float64bits(want), math.Float64bits(sumSquares(p, x)))
	for _, block := range []int{0, 40, 64} {
		p.block = block
		require.Equal(t, float64(kernels.SumSquares(x)), sumSquares(p, x), "block %d", block)
	}
	empty := &Param{Value: &Tensor{}, block: 16}
	require.Zero(t, sumSquares(empty, nil))
}
