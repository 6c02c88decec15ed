package bench

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTrainFLOPs checks the per-sample FLOPs of a training step against
// hand counts (multiply-adds of weights times output positions, 2 FLOPs
// each; forward, weight and input gradients, no input gradient for the
// first layer with weights).
func TestTrainFLOPs(t *testing.T) {
	mlp, err := newDefaultTrainer(4, 1)
	require.NoError(t, err)
	// 784·256 + 256·128 + 128·10 = 234,752 MACs forward and as many for
	// the weight gradients; the input gradients of the last two layers
	// 256·128 + 128·10 = 34,048.
	require.Equal(t, 2*(2*234752+34048.0), trainFLOPs(mlp.Model))

	cnn, err := newCNNTrainer(4, 1)
	require.NoError(t, err)
	// conv1 32·1·9 weights at 28·28 pixels, conv2 64·32·9 at 14·14,
	// fc1 3136·128, fc2 128·10.
	conv1, conv2, fc1, fc2 := 32*9*784.0, 64*32*9*196.0, 3136*128.0, 128*10.0
	want := 2 * (2*(conv1+conv2+fc1+fc2) + conv2 + fc1 + fc2)
	require.Equal(t, want, trainFLOPs(cnn.Model))
}

// TestTrainFLOPsQuoted: the per-sample FLOPs brawn bench -h and
// docs/BENCHMARKS.md quote (1.007 MFLOP for the MLP, 25.0 for the CNN) are
// trainFLOPs', rounded as printed.
func TestTrainFLOPsQuoted(t *testing.T) {
	mlp, err := newDefaultTrainer(4, 1)
	require.NoError(t, err)
	require.Equal(t, "1.007", fmt.Sprintf("%.3f", trainFLOPs(mlp.Model)/1e6))
	cnn, err := newCNNTrainer(4, 1)
	require.NoError(t, err)
	require.Equal(t, "25.0", fmt.Sprintf("%.1f", trainFLOPs(cnn.Model)/1e6))
}
