package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// The flags of --early-stop beside its patience reach nn.EarlyStopping:
// a baseline never beaten stops the run after --early-stop epochs of the
// watched ones, the warm-up epochs not counted; the training loss needs
// no validation set; --early-stop-restore=false keeps the last epoch's
// weights, whose test loss the run then reports.
func TestEarlyStopFlags(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	run := func(name string, flags ...string) (string, map[string]any) {
		t.Helper()
		metrics := filepath.Join(dir, name+".json")
		out, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "20", "--json", metrics}, flags...)...)...)
		require.NoError(t, err, name)
		return out, readMetrics(t, metrics)
	}
	epochs := func(m map[string]any) []any { return m["epochs"].([]any) }

	out, m := run("baseline", "--val-split", "0.3", "--early-stop", "2", "--early-stop-baseline", "0", "--early-stop-start-from-epoch", "3")
	assert.Len(t, epochs(m), 3+2, "3 epochs of warm-up, then 2 that do not beat a val_loss of 0")
	assert.Contains(t, out, "stopped early after epoch 5: no validation loss better than both the best and the baseline 0 for 2 epochs; kept the best weights")

	out, m = run("train-loss", "--early-stop", "2", "--early-stop-monitor", "loss", "--early-stop-baseline", "0")
	assert.Len(t, epochs(m), 2, "no validation set needed")
	assert.Contains(t, out, "stopped early after epoch 2: no training loss better than both the best and the baseline 0 for 2 epochs; kept the best weights")

	out, m = run("last", "--val-split", "0.3", "--early-stop", "1", "--early-stop-baseline", "1", "--early-stop-restore=false", "--early-stop-monitor", "val_acc", "--early-stop-mode", "max")
	last := epochs(m)[len(epochs(m))-1].(map[string]any)
	require.Len(t, epochs(m), 1)
	assert.Equal(t, last["test_loss"], m["test_loss"], "the last epoch's weights")
	assert.Contains(t, out, "stopped early after epoch 1: no validation accuracy better than both the best and the baseline 1 for 1 epoch; kept the last epoch's weights (--early-stop-restore=false)")
	cfg := m["config"].(map[string]any)
	assert.Equal(t, "val_accuracy", cfg["early-stop-monitor"])
	assert.Equal(t, false, cfg["early-stop-restore"])
}

// Settings the early stopping flags refuse, each naming the flag.
func TestEarlyStopFlagErrors(t *testing.T) {
	train, test := blobFiles(t)
	requireFlagErrors(t, train, test, []flagError{
		{[]string{"--early-stop-mode", "max"}, "--early-stop-mode applies to early stopping, which --early-stop N (its patience in epochs) turns on; add --early-stop N, or drop --early-stop-mode"},
		{[]string{"--early-stop-restore=false"}, "--early-stop-restore applies to early stopping"},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--monitor", "val_accuracy"}, `invalid --monitor "val_accuracy": says what --save-best watches; add --save-best FILE, or give early stopping's metric as --early-stop-monitor val_accuracy`},
		{[]string{"--early-stop", "2", "--early-stop-monitor", "val_f1"}, `invalid --early-stop-monitor "val_f1": unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-mode", "max"}, `invalid --early-stop-mode "max": mode "max" takes a rising "val_loss" for an improvement, but a loss improves downwards; use "min" or "auto" (--early-stop-monitor val_loss)`},
		{[]string{"--early-stop", "2", "--early-stop-monitor", "val_accuracy"}, `invalid --early-stop "2": watches val_accuracy (--early-stop-monitor), which needs a validation set: add --val-split, e.g. --val-split 0.1`},
		{[]string{"--early-stop", "2"}, `invalid --early-stop "2": needs a validation set: add --val-split, e.g. --val-split 0.1, or --val FILE (or watch the training loss with --early-stop-monitor loss)`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-mode", "down"}, `invalid --early-stop-mode "down": want one of auto, min, max`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-min-delta", "-0.1"}, `invalid --early-stop-min-delta "-0.1": must be a finite number >= 0`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-baseline", "nan"}, `invalid --early-stop-baseline "NaN": must be a finite number (leave the flag out for no baseline)`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-baseline", "x"}, `--early-stop-baseline`},
		{[]string{"--early-stop", "2", "--val-split", "0.2", "--early-stop-start-from-epoch", "-1"}, `invalid --early-stop-start-from-epoch "-1": must be >= 0 epochs`},
	})
}

// The early stopping flags are recorded in the checkpoint: a resumed run
// takes them from it, refuses another value, and refuses a value other
// than the default for a flag a checkpoint of an older brawn records
// nothing for.
func TestEarlyStopFlagsOnResume(t *testing.T) {
	train, test := blobFiles(t)
	path := filepath.Join(t.TempDir(), "m.safetensors")
	flags := []string{"--val-split", "0.3", "--early-stop", "3", "--early-stop-monitor", "val_accuracy", "--early-stop-min-delta", "0.5", "--early-stop-start-from-epoch", "4", "--early-stop-baseline", "2"}
	_, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "2", "--save", path}, flags...)...)...)
	require.NoError(t, err)
	m, err := model.Load(path)
	require.NoError(t, err)
	for k, v := range map[string]string{"early-stop-monitor": "val_accuracy", "early-stop-mode": "auto", "early-stop-min-delta": "0.5",
		"early-stop-baseline": "2", "early-stop-start-from-epoch": "4", "early-stop-restore": "true"} {
		assert.Equal(t, v, m.Config[k], k)
	}

	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", path, "--early-stop-baseline", "3")...)
	require.EqualError(t, err, `--early-stop-baseline "3" differs from the run saved in `+path+` ("2"); a resumed run keeps its configuration, so drop --early-stop-baseline or start a new run`)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", path, "--save", path)...)
	require.NoError(t, err)
	m, err = model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Epoch)
	assert.Equal(t, "2", m.Config["early-stop-baseline"], "restored and recorded again")

	for _, k := range []string{"early-stop-restore", "early-stop-baseline"} {
		delete(m.Config, k)
	}
	require.NoError(t, model.Save(path, m))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "4", "--resume", path, "--early-stop-restore=false")...)
	require.EqualError(t, err, `--early-stop-restore "false": the run saved in `+path+` records no --early-stop-restore (a brawn before the flag was written it), so it ran as the default "true" does; a resumed run keeps its configuration, so drop --early-stop-restore or start a new run`)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "4", "--resume", path, "--early-stop-restore=true", "--early-stop-baseline", "")...)
	require.NoError(t, err, "the defaults given are what the run had")
}
