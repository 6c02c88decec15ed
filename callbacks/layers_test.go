package callbacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// One entry per Linear layer, with the dead fraction of the ReLU after it
// (past a BatchNorm1d), and -1 for the output layer.
func TestLinearHealth(t *testing.T) {
	net, err := nn.NewSequential(4, nn.NewLinear(4, 8), nn.NewBatchNorm1d(8), nn.NewReLU(), nn.NewLinear(8, 3))
	require.NoError(t, err)
	stats := []nn.LayerStats{
		{Type: "Linear", WeightNorm: 2, GradNorm: 0.5},
		{Type: "BatchNorm1d"},
		{Type: "ReLU", HasDead: true, Dead: 0.25},
		{Type: "Linear", WeightNorm: 3, GradNorm: 0.1},
	}
	assert.Equal(t, []LayerHealth{
		{Layer: "0 (Linear 4->8)", Index: "0", WeightNorm: 2, GradNorm: 0.5, Elements: 32, DeadFraction: 0.25},
		{Layer: "3 (Linear 8->3)", Index: "3", WeightNorm: 3, GradNorm: 0.1, Elements: 24, DeadFraction: -1},
	}, LinearHealth(net, stats))
	assert.Equal(t, "2 (ReLU)", LayerLabel(net, 2))
}
