package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/nn"
)

// A BatchNorm1d with PyTorch's cumulative average (momentum=None) saves
// as "BatchNorm1d(8, momentum=None)" and loads back as one, with its
// running statistics and num_batches_tracked.
func TestBatchNormCumulativeRoundTrips(t *testing.T) {
	net := xorNet(t)
	bn := net.Layers[1].(*nn.BatchNorm1d)
	bn.CumulativeAverage = true
	sc, _ := trainedXOR(t, net)
	require.Equal(t, float32(50), bn.NumTracked.Value.Data[0], "trained 50 batches")
	path := tempFile(t)
	require.NoError(t, Save(path, &Model{Net: net, Scaler: sc}))
	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Linear(2, 8), BatchNorm1d(8, momentum=None), Tanh(), Linear(8, 2))", f.Metadata[MetaPyTorch])
	got, err := Load(path)
	require.NoError(t, err)
	gbn := got.Net.Layers[1].(*nn.BatchNorm1d)
	assert.True(t, gbn.CumulativeAverage)
	assert.Equal(t, bn.RunningMean.Value.Data, gbn.RunningMean.Value.Data)
	assert.Equal(t, bn.RunningVar.Value.Data, gbn.RunningVar.Value.Data)
	assert.Equal(t, bn.NumTracked.Value.Data, gbn.NumTracked.Value.Data)
}

// Save refuses a nil model with an error rather than a panic.
func TestSaveNilModel(t *testing.T) {
	err := Save(tempFile(t), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "saving the model: the model is nil")
}

// An MLP too large to train is refused in the library's terms (its
// fields), not a command's flags.
func TestMLPTooLargeNamesField(t *testing.T) {
	_, err := MLP{Inputs: 784, Hidden: []int{100000, 100000}, Classes: 10, Activation: "relu"}.Build()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than brawn trains in memory; use smaller hidden layers (MLP.Hidden)")
	assert.NotContains(t, err.Error(), "--")
}
