package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --plateau-cooldown, -min-lr, -threshold and -threshold-mode reach
// ReduceLROnPlateau as PyTorch's cooldown, min_lr, threshold and
// threshold_mode: with an absolute threshold of 10 no epoch after the
// first improves, so with patience 0 the rate halves after epoch 2, the
// cooldown skips epoch 3, it halves again after epoch 4 down to the
// floor, and the drop after epoch 6 would go below the floor. Each epoch's
// rate is the one it trained with.
func TestPlateauFlags(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	metrics, path := filepath.Join(dir, "m.json"), filepath.Join(dir, "m.safetensors")
	flags := []string{"--lr-schedule", "plateau", "--plateau-patience", "0", "--plateau-factor", "0.5", "--plateau-threshold", "10",
		"--plateau-threshold-mode", "abs", "--plateau-cooldown", "1", "--plateau-min-lr", "0.003"}
	_, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "6", "--json", metrics, "--save", path}, flags...)...)...)
	require.NoError(t, err)
	var lr []float64
	for _, e := range readMetrics(t, metrics)["epochs"].([]any) {
		lr = append(lr, e.(map[string]any)["lr"].(float64))
	}
	assert.Equal(t, []float64{0.01, 0.01, 0.005, 0.005, 0.003, 0.003}, lr)

	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "7", "--lr-schedule", "plateau", "--resume", path, "--plateau-cooldown", "2")...)
	require.EqualError(t, err, `--plateau-cooldown "2" differs from the run saved in `+path+` ("1"); a resumed run keeps its configuration, so drop --plateau-cooldown or start a new run`)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "7", "--lr-schedule", "plateau", "--resume", path, "--plateau-threshold-mode", "ABS")...)
	require.NoError(t, err, "the recorded settings, given again")

	requireFlagErrors(t, train, test, []flagError{
		{[]string{"--plateau-cooldown", "2"}, "--plateau-cooldown applies to --lr-schedule plateau, not constant; add --lr-schedule plateau, or drop --plateau-cooldown"},
		{[]string{"--lr-schedule", "plateau", "--plateau-cooldown", "-1"}, `invalid --plateau-cooldown "-1": must be >= 0 epochs`},
		{[]string{"--lr-schedule", "plateau", "--plateau-min-lr", "-1"}, `invalid --plateau-min-lr "-1": must be a finite number >= 0`},
		{[]string{"--lr-schedule", "plateau", "--plateau-threshold", "NaN"}, `invalid --plateau-threshold "NaN": must be a finite number >= 0`},
		{[]string{"--lr-schedule", "plateau", "--plateau-threshold-mode", "relative"}, `invalid --plateau-threshold-mode "relative": want one of rel, abs`},
	})
}
