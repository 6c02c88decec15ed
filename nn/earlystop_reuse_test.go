package nn

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// One EarlyStopping with RestoreBest serves a run of a larger model, then
// one of a smaller model: the second run restores and exports its own
// model's best weights only, not the first run's.
func TestEarlyStoppingReusedOnASmallerModel(t *testing.T) {
	// Only epoch 1 improves (on +Inf) by MinDelta, and epoch 2 stops.
	es := &EarlyStopping{Monitor: MetricLoss, MinDelta: 1e9, RestoreBest: true}
	ds := blobs(t, 32, 8, 3, 1)
	run := func(layers ...Layer) *Trainer {
		m, err := NewSequential(8, layers...)
		require.NoError(t, err)
		opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
		require.NoError(t, err)
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 8, Epochs: 5, Callbacks: []Callback{es}}
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		require.Equal(t, 2, tr.Epoch(), "stopped at epoch 2")
		return tr
	}
	run(NewLinear(8, 6), NewReLU(), NewLinear(6, 3))
	small := run(NewLinear(8, 3))
	for name := range small.Export().Tensors {
		if strings.HasPrefix(name, "early_stop.") {
			require.Contains(t, []string{"early_stop.best.0.weight", "early_stop.best.0.bias"}, name)
		}
	}
}
