package nn

import (
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStepSumsMatchSerial checks that stepSums gives GradNorm's norm bit
// for bit on 1, 2 and 3 threads under GOMAXPROCS 1 and 2, with and without
// the weights, and with the weights a bound of every weight's magnitude
// that is within a few float32 roundings of the largest, which a weight
// that is not finite makes fail.
func TestStepSumsMatchSerial(t *testing.T) {
	tr, b := mlp784(t, 64, 1)
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
	params := tr.Model.Params()
	want := GradNorm(params)
	var wmax float64
	n := 0
	for _, p := range params {
		n += len(p.Value.Data)
		for _, x := range p.Value.Data {
			wmax = max(wmax, math.Abs(float64(x)))
		}
	}
	for _, inf := range []bool{false, true} {
		if inf {
			params[2].Value.Data[5] = float32(math.Inf(1))
		}
		for _, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			for _, threads := range []int{1, 2, 3} {
				for _, weights := range []bool{false, true} {
					var s stepSums
					got := s.measure(params, weights, threads)
					require.Equal(t, math.Float64bits(want), math.Float64bits(got), "GOMAXPROCS %d, threads %d", procs, threads)
					bound, measured, ok := measuredWeightBound(&s)
					require.Equal(t, weights, measured)
					if weights {
						require.Equal(t, !inf, ok, "threads %d", threads)
					}
					if weights && !inf {
						// A part's sum is at least its largest square and
						// at most n times the largest square of all.
						require.GreaterOrEqual(t, bound, wmax)
						require.LessOrEqual(t, bound, wmax*math.Sqrt(float64(n))*1.001)
					}
					s.forget()
					_, measured, _ = measuredWeightBound(&s)
					require.False(t, measured, "after forget")
				}
			}
			runtime.GOMAXPROCS(old)
		}
	}
	var none *stepSums
	_, measured, _ := measuredWeightBound(none)
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
	_, measured, _ := measuredWeightBound(&tr.sums)
	require.False(t, measured)
}

// TestStepGradSumsInBackward: a step's gradient norm is GradNorm's bits,
// whether the row-piece backward pass took the gradients' sums (1, 2 and
// 3 threads), a penalty changed the gradients after it, or the batch ran
// in leaves; and only the plain row-piece step leaves them to the update.
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
				require.Equal(t, c.summed, summed, "%s, threads %d", c.name, threads)
				require.False(t, tr.sums.summed, "taken by the update")
				want := GradNorm(tr.Model.Params())
				require.Equal(t, math.Float64bits(want), math.Float64bits(gnorm), "%s, threads %d", c.name, threads)
			}
		}
	}
}
