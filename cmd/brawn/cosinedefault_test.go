package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

// blobConfig is blobArgs's run for run.Train, on the default schedule
// (the cosine).
func blobConfig(train, test, save string, epochs int) run.Config {
	c := run.DefaultConfig()
	c.Data.Train, c.Data.Test, c.Data.LabelCol = train, test, "species"
	c.Arch.Hidden = []int{16}
	c.Batch, c.Epochs, c.LR, c.Seed, c.Save = 16, epochs, 0.01, 3, save
	return c
}

// A library run resumed with more epochs and TMax left at 0 keeps the
// checkpoint's horizon, as brawn train --resume keeps a flag not given:
// both warn that the cosine ends early, and both end with the same
// weights.
func TestLibraryResumeKeepsSavedTMax(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.safetensors")
	c := blobConfig(train, test, first, 2)
	require.NoError(t, c.Validate(nil))
	require.NoError(t, run.Train(context.Background(), &c))

	lib := filepath.Join(dir, "lib.safetensors")
	var errOut bytes.Buffer
	r := blobConfig(train, test, lib, 4)
	r.Resume, r.Err = first, &errOut
	require.NoError(t, r.Validate(nil))
	require.NoError(t, run.Train(context.Background(), &r))
	assert.Contains(t, errOut.String(), "warning: the cosine schedule ends at epoch 2 (--t-max 2), before --epochs 4")
	assert.NotContains(t, errOut.String(), "replaces")

	cli := filepath.Join(dir, "cli.safetensors")
	_, stderr, err := runCLI(context.Background(), "train", "--resume", first, "--epochs", "4", "--save", cli)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: the cosine schedule ends at epoch 2 (--t-max 2), before --epochs 4")

	a, err := model.Load(lib)
	require.NoError(t, err)
	b, err := model.Load(cli)
	require.NoError(t, err)
	assert.Equal(t, a.Weights(), b.Weights())
	assert.Equal(t, "2", a.Config["t-max"])
}

// A new run whose --t-max ends before --epochs is warned, as a resumed one
// is; one whose cosine spans the run is not. (The --lr-schedule given here
// follows blobArgs's constant one, and the last one given counts.)
func TestShortCosineWarnsNewRuns(t *testing.T) {
	train, test := blobFiles(t)
	_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--lr-schedule", "cosine", "--t-max", "3", "--epochs", "5")...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: the cosine schedule ends at epoch 3 (--t-max 3), before --epochs 5")
	_, stderr, err = runCLI(context.Background(), blobArgs(train, test, "--lr-schedule", "cosine", "--epochs", "5")...)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "cosine schedule ends")
}

// --t-max on resume must end after the epochs already run; and a schedule
// setting given without its schedule says how to give both.
func TestScheduleFlagMistakes(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "run.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--lr-schedule", "cosine", "--epochs", "3", "--save", ckpt)...)
	require.NoError(t, err)
	for _, tmax := range []string{"1", "2"} {
		_, _, err = runCLI(context.Background(), "train", "--resume", ckpt, "--epochs", "5", "--t-max", tmax)
		require.Error(t, err, "--t-max %s", tmax)
		assert.Contains(t, err.Error(), "must be after the 3 epochs "+ckpt+" has run")
	}
	_, stderr, err := runCLI(context.Background(), "train", "--resume", ckpt, "--epochs", "5", "--t-max", "5")
	require.NoError(t, err)
	// 0.01·(1 + cos(3π/5))/2, three epochs into a cosine of five, to 3 digits.
	assert.Contains(t, stderr, "the learning rate is 0.00345 after epoch 3")

	_, _, err = runCLI(context.Background(), "train", "--data", "mnist", "--step-size", "2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--step-size applies to --lr-schedule step, not cosine (the default); add --lr-schedule step, or drop --step-size")
}
