package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// epochLRs returns the per-epoch learning rates of a --json file.
func epochLRs(t *testing.T, path string) []float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Epochs []struct {
			LR float64 `json:"lr"`
		} `json:"epochs"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	var out []float64
	for _, e := range doc.Epochs {
		out = append(out, e.LR)
	}
	return out
}

// TestResumeExtendsCosineSchedule: a cosine run of 2 epochs (--t-max
// defaults to --epochs) resumed for 4 used to train at lr 0 and then jump
// back up, with no word, and refused --t-max. Now it warns, and --t-max 4
// on resume stretches the cosine as if it had been 4 from the start,
// recorded in the new checkpoint.
func TestResumeExtendsCosineSchedule(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "run.safetensors")
	args := func(extra ...string) []string {
		return blobArgs(train, test, append([]string{"--lr-schedule", "cosine", "--lr", "0.1"}, extra...)...)
	}
	_, _, err := runCLI(context.Background(), args("--epochs", "2", "--save", ckpt)...)
	require.NoError(t, err)

	// PyTorch's semantics kept: past --t-max the rate rises again.
	kept := filepath.Join(dir, "kept.json")
	_, stderr, err := runCLI(context.Background(), args("--epochs", "4", "--resume", ckpt, "--json", kept)...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "warning: the cosine schedule ends at epoch 2 (--t-max 2), before --epochs 4; after it the learning rate rises again")
	lrs := epochLRs(t, kept)
	require.Len(t, lrs, 4)
	cos := func(e, tMax int) float64 { return 0.1 * (1 + math.Cos(math.Pi*float64(e)/float64(tMax))) / 2 }
	for e, lr := range lrs { // epoch e+1 trains at last_epoch e
		assert.InDelta(t, cos(e, 2), lr, 1e-12, "epoch %d", e+1)
	}

	stretched := filepath.Join(dir, "stretched.json")
	out := filepath.Join(dir, "out.safetensors")
	_, stderr, err = runCLI(context.Background(), args("--epochs", "4", "--t-max", "4", "--resume", ckpt, "--json", stretched, "--save", out)...)
	require.NoError(t, err)
	assert.Contains(t, stderr, "--t-max 4 replaces the 2 of the run saved in "+ckpt)
	assert.NotContains(t, stderr, "warning: the cosine schedule ends")
	lrs = epochLRs(t, stretched)
	require.Len(t, lrs, 4)
	for e, lr := range lrs[:2] {
		assert.InDelta(t, cos(e, 2), lr, 1e-12, "epoch %d, before the change", e+1)
	}
	for e := 2; e < 4; e++ {
		assert.InDelta(t, cos(e, 4), lrs[e], 1e-12, "epoch %d, on the stretched cosine", e+1)
	}
	_, meta := readSafetensors(t, out)
	assert.Contains(t, meta[model.MetaConfig], `"t-max":"4"`, "the change is recorded in the run's configuration")
}

// TestResumeStretchedCosineKeepsWarmup: a cosine run resumed at its end
// with a new --t-max while --warmup is still under way follows the rates
// of a run that had that --t-max from the start. The stretched cosine
// used to restart from the base rate without the warm-up's factor, and
// the warm-up's later steps then took the rate above --lr.
func TestResumeStretchedCosineKeepsWarmup(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	args := func(extra ...string) []string { // 19 steps an epoch: the warm-up lasts 5
		return blobArgs(train, test, append([]string{"--lr-schedule", "cosine", "--lr", "0.1", "--warmup", "100"}, extra...)...)
	}
	fresh, resumed := filepath.Join(dir, "fresh.json"), filepath.Join(dir, "resumed.json")
	ckpt := filepath.Join(dir, "run.safetensors")
	_, _, err := runCLI(context.Background(), args("--epochs", "6", "--json", fresh)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), args("--epochs", "2", "--save", ckpt)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), args("--epochs", "6", "--t-max", "6", "--resume", ckpt, "--json", resumed)...)
	require.NoError(t, err)
	want, got := epochLRs(t, fresh), epochLRs(t, resumed)
	require.Len(t, got, 6)
	for e := 2; e < 6; e++ {
		assert.InDelta(t, want[e], got[e], 1e-12, "epoch %d", e+1)
		assert.LessOrEqual(t, got[e], 0.1, "epoch %d", e+1)
	}
}
