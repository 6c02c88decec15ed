package nn

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/workpool"
)

// withoutRows turns the row-piece passes off for the rest of the test.
func withoutRows(tb testing.TB) {
	rowPieces = false
	tb.Cleanup(func() { rowPieces = true })
}

// tanhMLP is mlp's network with Tanh after the first layer instead of
// ReLU, so the row-piece forward pass covers another elementwise layer.
func tanhMLP(tb testing.TB, batch, threads int) (*Trainer, *Batch) {
	tr, b := mlp(tb, batch, threads, 20, 48, 16, 5)
	tr.Model.Layers[1] = NewTanh()
	_, err := tr.Model.Layers[1].Build(Shape{48}, &tr.Model.env)
	require.NoError(tb, err)
	return tr, b
}

// unevenUnitsMLP is a network whose first layer, 100 units without bias,
// a step computes by blocks of 64 and 36 units (see unitsLayer).
func unevenUnitsMLP(tb testing.TB, batch, threads int) (*Trainer, *Batch) {
	tr, b := trainerFor(tb, batch, threads, 20, 5, NewLinearNoBias(20, 100), NewReLU(), NewLinear(100, 5))
	require.NotNil(tb, unitsLayer(tr.Model.Layers))
	return tr, b
}

// TestRowForwardPiecesAreTheLayersOwn checks that the row-piece forward
// pass of a Linear/ReLU/Tanh network computes each piece of
// forwardPieceRows rows exactly as the layers' own Forward computes that
// piece alone on one thread, for batches around the piece size and
// several thread counts.
func TestRowForwardPiecesAreTheLayersOwn(t *testing.T) {
	for _, build := range []func(testing.TB, int, int) (*Trainer, *Batch){wideMLP, tanhMLP} {
		for _, batch := range []int{1, 63, 64, 65, 130, 200} {
			for _, threads := range []int{1, 2, 3} {
				tr, b := build(t, batch, threads)
				got := append([]float32(nil), tr.Model.Forward(&b.X).Data...)
				ref, _ := build(t, batch, 1)
				var want []float32
				in := b.X.Cols()
				for lo := 0; lo < batch; lo += forwardPieceRows {
					hi := min(lo+forwardPieceRows, batch)
					x := &Tensor{Data: b.X.Data[lo*in : hi*in], Shape: []int{hi - lo, in}}
					for _, l := range ref.Model.Layers {
						x = l.Forward(x)
					}
					want = append(want, x.Data...)
				}
				require.Equal(t, want, got, "batch %d, threads %d", batch, threads)
			}
		}
	}
}

// TestRowStepDeterministic trains a few steps of networks the row-piece
// step runs, at batches of one to four pieces, whole and in leaves
// (Trainer.Leaf) of one, two and a part of a piece, and requires
// bit-identical weights for 1, 2 and 3 threads under GOMAXPROCS 1 and 2.
func TestRowStepDeterministic(t *testing.T) {
	splitSmallTensors(t) // the updates too run in parallel regions
	for name, build := range map[string]func(testing.TB, int, int) (*Trainer, *Batch){"relu": wideMLP, "tanh": tanhMLP, "units100": unevenUnitsMLP} {
		for _, c := range []struct{ batch, leaf int }{{33, 0}, {128, 0}, {200, 0}, {200, 32}, {200, 64}, {200, 100}} {
			run := func(procs, threads int) map[string][]float32 {
				old := runtime.GOMAXPROCS(procs)
				defer runtime.GOMAXPROCS(old)
				tr, b := build(t, c.batch, threads)
				tr.Leaf = c.leaf
				for range 3 {
					_, _, err := tr.TrainBatch(b)
					require.NoError(t, err)
				}
				return weights(tr.Model)
			}
			a := run(1, 1)
			for _, pt := range [][2]int{{2, 2}, {2, 1}, {2, 3}, {1, 2}} {
				require.Equal(t, a, run(pt[0], pt[1]), "%s, batch %d, leaf %d, GOMAXPROCS %d, threads %d", name, c.batch, c.leaf, pt[0], pt[1])
			}
		}
	}
}

// TestRowForwardIsOneRegion counts internal/workpool's parallel regions:
// a forward pass of a Linear/ReLU network on two threads is one region
// whatever its layers' sizes (its first product, 64→512 at batch 128, is
// too small for Sgemm to split), and none on one thread or for a batch of
// one piece.
func TestRowForwardIsOneRegion(t *testing.T) {
	for _, c := range []struct{ batch, threads, regions int }{{128, 2, 1}, {200, 2, 1}, {128, 1, 0}, {64, 2, 0}} {
		t.Run(fmt.Sprintf("batch=%d/threads=%d", c.batch, c.threads), func(t *testing.T) {
			tr, b := wideMLP(t, c.batch, c.threads)
			tr.Model.Forward(&b.X)
			r0, _ := workpool.Counts()
			tr.Model.Forward(&b.X)
			r1, _ := workpool.Counts()
			require.EqualValues(t, c.regions, r1-r0)
		})
	}
}

// TestRowStepMatchesLayers compares a row-piece training step's loss and
// gradients with the layers' own passes on the same batch, biases not
// zero: the same mathematics summed in another order, so equal to
// float32 rounding.
func TestRowStepMatchesLayers(t *testing.T) {
	for _, build := range []func(testing.TB, int, int) (*Trainer, *Batch){wideMLP, tanhMLP, unevenUnitsMLP} {
		for _, batch := range []int{1, 64, 130} {
			grads := func(rows bool) (float64, [][]float32) {
				if !rows {
					withoutRows(t)
					defer func() { rowPieces = true }()
				}
				tr, b := build(t, batch, 2)
				for _, p := range tr.Model.Params() {
					if p.Kind == KindBias { // the builders' are zero
						for i := range p.Value.Data {
							p.Value.Data[i] = float32(math.Sin(float64(i))) / 4
						}
					}
				}
				out, loss, err := tr.forwardBackward(b, false)
				require.NoError(t, err)
				require.Len(t, out.Data, batch*tr.Model.OutFeatures())
				var g [][]float32
				for _, p := range tr.Model.Params() {
					g = append(g, append([]float32(nil), p.Grad.Data...))
				}
				return loss, g
			}
			lossRows, gRows := grads(true)
			lossLayers, gLayers := grads(false)
			require.InEpsilon(t, lossLayers, lossRows, 1e-6, "batch %d", batch)
			for i := range gRows {
				for j := range gRows[i] {
					require.InDelta(t, gLayers[i][j], gRows[i][j], 1e-5*(1+math.Abs(float64(gLayers[i][j]))), "batch %d, param %d, element %d", batch, i, j)
				}
			}
		}
	}
}

// TestRowStepRegions counts a training step's parallel regions for
// 784-256-128-10 at batch 128 on two threads: five with the row-piece
// step (the first layer's forward pass by blocks of units, the pieces,
// the weight gradients, the sums of squares of the gradients and weights
// before the update, and Adam's update, 235k values), against five layer
// by layer (the first layer's forward product, the second's two backward
// products, the first's weight gradient, the sums, the update); none on
// one thread.
//
// In leaves of 32 (Trainer.Leaf), each leaf is one piece, which the caller
// runs alone, after its first layer's two blocks of units, a region, and
// its weight gradients are a region: four leaves, the sums and the update
// make ten. The layers' own passes split none of a 32-row leaf's products
// (the largest is 12.8 MFLOP, under kernels.MinFlopsPerThread per
// goroutine), so they took the sums' and the update's regions alone.
func TestRowStepRegions(t *testing.T) {
	count := func(threads, leaf int) int64 {
		tr, b := mlp784(t, 128, threads)
		tr.Leaf = leaf
		_, _, err := tr.TrainBatch(b)
		require.NoError(t, err)
		r0, _ := workpool.Counts()
		_, _, err = tr.TrainBatch(b)
		require.NoError(t, err)
		r1, _ := workpool.Counts()
		return r1 - r0
	}
	require.EqualValues(t, 5, count(2, 0))
	require.EqualValues(t, 0, count(1, 0))
	require.EqualValues(t, 4*2+2, count(2, 32))
	require.EqualValues(t, 0, count(1, 32))
	withoutRows(t)
	require.EqualValues(t, 5, count(2, 0))
}

// TestRowStepLabelError: a label out of range stops the row-piece step
// with the loss's error before any gradient is written.
func TestRowStepLabelError(t *testing.T) {
	tr, b := wideMLP(t, 130, 2)
	b.Labels[129] = 10
	for _, p := range tr.Model.Params() {
		p.Grad.Data[0] = 7
	}
	_, _, err := tr.TrainBatch(b)
	require.ErrorContains(t, err, "label 10 of sample 129 is outside [0, 10)")
	for _, p := range tr.Model.Params() {
		require.Equal(t, float32(7), p.Grad.Data[0], p.Name)
	}
}
