package run

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A report that cannot be written at the end of epoch 1 (here the --json
// document, whose directory is gone, as a full disk under --logdir or
// --json fails) ends the run with an error naming the file, after the
// checkpoint of epoch 1 is saved; the run then resumes from it.
func TestReportFailureKeepsTheEpoch(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	reports := filepath.Join(dir, "reports")
	require.NoError(t, os.Mkdir(reports, 0o755))
	metrics := filepath.Join(reports, "m.json")
	writeBlobs(t, train, 120, 1)
	c := DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.Save, c.JSON = train, 0.25, save, metrics
	c.Arch.Hidden = []int{8}
	c.Epochs, c.Quiet = 3, true
	// A Config callback runs before the run's reports: it takes their
	// directory away once epoch 1 has trained.
	c.Callbacks = []nn.Callback{&callbacks.Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error {
		if e.Epoch == 1 {
			return os.RemoveAll(reports)
		}
		return nil
	}}}
	require.NoError(t, c.Validate(nil))
	err := Train(context.Background(), &c)
	require.Error(t, err)
	var ce *nn.CallbackError
	require.ErrorAs(t, err, &ce)
	assert.IsType(t, &callbacks.JSONMetrics{}, ce.Callback)
	assert.Equal(t, 1, ce.Epoch)
	assert.Contains(t, err.Error(), metrics)
	assert.Contains(t, err.Error(), "the run is saved to "+save+" after epoch 1; continue it with the same flags and --resume "+save)

	m, err := model.Load(save)
	require.NoError(t, err, "the epoch trained before the report failed is saved")
	assert.Equal(t, 1, m.Epoch)
	require.Len(t, m.History, 1)
	assert.Equal(t, 1, m.History[0].Epoch)

	require.NoError(t, os.Mkdir(reports, 0o755))
	c = DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.Save, c.JSON = train, 0.25, save, metrics
	c.Arch.Hidden = []int{8}
	c.Epochs, c.Quiet, c.Resume = 3, true, save
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	m, err = model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Epoch)
	assert.Len(t, m.History, 3)
	_, err = os.Stat(metrics)
	assert.NoError(t, err)
}
