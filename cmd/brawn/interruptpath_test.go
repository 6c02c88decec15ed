package main

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// interruptAtStep runs brawn with args, cancelled after optimizer step
// step as SIGINT would, and returns the error it ends with.
func interruptAtStep(t *testing.T, step int64, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hook := stepHook(func(_ *nn.Trainer, s *nn.StepInfo) {
		if int64(s.GlobalStep) == step {
			cancel()
		}
	})
	_, _, err := runCLIWith(ctx, hook, args...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, exitInterrupted, ee.code, "%v", err)
	return err
}

// TestInterruptWithoutSaveKeepsEarlierCheckpoint: a run interrupted
// without --save used to overwrite brawn-interrupted.safetensors, losing
// the earlier interrupted run the user had been told to resume from it.
// It now takes the next free name, and a run resumed from one of them
// saves back to it.
func TestInterruptWithoutSaveKeepsEarlierCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	t.Chdir(t.TempDir())
	earlier := []byte("an earlier run's checkpoint")
	require.NoError(t, os.WriteFile("brawn-interrupted.safetensors", earlier, 0o644))

	err := interruptAtStep(t, 23, blobArgs(train, test)...)
	assert.Contains(t, err.Error(), "saved the run to brawn-interrupted-2.safetensors; continue it with the same flags and --resume brawn-interrupted-2.safetensors")
	got, rerr := os.ReadFile("brawn-interrupted.safetensors")
	require.NoError(t, rerr)
	assert.Equal(t, earlier, got, "the earlier checkpoint was replaced")
	m, lerr := model.Load("brawn-interrupted-2.safetensors")
	require.NoError(t, lerr)
	assert.Equal(t, 1, m.Epoch)

	err = interruptAtStep(t, 50, blobArgs(train, test, "--resume", "brawn-interrupted-2.safetensors")...)
	assert.Contains(t, err.Error(), "saved the run to brawn-interrupted-2.safetensors;")
	m, lerr = model.Load("brawn-interrupted-2.safetensors")
	require.NoError(t, lerr)
	assert.Equal(t, 2, m.Epoch)
	_, serr := os.Stat("brawn-interrupted-3.safetensors")
	assert.ErrorIs(t, serr, os.ErrNotExist)
}
