package nn

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/workpool"
)

// TestLeafStepDeterministic trains a few steps of a network the row-piece
// step runs, in leaves (Trainer.Leaf) of one, two and a part of a piece,
// and requires bit-identical weights for 1, 2 and 3 threads under
// GOMAXPROCS 1 and 2.
func TestLeafStepDeterministic(t *testing.T) {
	splitSmallTensors(t)
	for _, leaf := range []int{32, 64, 100} {
		run := func(procs, threads int) map[string][]float32 {
			old := runtime.GOMAXPROCS(procs)
			defer runtime.GOMAXPROCS(old)
			tr, b := wideMLP(t, 200, threads)
			tr.Leaf = leaf
			for range 3 {
				_, _, err := tr.TrainBatch(b)
				require.NoError(t, err)
			}
			return weights(tr.Model)
		}
		a := run(1, 1)
		for _, c := range [][2]int{{2, 2}, {2, 1}, {2, 3}, {1, 2}} {
			require.Equal(t, a, run(c[0], c[1]), "leaf %d, GOMAXPROCS %d, threads %d", leaf, c[0], c[1])
		}
	}
}

// TestLeafStepTakesRowStep checks that a batch computed in leaves runs each
// leaf through the row-piece step, whose weight gradients are a parallel
// region of their own: on two threads, 784-256-128-10 at batch 128 in
// leaves of 32 (one piece each, which the caller runs alone) takes a
// region per leaf for the gradients and one for Adam's update. The
// layers' own passes split none of a 32-row leaf's products (the largest
// is 12.8 MFLOP, under kernels.MinFlopsPerThread per goroutine), so they
// took the update's region alone.
func TestLeafStepTakesRowStep(t *testing.T) {
	tr, b := mlp784(t, 128, 2)
	tr.Leaf = 32
	_, _, err := tr.TrainBatch(b)
	require.NoError(t, err)
	r0, _ := workpool.Counts()
	_, _, err = tr.TrainBatch(b)
	require.NoError(t, err)
	r1, _ := workpool.Counts()
	require.EqualValues(t, 4+1, r1-r0)
}
