package nn

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// A layer object is in one place of one live network: NewSequential
// refuses a nil layer, the same layer twice (at the top level or inside a
// Residual) and a layer another live network holds, naming the layer; a
// layer is free again once its network no longer holds it.
func TestLayerBelongsToOneNetwork(t *testing.T) {
	_, err := NewSequential(4, NewLinear(4, 4), nil)
	require.EqualError(t, err, "nn: layer 1 is nil")
	var typedNil *Linear
	_, err = NewSequential(4, NewReLU(), typedNil)
	require.EqualError(t, err, "nn: layer 1 is nil")

	l := NewLinear(4, 4)
	_, err = NewSequential(4, l, NewReLU(), l)
	require.ErrorContains(t, err, "nn: layer 2 (Linear) is the same object as layer 0")
	_, err = NewSequential(4, l, NewResidual([]Layer{NewReLU(), l}, nil))
	require.ErrorContains(t, err, "nn: layer 1.f.1 (Linear) is the same object as layer 0")
	_, err = NewSequential(4, NewResidual([]Layer{l}, []Layer{l}))
	require.ErrorContains(t, err, "nn: layer 0.downsample.0 (Linear) is the same object as layer 0.f.0")

	d := NewDropout(0.5)
	n1, err := NewSequential(4, l, d)
	require.NoError(t, err)
	_, err = NewSequential(4, NewLinear(4, 4), d)
	require.ErrorContains(t, err, "nn: layer 1 already belongs to another Sequential, which is still in use")
	n1b, err := NewSequential(4, n1.Layers...) // a failed build claimed nothing: still n1's
	require.Nil(t, n1b)
	require.ErrorContains(t, err, "nn: layer 0 already belongs to another Sequential")

	// Once n1 no longer holds d, d is free, n1 alive or not.
	n1.Layers[1] = NewReLU()
	n2, err := NewSequential(4, NewLinear(4, 4), d)
	require.NoError(t, err)
	require.Len(t, n2.Layers, 2)
	runtime.KeepAlive(n1)

	// A network unreachable from anything but its layers (which hold its
	// Env) still holds them: a layer belongs to the network that built it.
	n1, n2 = nil, nil
	runtime.GC()
	_, err = NewSequential(4, l)
	require.ErrorContains(t, err, "nn: layer 0 already belongs to another Sequential")
}
