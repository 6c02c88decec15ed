package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShapeStrings(t *testing.T) {
	assert.Equal(t, "[1, 28, 28]", Shape{1, 28, 28}.String())
	assert.Equal(t, "(None, 32, 28, 28)", Shape{32, 28, 28}.Batched())
	assert.Equal(t, "(None, 784)", Shape{784}.Batched())
	assert.Equal(t, 784, Shape{1, 28, 28}.Size())
	assert.True(t, Shape{2, 3}.Equal(Shape{2, 3}))
	assert.False(t, Shape{2, 3}.Equal(Shape{3, 2}))
	assert.False(t, Shape{6}.Equal(Shape{6, 1}))
}

// An image model keeps [C, H, W] through shape-preserving layers, Flatten
// turns it into a vector, and the summary shows each layer's shape.
func TestSequentialShapes(t *testing.T) {
	m, err := NewSequential(Shape{2, 3, 4}, NewReLU(), NewDropout(0.5), NewFlatten(), NewLinear(24, 5))
	require.NoError(t, err)
	assert.Equal(t, Shape{2, 3, 4}, m.InShape())
	assert.Equal(t, Shape{5}, m.OutShape())
	assert.Equal(t, 24, m.InFeatures())
	assert.Equal(t, 5, m.OutFeatures())
	var shapes []string
	for _, l := range m.Describe() {
		shapes = append(shapes, l.OutShape.Batched())
		assert.Equal(t, l.OutShape.Size(), l.Out)
	}
	assert.Equal(t, []string{"(None, 2, 3, 4)", "(None, 2, 3, 4)", "(None, 24)", "(None, 5)"}, shapes)

	// A flat batch [n, 24] is seen as [n, 2, 3, 4] by the first layer.
	m.Eval()
	x := randTensor(NewRNG(1), 1, 7, 24)
	relu := m.Layers[0]
	y := m.Forward(x)
	assert.Equal(t, []int{7, 5}, y.Shape)
	assert.Equal(t, []int{7, 2, 3, 4}, relu.(*ReLU).y.Shape)
	m.Train()
	dy := randTensor(NewRNG(2), 1, 7, 5)
	m.Forward(x)
	assert.Equal(t, []int{7, 2, 3, 4}, m.Layers[1].(*Dropout).y.Shape)
	m.Backward(dy)
	assert.Equal(t, []int{7, 2, 3, 4}, m.Layers[2].Backward(randTensor(NewRNG(3), 1, 7, 24), true).Shape)
}

// A layer that does not take its input's shape is an error naming the
// layer's index and type and both shapes.
func TestSequentialShapeMismatch(t *testing.T) {
	_, err := NewSequential(Shape{64, 7, 7}, NewReLU(), NewLinear(3136, 128))
	require.EqualError(t, err, "nn: layer 1 (Linear): Linear(in_features=3136, out_features=128) takes input of shape [3136], got [64, 7, 7] (add a Flatten() before it)")
	_, err = NewSequential(10, NewLinear(10, 4), NewBatchNorm1d(5))
	require.EqualError(t, err, "nn: layer 1 (BatchNorm1d): BatchNorm1d(5) takes input of shape [5], got [4]")
	_, err = NewSequential(Shape{2, 2}, NewSoftmax())
	require.EqualError(t, err, "nn: layer 0 (Softmax): Softmax(dim=1) takes input of shape [features], got [2, 2]: PyTorch's Softmax(dim=1) on it is a softmax over dimension 1 (an image's channels) "+
		"at each position of the others, which brawn does not have (a Flatten() before it would make it a softmax over all 4 values instead, another function)")
	_, err = NewSequential(Shape{1, 0, 28}, NewReLU())
	require.EqualError(t, err, "nn: model input: dimension 1 of the input shape [1, 0, 28] is 0 (must be positive)")
	_, err = NewSequential(Shape{}, NewReLU())
	require.EqualError(t, err, "nn: model input: the input shape is empty")
}

// Flatten's gradient is dy reshaped to the input's shape, and its output
// shares the input's values.
func TestFlattenGradients(t *testing.T) {
	checkLayer(t, NewFlatten(), Shape{3, 2, 5}, 2, 8)
	f := NewFlatten()
	_, err := f.Build(Shape{3, 2, 5}, &Env{})
	require.NoError(t, err)
	x := randTensor(NewRNG(4), 1, 2, 3, 2, 5)
	y := f.Forward(x)
	assert.Equal(t, []int{2, 30}, y.Shape)
	assert.Equal(t, x.Data, y.Data)
}

// A shaped model's training step allocates nothing in steady state, as an
// MLP's.
func TestShapedForwardAllocs(t *testing.T) {
	m, err := NewSequential(Shape{2, 3, 4}, NewReLU(), NewFlatten(), NewLinear(24, 5))
	require.NoError(t, err)
	x := randTensor(NewRNG(1), 1, 8, 24)
	dy := randTensor(NewRNG(2), 1, 8, 5)
	allocs := testing.AllocsPerRun(20, func() {
		m.Forward(x)
		m.Backward(dy)
	})
	assert.Zero(t, allocs)
}
