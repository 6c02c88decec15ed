package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A Sequential struct literal has no input shape, parameters or buffers:
// Fit, Evaluate and Predict return ErrUnbuilt, Forward panics with its
// message, rather than failing further on with an unrelated error or a
// slice out of range.
func TestUnbuiltSequentialRefused(t *testing.T) {
	net := &Sequential{Layers: []Layer{NewLinear(8, 3)}}
	require.ErrorIs(t, net.CheckBuilt(), ErrUnbuilt)
	_, err := net.Predict(make([]float32, 8), 1)
	require.ErrorIs(t, err, ErrUnbuilt)
	require.PanicsWithValue(t, "nn.Sequential.Forward: "+unbuilt, func() { net.Forward(NewTensor(2, 8)) })

	built, err := NewSequential(8, NewLinear(8, 3))
	require.NoError(t, err)
	require.NoError(t, built.CheckBuilt())
	opt, err := NewSGD(Groups(built.Params(), 0.1, 0, false), SGDConfig{})
	require.NoError(t, err)
	train := blobs(t, 16, 8, 3, 1)
	tr := &Trainer{Model: net, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 1}
	require.ErrorIs(t, tr.Fit(context.Background(), train, nil), ErrUnbuilt)
	_, err = Evaluate(net, NewCrossEntropyLoss(), train, 4)
	require.ErrorIs(t, err, ErrUnbuilt)
}
