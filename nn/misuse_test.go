package nn

import (
	"context"
	"math"
	"testing"

	"github.com/brawn-ml/brawn/data"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForwardRefusesEmptyBatch: a batch of no rows, or none at all, panics as Forward's
// doc says, before a BatchNorm2d in training mode averages nothing into
// its running statistics (they stayed NaN).
func TestForwardRefusesEmptyBatch(t *testing.T) {
	bn := NewBatchNorm2d(2)
	conv, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{3, 3}})
	require.NoError(t, err)
	net, err := NewSequential(Shape{1, 4, 4}, conv, bn, NewReLU(), NewMaxPool2d(2))
	require.NoError(t, err)
	require.PanicsWithValue(t, "nn.Sequential.Forward: a batch of 0 rows; it needs at least one", func() { net.Forward(NewTensor(0, 1, 4, 4)) })
	assert.Equal(t, []float32{0, 0}, bn.RunningMean.Value.Data)
	assert.Equal(t, []float32{1, 1}, bn.RunningVar.Value.Data)

	mlpNet, err := NewSequential(3, NewLinear(3, 2))
	require.NoError(t, err)
	require.PanicsWithValue(t, "nn.Sequential.Forward: a batch of 0 rows; it needs at least one", func() { mlpNet.Forward(NewTensor(0, 3)) })
	require.PanicsWithValue(t, "nn.Sequential.Forward: the input is nil", func() { mlpNet.Forward(nil) })
}

// TestEmptySetsAreErrors: evaluating on, or validating with, a data set of
// no samples is an error naming the set (a mean over none was NaN).
func TestEmptySetsAreErrors(t *testing.T) {
	tr, _ := mlp(t, 2, 1, 3, 4, 2)
	empty := &data.Dataset{Features: 3, Y: []int{}, Classes: 2, Source: "empty"}
	_, err := Evaluate(tr.Model, tr.Loss, empty, 4)
	require.EqualError(t, err, "nn: the evaluation set is empty")
	require.EqualError(t, tr.Fit(context.Background(), empty, nil), "nn: the training set is empty")
	require.EqualError(t, tr.Fit(context.Background(), blobs(t, 8, 3, 2, 1), empty), "nn: the validation set is empty")
}

// TestBackwardChecksOutputGradient: Backward before any Forward, or with
// an output gradient of other rows than the last Forward's, panics
// saying so (a smaller one silently gave one sample's gradient).
func TestBackwardChecksOutputGradient(t *testing.T) {
	conv, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{3, 3}})
	require.NoError(t, err)
	net, err := NewSequential(Shape{1, 4, 4}, conv, NewReLU(), NewMaxPool2d(2))
	require.NoError(t, err)
	require.PanicsWithValue(t, "nn.Sequential.Backward: no Forward before it", func() { net.Backward(NewTensor(2, 2, 1, 1)) })
	net.Forward(NewTensor(2, 1, 4, 4))
	for _, dy := range []*Tensor{NewTensor(1, 2, 1, 1), NewTensor(3, 2, 1, 1), NewTensor(2, 3, 1, 1)} {
		assert.Panics(t, func() { net.Backward(dy) }, "%v", dy.Shape)
	}
	require.PanicsWithValue(t, "nn.Sequential.Backward: dy has shape [1, 2, 1, 1], but the last Forward's output is 2 rows of [2, 1, 1]",
		func() { net.Backward(NewTensor(1, 2, 1, 1)) })
	require.NotPanics(t, func() { net.Backward(NewTensor(2, 2, 1, 1)) })
	require.NotPanics(t, func() { net.Backward(NewTensor(2, 2)) }, "the output's values per row, flat")
}

// TestZeroValueBatchNormRefused: a batch norm layer not made by its
// constructor has no buffers for its statistics; NewSequential says so
// rather than Forward dividing by zero.
func TestZeroValueBatchNormRefused(t *testing.T) {
	_, err := NewSequential(Shape{1, 4, 4}, &BatchNorm2d{})
	require.EqualError(t, err, "nn: layer 0 (BatchNorm2d): BatchNorm2d(0) was not made for 0 features by NewBatchNorm2d or NewBatchNorm2dWith")
	_, err = NewSequential(Shape{3, 4, 4}, &BatchNorm2d{NumFeatures: 3})
	require.ErrorContains(t, err, "BatchNorm2d(3) was not made for 3 features")
	_, err = NewSequential(4, &BatchNorm1d{NumFeatures: 4})
	require.EqualError(t, err, "nn: layer 0 (BatchNorm1d): BatchNorm1d(4) was not made for 4 features by NewBatchNorm1d or NewBatchNorm1dWith")
	_, err = NewSequential(Shape{3, 4, 4}, NewBatchNorm2dWith(3, false, false))
	require.NoError(t, err)
}

// TestFitRefusesBadCoefficients: a negative or non-finite clipping bound
// or penalty coefficient is refused before training, naming the field,
// and a NaN label smoothing at the first step, naming the setting rather
// than a NaN loss.
func TestFitRefusesBadCoefficients(t *testing.T) {
	train := blobs(t, 8, 3, 2, 1)
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		set  func(*Trainer)
		want string
	}{
		{func(tr *Trainer) { tr.ClipNorm = -1 }, "nn: Trainer.ClipNorm -1 must be a finite number >= 0 (0 turns it off)"},
		{func(tr *Trainer) { tr.ClipNorm = nan }, "nn: Trainer.ClipNorm NaN must be"},
		{func(tr *Trainer) { tr.ClipValue = inf }, "nn: Trainer.ClipValue +Inf must be"},
		{func(tr *Trainer) { tr.Penalty.L1 = nan }, "nn: Trainer.Penalty.L1 NaN must be"},
		{func(tr *Trainer) { tr.Penalty.L2 = -1 }, "nn: Trainer.Penalty.L2 -1 must be"},
		{func(tr *Trainer) { tr.Loss.(*CrossEntropyLoss).LabelSmoothing = nan }, "nn: CrossEntropyLoss label smoothing NaN is outside [0, 1]"},
	} {
		tr, _ := mlp(t, 2, 1, 3, 4, 2)
		tr.Epochs = 1
		c.set(tr)
		err := tr.Fit(context.Background(), train, nil)
		require.Error(t, err, c.want)
		assert.Contains(t, err.Error(), c.want)
		assert.Zero(t, tr.Epoch(), c.want)
	}
	tr, _ := mlp(t, 2, 1, 3, 4, 2)
	tr.Epochs = 1
	tr.ClipNorm, tr.ClipValue, tr.Penalty = 0, 0, Penalty{}
	require.NoError(t, tr.Fit(context.Background(), train, nil), "zeros turn them off")
	assert.Equal(t, 1, tr.Epoch())
}

// TestUnbuiltLayerForwardPanics: a layer's Forward called before
// NewSequential built it panics naming the layer and the way to build it;
// Softmax and Flatten, which need nothing from Build, run.
func TestUnbuiltLayerForwardPanics(t *testing.T) {
	conv, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{3, 3}})
	require.NoError(t, err)
	flat, img := NewTensor(2, 4), NewTensor(2, 1, 4, 4)
	for _, c := range []struct {
		l Layer
		x *Tensor
	}{
		{NewReLU(), flat}, {NewLeakyReLU(0.1), flat}, {NewSigmoid(), flat}, {NewTanh(), flat},
		{NewAdaptiveAvgPool2d(1, 1), img}, {NewAvgPool2d(2), img}, {NewMaxPool2d(2), img},
		{NewBatchNorm1d(4), flat}, {NewBatchNorm2d(1), img}, {conv, img}, {NewLinear(4, 2), flat},
		{NewDropout(0.5), flat}, {NewDropout2d(0.5), img}, {NewResidual([]Layer{NewLinear(4, 4)}, nil), flat},
	} {
		want := "nn." + c.l.Type() + ".Forward: the layer is not built; put it in a network, nn.NewSequential(inputShape, layer), which builds it, and call the network's Forward"
		assert.PanicsWithValue(t, want, func() { c.l.Forward(c.x) }, c.l.Type())
	}
	assert.NotPanics(t, func() { NewSoftmax().Forward(flat) })
	assert.NotPanics(t, func() { NewFlatten().Forward(img) })
}

// TestForwardRefusesPermutedShape: an input of a batch's rank whose
// sample dimensions are not the model's (NHWC images for an NCHW network)
// panics naming both shapes; flat rows and inputs of another rank with
// the sample's value count run, as Forward's doc says.
func TestForwardRefusesPermutedShape(t *testing.T) {
	net, err := NewSequential(Shape{1, 8, 8}, NewFlatten(), NewLinear(64, 2))
	require.NoError(t, err)
	assert.PanicsWithValue(t, "nn.Sequential.Forward: input has shape [2, 8, 8, 1], but the model takes samples of shape [1, 8, 8]: give a batch [2, 1, 8, 8] (NCHW, as PyTorch's: NHWC images need their channels moved first), or rows of 64 values",
		func() { net.Forward(NewTensor(2, 8, 8, 1)) })
	assert.Panics(t, func() { net.Forward(NewTensor(2, 1, 4, 16)) })
	for _, x := range []*Tensor{NewTensor(2, 1, 8, 8), NewTensor(2, 64), NewTensor(2, 8, 8)} {
		assert.NotPanics(t, func() { net.Forward(x) }, "%v", x.Shape)
	}
	mlpNet, err := NewSequential(16, NewLinear(16, 2))
	require.NoError(t, err)
	assert.NotPanics(t, func() { mlpNet.Forward(NewTensor(2, 4, 4)) }, "another rank, 16 values a row")
	assert.Panics(t, func() { mlpNet.Forward(NewTensor(2, 15)) })
}
