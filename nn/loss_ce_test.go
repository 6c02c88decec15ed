package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// Weights that do not fit the output, or are not finite numbers >= 0,
// are refused naming the field, the class and the counts; a label that is
// not ignored must be a class.
func TestCrossEntropyLossRefusesBadWeights(t *testing.T) {
	pred := NewTensor(2, 3)
	b := &Batch{Labels: []int{0, 2}}
	_, err := (&CrossEntropyLoss{Weight: []float32{1, 2}}).Forward(pred, b)
	require.EqualError(t, err, "nn: CrossEntropyLoss has 2 class weights (Weight), but the output has 3 classes")
	for _, w := range []float32{-1, float32(math.NaN()), float32(math.Inf(1))} {
		_, err := (&CrossEntropyLoss{Weight: []float32{1, w, 1}}).Forward(pred, b)
		require.ErrorContains(t, err, "of class 1 (Weight[1]) must be a finite number >= 0")
	}
	// The zero value ignores nothing: -100 is refused as any other
	// label outside the classes; NewCrossEntropyLoss ignores it.
	ignored := &Batch{Labels: []int{-100, 2}}
	_, err = (&CrossEntropyLoss{}).Forward(pred, ignored)
	require.EqualError(t, err, "nn: CrossEntropyLoss: label -100 of sample 0 is outside [0, 3)")
	_, err = NewCrossEntropyLoss().Forward(pred, ignored)
	require.NoError(t, err)
	_, err = NewCrossEntropyLoss().Forward(pred, &Batch{Labels: []int{-1, 2}})
	require.EqualError(t, err, "nn: CrossEntropyLoss: label -1 of sample 0 is outside [0, 3)")
}

// A part of a batch (Batch.MeanRows) needs the whole batch's divisor when
// the loss weighs its labels: without Batch.MeanWeight the part cannot
// know it, and Forward says so rather than divide by the wrong number. A
// part without ignored labels and without Weight divides by MeanRows as
// before; one whose labels all count for nothing has loss 0.
func TestCrossEntropyLossPartOfBatch(t *testing.T) {
	rng := NewRNG(5)
	pred := randTensor(rng, 1, 3, 4)
	ce := NewCrossEntropyLoss()
	part := &Batch{Labels: []int{0, 3, 1}, MeanRows: 6}
	got, err := ce.Forward(pred, part)
	require.NoError(t, err)
	whole, err := ce.Forward(pred, &Batch{Labels: part.Labels})
	require.NoError(t, err)
	require.InDelta(t, whole/2, got, 1e-12, "MeanRows 6: half of the part's own mean")

	part.Labels = []int{0, -100, 1}
	_, err = ce.Forward(pred, part)
	require.ErrorContains(t, err, "set Batch.MeanWeight to CrossEntropyLoss.MeanWeight of the whole batch's labels")
	part.MeanWeight = 4
	got, err = ce.Forward(pred, part)
	require.NoError(t, err)
	own, err := ce.Forward(pred, &Batch{Labels: part.Labels})
	require.NoError(t, err)
	require.InDelta(t, own*2/4, got, 1e-12, "2 labels counted here, 4 in the whole batch")

	weighted := &CrossEntropyLoss{Weight: []float32{1, 2, 3, 4}}
	require.Equal(t, 1.0+4+2, weighted.MeanWeight([]int{0, 3, 1}))
	_, err = weighted.Forward(pred, &Batch{Labels: []int{0, 3, 1}, MeanRows: 6})
	require.ErrorContains(t, err, "Batch.MeanWeight")

	none := &Batch{Labels: []int{-100, -100, -100}, MeanRows: 6}
	got, err = ce.Forward(pred, none)
	require.NoError(t, err)
	require.Equal(t, 0.0, got)
	require.Equal(t, make([]float32, 12), ce.Backward().Data)
}

// BCEWithLogitsLoss's PosWeight holds one finite value >= 0 per output.
func TestBCEWithLogitsLossRefusesBadPosWeight(t *testing.T) {
	pred := NewTensor(2, 2)
	b := &Batch{Targets: *NewTensor(2, 2)}
	_, err := (&BCEWithLogitsLoss{PosWeight: []float32{1}}).Forward(pred, b)
	require.EqualError(t, err, "nn: BCEWithLogitsLoss has 1 positive weights (PosWeight), but the output has 2 values per sample")
	_, err = (&BCEWithLogitsLoss{PosWeight: []float32{1, -2}}).Forward(pred, b)
	require.EqualError(t, err, "nn: BCEWithLogitsLoss: the positive weight -2 of output 1 (PosWeight[1]) must be a finite number >= 0")
}
