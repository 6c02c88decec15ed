package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run that trains on past its best validation epoch says so at its end,
// with how to keep the best epoch's weights, and --json gives both
// epochs; a run whose weights are its best epoch's says nothing more.
func TestTrainSaysWhenTheBestEpochIsNotKept(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	metrics := filepath.Join(dir, "m.json")
	// Adam at a high rate makes the validation curve go up and down.
	args := blobArgs(train, test, "--epochs", "12", "--lr", "0.1", "--val-split", "0.2", "--json", metrics)
	out, _, err := runCLI(context.Background(), args...)
	require.NoError(t, err)
	doc := readMetrics(t, metrics)
	best, kept := int(doc["best_epoch"].(float64)), int(doc["weights_epoch"].(float64))
	require.Equal(t, "val_loss", doc["monitor"])
	require.Equal(t, 12, kept)
	require.Less(t, best, kept, "the best epoch comes before the last, or this test shows nothing")
	value := doc["epochs"].([]any)[best-1].(map[string]any)["val_loss"].(float64)
	assert.Contains(t, out, fmt.Sprintf("epoch %d had the best val_loss (%.5g); the weights kept are epoch 12's. To keep the best epoch's: --save-best FILE, or --early-stop N, which restores them when it stops training\n", best, value))

	bestFile := filepath.Join(dir, "best.safetensors")
	out, _, err = runCLI(context.Background(), append(args, "--save-best", bestFile)...)
	require.NoError(t, err)
	assert.Contains(t, out, fmt.Sprintf("epoch %d had the best val_loss (%.5g), saved to %s; the weights kept are epoch 12's\n", best, value, bestFile))

	out, _, err = runCLI(context.Background(), append(args, "--early-stop", "20")...)
	require.NoError(t, err)
	assert.Contains(t, out, "To keep the best epoch's: --save-best FILE (--early-stop restores them only when it stops training)\n")

	// Without restoring, the note points to --early-stop-restore; early
	// stopping's own metric is the one the note names.
	out, _, err = runCLI(context.Background(), append(args, "--early-stop", "20", "--early-stop-restore=false")...)
	require.NoError(t, err)
	assert.Contains(t, out, "To keep the best epoch's: --save-best FILE, or --early-stop-restore, which restores them when it stops training\n")
	out, _, err = runCLI(context.Background(), append(args, "--early-stop", "20", "--early-stop-monitor", "val_accuracy")...)
	require.NoError(t, err)
	doc = readMetrics(t, metrics)
	require.Equal(t, "val_accuracy", doc["monitor"])
	require.NotEqual(t, doc["best_epoch"], doc["weights_epoch"], "val_accuracy's best epoch comes before the last, or this shows nothing")
	assert.Regexp(t, fmt.Sprintf(`epoch %v had the best val_accuracy \(`, doc["best_epoch"]), out)

	// Early stopping restores the best epoch's weights, and plain SGD's
	// last epoch is its best: nothing to say.
	for _, extra := range [][]string{{"--early-stop", "1"}, {"--optimizer", "sgd"}} {
		out, _, err = runCLI(context.Background(), append(args, extra...)...)
		require.NoError(t, err)
		doc = readMetrics(t, metrics)
		require.Equal(t, doc["best_epoch"], doc["weights_epoch"], extra)
		assert.NotContains(t, out, "had the best", extra)
	}
}
