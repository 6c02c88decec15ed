package callbacks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A Path with fields saves each epoch due a save to a file named by its
// epoch and metrics, holding that epoch's weights; with SaveAtEnd the
// epoch that stops early is saved so too, before EarlyStopping restores
// the best weights, and the last epoch of a run that does not stop is
// saved at the end under its own name.
func TestCheckpointPathTemplate(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 50)
	dir := t.TempDir()
	c := &Checkpoint{Path: filepath.Join(dir, "ck-{epoch:02d}-{val_loss:.4f}.safetensors"), Every: 2, SaveAtEnd: true,
		Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model, Epoch: t.Epoch()} }}
	es := &nn.EarlyStopping{Monitor: nn.MetricLoss, MinDelta: 10, Patience: 2, RestoreBest: true}
	weights := map[int]map[string][]float32{}
	valLoss := map[int]float64{}
	record := &Lambda{EpochEnd: func(t *nn.Trainer, e *nn.EpochInfo) error {
		weights[e.Epoch], valLoss[e.Epoch] = weightsOf(t.Model), e.ValLoss
		return nil
	}}
	tr.Callbacks = []nn.Callback{record, es, c}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.Equal(t, 3, es.StoppedEpoch())
	names, err := filepath.Glob(filepath.Join(dir, "ck-*"))
	require.NoError(t, err)
	want := []string{filepath.Join(dir, fmt.Sprintf("ck-02-%.4f.safetensors", valLoss[2])), filepath.Join(dir, fmt.Sprintf("ck-03-%.4f.safetensors", valLoss[3]))}
	assert.Equal(t, want, names)
	for i, epoch := range []int{2, 3} {
		m, err := model.Load(names[i])
		require.NoError(t, err)
		assert.Equal(t, epoch, m.Epoch)
		assert.Equal(t, weights[epoch], m.Weights(), "epoch %d's own weights", epoch)
	}
	assert.Equal(t, 3, c.LastSaved)
	assert.Equal(t, want[1], c.LastPath)
	assert.Equal(t, weights[1], weightsOf(tr.Model), "training ends with the best (first) epoch's weights")

	tr, _ = blobTrainer(t, 12, 3)
	c = &Checkpoint{Path: filepath.Join(dir, "end-{epoch}.safetensors"), Every: 10, SaveAtEnd: true,
		Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model, Epoch: t.Epoch()} }}
	tr.Callbacks = []nn.Callback{c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	_, err = os.Stat(filepath.Join(dir, "end-3.safetensors"))
	require.NoError(t, err, "the last epoch, saved at the end")
}

// A template Fit cannot fill, or one with OnInterrupt, is refused before
// training.
func TestCheckpointPathTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	snap := func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model} }
	tr, ds := blobTrainer(t, 12, 2)
	for _, c := range []struct {
		ckpt *Checkpoint
		want string
	}{
		{&Checkpoint{Path: filepath.Join(dir, "ck-{val_loss:.3f}"), Snapshot: snap}, `callbacks: Checkpoint.Path: the field {val_loss}: nn: the monitored metric "val_loss" needs a validation set, and Fit has none`},
		{&Checkpoint{Path: filepath.Join(dir, "ck-{step}"), Snapshot: snap}, "callbacks: Checkpoint.Path: unknown field {step}; the fields are {epoch}, {loss}, {accuracy}, {val_loss}, {val_accuracy}"},
		{&Checkpoint{Path: filepath.Join(dir, "ck-{epoch}"), Snapshot: snap, OnInterrupt: true}, "callbacks: Checkpoint.OnInterrupt needs a Path without fields: an interrupted run is between the epochs a template names"},
	} {
		tr.Callbacks = []nn.Callback{c.ckpt}
		require.EqualError(t, tr.Fit(context.Background(), ds, nil), c.want)
	}
}
