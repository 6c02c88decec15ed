package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// A network with a BatchNorm1d without running statistics normalises
// with each batch's statistics in evaluation too, as PyTorch's does: Infer
// (Predict, Evaluate) runs the caller's batches, the last one shorter and
// not padded with zero rows (which would change the batch's mean and
// variance), giving Net.Predict's outputs for the same batches; rows that
// would leave a last batch of one sample end in two even batches instead,
// and a batch of one sample is refused.
func TestInferBatchStatistics(t *testing.T) {
	net, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewBatchNorm1dWith(8, true, false), nn.NewTanh(), nn.NewLinear(8, 2))
	require.NoError(t, err)
	require.True(t, net.BatchStatistics())
	sc, _ := trainedXOR(t, net)
	m := &Model{Net: net, Scaler: sc}
	rng := nn.NewRNG(3)
	const n = 1100 // more than a block of BlockRows
	require.Equal(t, 1024, BlockRows(net))
	raw := make([]float32, 2*n)
	y := make([]int, n)
	for i := range n {
		raw[2*i], raw[2*i+1] = float32(10+20*rng.Float64()), float32(100+200*rng.Float64())
		y[i] = i % 2
	}
	scaled := &data.Dataset{X: append([]float32(nil), raw...), Features: 2, Y: y, Classes: 2}
	require.NoError(t, sc.Apply(scaled))
	for _, batch := range []int{4, 1000, 1100, 5000} {
		p, err := m.Predict(raw, batch)
		require.NoError(t, err, "batch %d", batch)
		logits, err := net.Predict(scaled.X, batch)
		require.NoError(t, err, "batch %d", batch)
		want := make([]float32, len(logits))
		kernels.Softmax(want, logits, n, 2)
		require.Equal(t, want, p.Probs, "batch %d", batch)

		ev, err := m.Evaluate(scaled, nn.NewCrossEntropyLoss(), batch)
		require.NoError(t, err, "batch %d", batch)
		met, err := nn.Evaluate(net, nn.NewCrossEntropyLoss(), scaled, batch)
		require.NoError(t, err, "batch %d", batch)
		assert.InDelta(t, met.Loss, ev.Loss, 1e-6*math.Abs(met.Loss), "batch %d", batch)
		assert.Equal(t, met.Accuracy, ev.Accuracy, "batch %d", batch)
	}
	// 1100 = 1099 + 1 would leave a last batch of one sample: the rows run
	// as two batches of 550, as Net.Predict and nn.Evaluate run them.
	p, err := m.Predict(raw, 1099)
	require.NoError(t, err)
	logits, err := net.Predict(scaled.X, 550)
	require.NoError(t, err)
	want := make([]float32, len(logits))
	kernels.Softmax(want, logits, n, 2)
	require.Equal(t, want, p.Probs)
	ev, err := m.Evaluate(scaled, nn.NewCrossEntropyLoss(), 1099)
	require.NoError(t, err)
	met, err := nn.Evaluate(net, nn.NewCrossEntropyLoss(), scaled, 550)
	require.NoError(t, err)
	assert.InDelta(t, met.Loss, ev.Loss, 1e-6*math.Abs(met.Loss))
	// A batch of one sample is refused.
	const batchOne = "expected more than 1 value per channel when training"
	_, err = m.Predict(raw, 1)
	require.ErrorContains(t, err, batchOne)
	require.ErrorContains(t, err, "(1100 samples at batch size 1 leave a batch of 1: use a batch size of 3 or more)")
	_, err = m.Evaluate(scaled, nn.NewCrossEntropyLoss(), 1)
	require.ErrorContains(t, err, batchOne)
	_, err = m.Predict(raw[:2], 1000)
	require.ErrorContains(t, err, "(1 sample to evaluate: evaluate 2 or more at once)")
	_, err = net.Predict(scaled.X, 1)
	require.ErrorContains(t, err, "(1100 samples at batch size 1 leave a batch of 1: use a batch size of 3 or more)")
	_, err = nn.Evaluate(net, nn.NewCrossEntropyLoss(), scaled, 1)
	require.ErrorContains(t, err, batchOne)

	// With running statistics a row's outputs are its own: no refusal.
	tracked, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewBatchNorm1d(8), nn.NewTanh(), nn.NewLinear(8, 2))
	require.NoError(t, err)
	require.False(t, tracked.BatchStatistics())
	_, err = (&Model{Net: tracked}).PredictScaled(scaled.X, 1099)
	require.NoError(t, err)
}
