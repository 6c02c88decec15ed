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

// With early stopping and no --save-best, the best epoch the run reports
// (the end-of-run note and --json's best_epoch) is the one early stopping
// counts, whose weights --early-stop-restore would keep: its min_delta
// and its warm-up (start_from_epoch) applied, which the note names.
func TestBestEpochIsEarlyStoppingsWithMinDeltaAndWarmUp(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	metrics := filepath.Join(dir, "m.json")
	args := blobArgs(train, test, "--epochs", "12", "--lr", "0.1", "--val-split", "0.2", "--json", metrics, "--early-stop", "20")
	_, _, err := runCLI(context.Background(), args...)
	require.NoError(t, err)
	plain := int(readMetrics(t, metrics)["best_epoch"].(float64))
	require.Greater(t, plain, 1, "the plain best is not the first epoch, or this test shows nothing")

	for _, c := range []struct {
		flags []string
		best  func(losses []float64) int
		says  string
	}{
		// Any finite loss beats +Inf by 1e6, none the first by it.
		{[]string{"--early-stop-min-delta", "1e6"}, func([]float64) int { return 1 }, "--early-stop-min-delta 1e+06"},
		// The plain best falls in the warm-up: the best after it.
		{[]string{"--early-stop-start-from-epoch", fmt.Sprint(plain)}, func(l []float64) int {
			best := plain + 1
			for e := best; e <= len(l); e++ {
				if l[e-1] < l[best-1] {
					best = e
				}
			}
			return best
		}, fmt.Sprintf("--early-stop-start-from-epoch %d", plain)},
	} {
		out, _, err := runCLI(context.Background(), append(args, c.flags...)...)
		require.NoError(t, err, c.flags)
		doc := readMetrics(t, metrics)
		var losses []float64
		for _, e := range doc["epochs"].([]any) {
			losses = append(losses, e.(map[string]any)["val_loss"].(float64))
		}
		want := c.best(losses)
		require.NotEqual(t, plain, want, c.flags)
		assert.EqualValues(t, want, doc["best_epoch"], c.flags)
		if want == 12 {
			assert.NotContains(t, out, "had the best", c.flags)
			continue
		}
		assert.Contains(t, out, fmt.Sprintf("epoch %d had the best val_loss that early stopping counts (%.5g; %s); the weights kept are epoch 12's", want, losses[want-1], c.says), c.flags)
	}
}
