package model

import (
	"fmt"
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
	require.Equal(t, float32(50), bn.NumBatchesTracked.Value.Data[0], "trained 50 batches")
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
	assert.Equal(t, bn.NumBatchesTracked.Value.Data, gbn.NumBatchesTracked.Value.Data)
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

// ParseModuleFor refuses a sample shape that is neither [features] nor
// [C, H, W] of positive sizes, naming it.
func TestParseModuleForRefusesBadShape(t *testing.T) {
	for _, in := range []nn.Shape{{}, {3, 4}, {0}, {1, 0, 5}} {
		_, err := ParseModuleFor("Sequential(Linear(4, 2))", in)
		require.Error(t, err, "%v", in)
		assert.Contains(t, err.Error(), fmt.Sprintf("the samples' shape %v is neither [features] nor [channels, height, width] of positive sizes", []int(in)))
	}
}

// A BatchNorm1d on images suggests BatchNorm2d of their channels, not a
// Flatten.
func TestBatchNorm1dOnImagesSuggestsBatchNorm2d(t *testing.T) {
	s, err := ParseModuleFor("Sequential(Conv2d(1, 8, 3), BatchNorm1d(4))", nn.Shape{1, 6, 6})
	require.NoError(t, err)
	_, err = s.Build()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BatchNorm1d(4) takes input of shape [4], got [8, 4, 4] (use BatchNorm2d(8) for images of 8 channels)")
	assert.NotContains(t, err.Error(), "Flatten")
}
