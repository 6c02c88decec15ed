package callbacks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// In the documented order (EarlyStopping, History, ..., Checkpoint), every
// History row describes one set of weights, the stopping epoch's too: its
// test metrics are of the weights its training and validation metrics are
// of, not of the best weights EarlyStopping restores. The model Fit leaves
// and the file Checkpoint writes at that epoch hold the restored weights.
func TestEarlyStopHistoryRowIsOneSetOfWeights(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 50)
	test, err := ds.Subset([]int{0, 2, 4, 6, 8, 10})
	require.NoError(t, err)
	val := ds
	es := &nn.EarlyStopping{Patience: 1, MinDelta: 10, RestoreBest: true}
	h := &History{Test: test}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	ck := &Checkpoint{Path: path, Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model, Epoch: t.Epoch()} }}
	var first map[string][]float32
	check := &Lambda{EpochEnd: func(tr *nn.Trainer, e *nn.EpochInfo) error {
		if e.Epoch == 1 {
			first = weightsOf(tr.Model)
		}
		v, err := nn.Evaluate(tr.Model, tr.Loss, val, 4)
		require.NoError(t, err)
		require.Equal(t, e.ValLoss, v.Loss, "epoch %d: the model is the one the validation metrics describe", e.Epoch)
		te, err := nn.Evaluate(tr.Model, tr.Loss, test, 4)
		require.NoError(t, err)
		require.Equal(t, h.Last().TestLoss, te.Loss, "epoch %d: History's test metrics are of the same weights", e.Epoch)
		return nil
	}}
	tr.Callbacks = []nn.Callback{es, h, check, ck}
	require.NoError(t, tr.Fit(context.Background(), ds, val))
	require.Equal(t, 2, es.StoppedEpoch())
	require.Equal(t, first, weightsOf(tr.Model), "the best (first) epoch's weights are restored")
	m, err := model.Load(path)
	require.NoError(t, err)
	require.Equal(t, 2, m.Epoch)
	require.Equal(t, first, m.Weights(), "the stopping epoch's save holds the restored weights")
	require.Equal(t, 2, ck.LastSaved)
}
