package nn

import (
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStepSumsMatchSerial checks that stepSums gives GradNorm's norm and
// maxAbsBound's weight bounds bit for bit, on 1, 2 and 3 threads under
// GOMAXPROCS 1 and 2, with and without the weights, and that a weight
// that is not finite makes its bound fail as maxAbsBound's does.
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
					wantBound, wantOK := maxAbsBound(p.Value.Data)
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
