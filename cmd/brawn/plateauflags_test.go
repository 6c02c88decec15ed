package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
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

// --plateau-mode is PyTorch's mode: the schedule watches a loss, so min
// trains as auto does, bit for bit, and max, which would take a rising
// loss for an improvement, is refused. It is recorded: a resumed run keeps
// it and refuses another, and one saved before the flag existed ran as
// auto.
func TestPlateauMode(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	auto, minMode := filepath.Join(dir, "auto.safetensors"), filepath.Join(dir, "min.safetensors")
	// Patience 0 and a threshold of 10: the rate halves after every epoch
	// but the first, so the mode decides each epoch's rate.
	flags := func(extra ...string) []string {
		return blobArgs(train, test, append([]string{"--epochs", "3", "--val-split", "0.2", "--lr-schedule", "plateau", "--plateau-patience", "0",
			"--plateau-factor", "0.5", "--plateau-threshold", "10", "--plateau-threshold-mode", "abs"}, extra...)...)
	}
	_, _, err := runCLI(context.Background(), flags("--save", auto)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), flags("--save", minMode, "--plateau-mode", "min")...)
	require.NoError(t, err)
	wa, metaAuto := readSafetensors(t, auto)
	wm, metaMin := readSafetensors(t, minMode)
	requireSameBits(t, wa, wm, "auto", "min")
	assert.Contains(t, metaAuto[model.MetaConfig], `"plateau-mode":"auto"`)
	assert.Contains(t, metaMin[model.MetaConfig], `"plateau-mode":"min"`)

	_, _, err = runCLI(context.Background(), flags("--epochs", "4", "--resume", minMode, "--plateau-mode", "auto")...)
	require.EqualError(t, err, `--plateau-mode "auto" differs from the run saved in `+minMode+` ("min"); a resumed run keeps its configuration, so drop --plateau-mode or start a new run`)
	_, _, err = runCLI(context.Background(), flags("--epochs", "4", "--resume", minMode, "--plateau-mode", "MIN")...)
	require.NoError(t, err, "the recorded mode, given again")

	m, err := model.Load(auto)
	require.NoError(t, err)
	delete(m.Config, "plateau-mode")
	require.NoError(t, model.Save(auto, m))
	_, _, err = runCLI(context.Background(), flags("--epochs", "4", "--resume", auto, "--plateau-mode", "min")...)
	require.EqualError(t, err, `--plateau-mode "min": the run saved in `+auto+` records no --plateau-mode (a brawn before the flag was written it), so it ran as the default "auto" does; a resumed run keeps its configuration, so drop --plateau-mode or start a new run`)
	_, _, err = runCLI(context.Background(), flags("--epochs", "4", "--resume", auto, "--save", auto)...)
	require.NoError(t, err)
	_, meta := readSafetensors(t, auto)
	assert.Contains(t, meta[model.MetaConfig], `"plateau-mode":"auto"`, "recorded from now on")

	requireFlagErrors(t, train, test, []flagError{
		{[]string{"--plateau-mode", "min"}, "--plateau-mode applies to --lr-schedule plateau, not constant; add --lr-schedule plateau, or drop --plateau-mode"},
		{[]string{"--lr-schedule", "plateau", "--plateau-mode", "up"}, `invalid --plateau-mode "up": want one of auto, min, max`},
		{[]string{"--lr-schedule", "plateau", "--plateau-mode", "max"}, `invalid --plateau-mode "max": mode "max" takes a rising "loss" for an improvement, but a loss improves downwards; use "min" or "auto" (--lr-schedule plateau watches the training loss: no --val-split or --val)`},
		{[]string{"--lr-schedule", "plateau", "--plateau-mode", "max", "--val-split", "0.2"}, `invalid --plateau-mode "max": mode "max" takes a rising "val_loss" for an improvement`},
	})
}
