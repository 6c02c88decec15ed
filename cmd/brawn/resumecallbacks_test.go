package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// --resume gives --save-best its best validation loss so far and the
// health check its first loss back from the checkpoint: a best no epoch
// can beat keeps the best file from being written, and a first loss a
// thousandth of the run's stops it as diverged.
func TestResumeRestoresBestAndHealth(t *testing.T) {
	dir := t.TempDir()
	modelPath, train, test := trainCheckpoint(t, "--val-split", "0.2", "--save-best", filepath.Join(dir, "best0.safetensors"))
	resume := func(i int, key, value string) (best string, err error) {
		in := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
			require.Contains(t, meta, model.StatePrefix+key)
			meta[model.StatePrefix+key] = value
		})
		best = filepath.Join(dir, "best"+string(rune('1'+i))+".safetensors")
		_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", in, "--epochs", "4", "--val-split", "0.2", "--save-best", best)...)
		return best, err
	}
	for i, tc := range []struct {
		value     string
		bestSaved bool
	}{{"f:0", false}, {"f:1e9", true}} {
		best, err := resume(i, "save_best.val_loss", tc.value)
		require.NoError(t, err)
		_, statErr := os.Stat(best)
		assert.Equal(t, tc.bestSaved, statErr == nil, "best val_loss %s", tc.value)
	}
	_, err := resume(2, "health.first_loss", "f:1e-9")
	require.ErrorContains(t, err, "diverged")
	_, err = resume(3, "health.first_loss", "f:10")
	require.NoError(t, err)
}
