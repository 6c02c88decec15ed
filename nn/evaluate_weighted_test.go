package nn

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// weightedReference is the weighted cross-entropy of the whole set d in
// float64 from m's float32 logits of all its rows at once:
// Σ w_{y_i}·(−log_softmax(x_i)_{y_i}) / Σ w_{y_i}, as
// torch.nn.CrossEntropyLoss(weight=w) gives on the whole set.
func weightedReference(t *testing.T, m *Sequential, d *data.Dataset, w []float32) float64 {
	t.Helper()
	m.Eval()
	defer m.Train()
	out := m.Forward(FromSlice(d.Matrix(), d.Len(), d.Features))
	k := out.Cols()
	var num, den float64
	for i, y := range d.Y {
		row := out.Data[i*k : (i+1)*k]
		top := float64(slices.Max(row))
		var s float64
		for _, v := range row {
			s += math.Exp(float64(v) - top)
		}
		num += float64(w[y]) * -(float64(row[y]) - top - math.Log(s))
		den += float64(w[y])
	}
	return num / den
}

// sortedByLabel returns d's samples in label order.
func sortedByLabel(t *testing.T, d *data.Dataset) *data.Dataset {
	t.Helper()
	idx := make([]int, d.Len())
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return d.Y[a] - d.Y[b] })
	s, err := d.Subset(idx)
	require.NoError(t, err)
	return s
}

// Evaluate's class-weighted loss is the whole set's weighted mean, so the
// same samples sorted by label or shuffled, in any batch size, give the
// same loss, that of one float64 pass over the set.
func TestEvaluateClassWeightedIsSetMean(t *testing.T) {
	d := blobs(t, 503, 8, 3, 5)
	m := distModel(t, 3, false)
	w := []float32{1, 3, 7}
	want := weightedReference(t, m, d, w)
	sorted := sortedByLabel(t, d)
	for _, set := range []*data.Dataset{d, sorted} {
		for _, batch := range []int{7, 100, 503} {
			got, err := Evaluate(m, &CrossEntropyLoss{Weight: w, Ignore: true, IgnoreIndex: -100}, set, batch)
			require.NoError(t, err)
			require.InDelta(t, want, got.Loss, 1e-6, "batch %d", batch)
		}
	}
}

// Without class weights, Evaluate's loss is, bit for bit, the mean of the
// batches' losses weighted by their samples.
func TestEvaluateUnweightedBits(t *testing.T) {
	d := blobs(t, 503, 8, 3, 5)
	m := distModel(t, 3, false)
	for _, loss := range []Loss{NewCrossEntropyLoss(), &CrossEntropyLoss{}, &CrossEntropyLoss{Reduction: Sum}} {
		got, err := Evaluate(m, loss, d, 100)
		require.NoError(t, err)
		m.Eval()
		var total float64
		var b Batch
		for lo := 0; lo < d.Len(); lo += 100 {
			hi := min(lo+100, d.Len())
			ids := make([]int, hi-lo)
			for i := range ids {
				ids[i] = lo + i
			}
			require.NoError(t, b.Gather(d, ids))
			l, err := loss.Forward(m.Forward(&b.X), &b)
			require.NoError(t, err)
			if loss.(*CrossEntropyLoss).Reduction == Sum {
				total += l
			} else {
				total += float64(l * float64(hi-lo))
			}
		}
		m.Train()
		require.Equal(t, math.Float64bits(total/float64(d.Len())), math.Float64bits(got.Loss))
	}
}
