package nn

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// pytorchBatchOne is the message of torch.nn.functional.batch_norm's
// _verify_batch_size (PyTorch 1.13, torch/nn/functional.py) for an input
// with one value per channel in training mode.
const pytorchBatchOne = "expected more than 1 value per channel when training"

func batchNormNet(t *testing.T) *Sequential {
	m, err := NewSequential(8, NewLinear(8, 4), NewBatchNorm1d(4), NewReLU(), NewLinear(4, 3))
	require.NoError(t, err)
	m.Init(NewRNG(2), KaimingUniform{}, nil)
	return m
}

// TestBatchNormBatchOfOne: a one-row batch is refused in training mode as
// PyTorch refuses it, and accepted in evaluation mode, where it is the
// affine map of the running statistics.
func TestBatchNormBatchOfOne(t *testing.T) {
	m := batchNormNet(t)
	require.EqualError(t, m.CheckBatch(1), "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 4] (a batch of 1 sample has no batch variance)")
	require.NoError(t, m.CheckBatch(2))
	x := FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8}, 1, 8)
	require.PanicsWithValue(t, "nn.BatchNorm1d.Forward: "+pytorchBatchOne+
		", got input of shape [1, 4] (a batch of 1 sample has no batch variance)", func() { m.Forward(x) })

	m.Eval()
	require.NoError(t, m.CheckBatch(1))
	bn := m.Layers[1].(*BatchNorm1d)
	copy(bn.RunningMean.Value.Data, []float32{0.5, -1, 2, 0})
	copy(bn.RunningVar.Value.Data, []float32{4, 0.25, 1, 9})
	lin := m.Layers[0].Forward(x)
	h := append([]float32(nil), lin.Data...)
	got := bn.Forward(lin).Data
	for j := range 4 {
		want := (float64(h[j]) - float64(bn.RunningMean.Value.Data[j])) / math.Sqrt(float64(bn.RunningVar.Value.Data[j])+1e-5)
		require.InDelta(t, want, float64(got[j]), 1e-5, "feature %d", j)
	}
}

// TestTrainerBatchOfOne: Fit refuses, before any step, a run whose batch
// size or last partial batch is 1 sample with BatchNorm1d (PyTorch fails
// at that step mid-epoch); TrainBatch refuses a one-row batch. Without
// BatchNorm1d a batch of 1 trains.
func TestTrainerBatchOfOne(t *testing.T) {
	fit := func(m *Sequential, n, batch int) (*Trainer, error) {
		opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
		require.NoError(t, err)
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch, Epochs: 1, RNG: NewRNG(1)}
		return tr, tr.Fit(context.Background(), blobs(t, n, 8, 3, 1), nil)
	}
	for _, c := range []struct {
		n, batch int
		want     string
	}{
		{10, 1, "; the batch size is 1"},
		{9, 4, "; 9 training samples in batches of 4 leave a last batch of 1: choose a batch size that leaves a last batch of at least 2, or none"},
		{1, 4, "; the training set has 1 sample(s)"},
		{1, 1, "; the training set has 1 sample(s)"},
	} {
		m := batchNormNet(t)
		before := weights(m)
		tr, err := fit(m, c.n, c.batch)
		require.EqualError(t, err, "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
			", got input of shape [1, 4] (a batch of 1 sample has no batch variance)"+c.want, "n %d batch %d", c.n, c.batch)
		require.Zero(t, tr.GlobalStep())
		require.Equal(t, before, weights(m), "nothing trained")
	}
	for _, c := range [][2]int{{10, 4}, {8, 4}, {2, 2}, {3, 3}} {
		tr, err := fit(batchNormNet(t), c[0], c[1])
		require.NoError(t, err, "n %d batch %d", c[0], c[1])
		require.Equal(t, (c[0]+c[1]-1)/c[1], tr.GlobalStep())
	}
	plain, err := NewSequential(8, NewLinear(8, 3))
	require.NoError(t, err)
	tr, err := fit(plain, 9, 4)
	require.NoError(t, err)
	require.Equal(t, 3, tr.GlobalStep())

	m := batchNormNet(t)
	tr, err = fit(m, 8, 4)
	require.NoError(t, err)
	var b Batch
	require.NoError(t, b.Gather(blobs(t, 1, 8, 3, 1), []int{0}))
	before := weights(m)
	_, _, err = tr.TrainBatch(&b)
	require.ErrorContains(t, err, "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne)
	require.Equal(t, before, weights(m))
}

// TestEmptyBatch: a batch without rows is an error from CheckBatch and
// TrainBatch, in every mode and with or without BatchNorm1d, not a panic
// from the kernels.
func TestEmptyBatch(t *testing.T) {
	plain, err := NewSequential(4, NewLinear(4, 8), NewReLU(), NewLinear(8, 2))
	require.NoError(t, err)
	for _, m := range []*Sequential{plain, batchNormNet(t)} {
		for _, rows := range []int{0, -1} {
			require.EqualError(t, m.CheckBatch(rows), fmt.Sprintf("nn: a batch of %d rows; it needs at least one", rows))
		}
		opt, err := NewAdam(Groups(m.Params(), 1e-3, 0, false), DefaultAdamConfig())
		require.NoError(t, err)
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4}
		_, _, err = tr.TrainBatch(&Batch{X: *NewTensor(0, m.Layers[0].(*Linear).InFeatures), Labels: []int{}})
		require.EqualError(t, err, "nn: a batch of 0 rows; it needs at least one")
	}
}
