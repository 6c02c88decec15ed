package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// savedEpochs runs train and records, after every step, the epoch of the
// --save file as it is on disk then.
func savedEpochs(t *testing.T, path string, args ...string) []int {
	var seen []int
	hook := stepHook(func(_ *nn.Trainer, s *nn.StepInfo) {
		m, err := model.Load(path)
		if err != nil {
			return // not written yet
		}
		if len(seen) == 0 || seen[len(seen)-1] != m.Epoch {
			seen = append(seen, m.Epoch)
		}
	})
	_, _, err := runCLIWith(context.Background(), hook, args...)
	require.NoError(t, err)
	return seen
}

func TestSaveEvery(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	every := filepath.Join(dir, "every.safetensors")
	assert.Equal(t, []int{3, 6}, savedEpochs(t, every, blobArgs(train, test, "--epochs", "7", "--save", every, "--save-every", "3")...))
	m, err := model.Load(every)
	require.NoError(t, err)
	assert.Equal(t, 7, m.Epoch, "the run's end is saved whatever the epoch")

	each := filepath.Join(dir, "each.safetensors")
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, savedEpochs(t, each, blobArgs(train, test, "--epochs", "7", "--save", each)...))
}

// bestEpoch is the first epoch with the best value (strictly better than
// every earlier one), as Keras's ModelCheckpoint keeps it.
func bestEpoch(t *testing.T, doc map[string]any, key string, higher bool) (int, int) {
	best, at, improvements := math.NaN(), 0, 0
	for _, e := range doc["epochs"].([]any) {
		ep := e.(map[string]any)
		v := ep[key].(float64)
		if at == 0 || (higher && v > best) || (!higher && v < best) {
			best, at = v, int(ep["epoch"].(float64))
			improvements++
		}
	}
	return at, improvements
}

// --save-best keeps the epochs whose --monitor beats every earlier one:
// a validation metric, or the training set's as Keras's ModelCheckpoint
// may watch it, without a validation set; acc is Keras's accuracy.
func TestSaveBest(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		monitor, key string
		higher       bool
		extra        []string
	}{
		{"val_loss", "val_loss", false, []string{"--val-split", "0.2"}},
		{"val_accuracy", "val_accuracy", true, []string{"--val-split", "0.2"}},
		{"loss", "train_loss", false, nil},
		{"acc", "train_accuracy", true, nil},
	} {
		best, metrics := filepath.Join(dir, tc.monitor+".safetensors"), filepath.Join(dir, tc.monitor+".json")
		// A high rate makes the validation curve go up and down.
		_, stderr, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "12", "--lr", "0.3",
			"--save-best", best, "--monitor", tc.monitor, "--json", metrics}, tc.extra...)...)...)
		require.NoError(t, err)
		doc := readMetrics(t, metrics)
		want, improvements := bestEpoch(t, doc, tc.key, tc.higher)
		m, err := model.Load(best)
		require.NoError(t, err)
		assert.Equal(t, want, m.Epoch, tc.monitor)
		name, err := nn.ResolveMonitor(tc.monitor)
		require.NoError(t, err)
		assert.Equal(t, []any{name, float64(want)}, []any{doc["monitor"], doc["best_epoch"]}, "--json's best epoch is --monitor's")
		require.NotNil(t, m.State, "a full checkpoint")
		assert.Equal(t, improvements, strings.Count(stderr, name+" improved from"), stderr)
		assert.Contains(t, stderr, "epoch 1: "+name+" improved from no value to ")
	}
}

// A resumed run keeps the best value of the run it continues: it saves
// only what beats it, and the best file ends as an uninterrupted run's.
func TestSaveBestResumes(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	args := func(best string, extra ...string) []string {
		return blobArgs(train, test, append([]string{"--lr", "0.3", "--val-split", "0.2", "--save-best", best, "--monitor", "val_accuracy"}, extra...)...)
	}
	whole := filepath.Join(dir, "whole.safetensors")
	_, _, err := runCLI(context.Background(), args(whole, "--epochs", "12")...)
	require.NoError(t, err)

	half, ckpt := filepath.Join(dir, "half.safetensors"), filepath.Join(dir, "run.safetensors")
	_, _, err = runCLI(context.Background(), args(half, "--epochs", "6", "--save", ckpt)...)
	require.NoError(t, err)
	_, stderr, err := runCLI(context.Background(), "train", "--resume", ckpt, "--epochs", "12", "--save-best", half, "--monitor", "val_accuracy")
	require.NoError(t, err)
	assert.NotContains(t, stderr, "from no value")

	a, err := model.Load(whole)
	require.NoError(t, err)
	b, err := model.Load(half)
	require.NoError(t, err)
	assert.Equal(t, a.Epoch, b.Epoch)
	assert.Less(t, a.Epoch, 6, "the best epoch comes before the resumption, or this test shows nothing")
	assert.Equal(t, a.Weights(), b.Weights())
}

func TestSaveFlagErrors(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "run.safetensors")
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--save-every", "0", "--save", ckpt}, `invalid --save-every "0": must be a positive number of epochs`},
		{[]string{"--save-every", "2"}, `invalid --save-every "2": says how often --save writes; add --save FILE`},
		{[]string{"--save-best", ckpt}, `invalid --save-best "` + ckpt + `": watches the validation val_loss: add --val-split`},
		{[]string{"--monitor", "val_accuracy"}, `invalid --monitor "val_accuracy": says what --save-best watches; add --save-best FILE`},
		{[]string{"--save-best", ckpt, "--val-split", "0.2", "--monitor", "val_f1"},
			`invalid --monitor "val_f1": unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`},
		{[]string{"--save-best", ckpt, "--val-split", "0.2", "--save", ckpt}, `invalid --save-best "` + ckpt + `": is also the --save file`},
		{[]string{"--save-weights", ckpt, "--save", ckpt}, `invalid --save-weights "` + ckpt + `": is also the --save file`},
		{[]string{"--save-weights", train}, `invalid --save-weights "` + train + `": is the --train data file`},
	} {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, tc.args...)...)
		require.Error(t, err, tc.args)
		assert.Contains(t, err.Error(), tc.msg, tc.args)
	}
}

// --save-weights and brawn export write the state_dict and what inference
// needs, a third of the checkpoint with adam; eval and predict read it and
// give what they give on the checkpoint; --resume refuses it.
func TestSaveWeightsOnly(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	full, weights, exported := filepath.Join(dir, "run.safetensors"), filepath.Join(dir, "w.safetensors"), filepath.Join(dir, "x.safetensors")
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--layers", "64,64", "--epochs", "3", "--normalize", "standard", "--save", full, "--save-weights", weights)...)
	require.NoError(t, err)
	assert.Contains(t, out, "saved the weights to "+weights)

	tensors, meta := readSafetensors(t, weights)
	names := make([]string, 0, len(tensors))
	for k := range tensors {
		names = append(names, k)
	}
	slices.Sort(names)
	assert.Equal(t, []string{"0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"}, names)
	for k := range meta {
		assert.False(t, strings.HasPrefix(k, model.StatePrefix), k)
	}
	assert.Equal(t, model.ContentsWeights, meta[model.MetaContents])
	for _, k := range []string{model.MetaArchitecture, model.MetaPyTorch, model.MetaClassNames, model.MetaScaler} {
		assert.NotEmpty(t, meta[k], k)
	}
	fullInfo, err := os.Stat(full)
	require.NoError(t, err)
	wInfo, err := os.Stat(weights)
	require.NoError(t, err)
	assert.Greater(t, float64(fullInfo.Size())/float64(wInfo.Size()), 2.5, "full %d bytes, weights %d", fullInfo.Size(), wInfo.Size())

	// brawn export of the checkpoint writes the same file.
	out, _, err = runCLI(context.Background(), "export", "--model", full, "-o", exported)
	require.NoError(t, err)
	assert.Contains(t, out, "wrote "+exported)
	a, err := os.ReadFile(weights)
	require.NoError(t, err)
	b, err := os.ReadFile(exported)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	strip := regexp.MustCompile(`(?m)^model .*\n`)
	evalFull, _, err := runCLI(context.Background(), "eval", "--model", full, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	evalW, _, err := runCLI(context.Background(), "eval", "--model", weights, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Equal(t, withoutEvalTime(strip.ReplaceAllString(evalFull, "")), withoutEvalTime(strip.ReplaceAllString(evalW, "")))
	predFull, _, err := runCLI(context.Background(), "predict", "--model", full, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	predW, _, err := runCLI(context.Background(), "predict", "--model", weights, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Equal(t, predFull, predW)

	_, _, err = runCLI(context.Background(), "train", "--resume", weights, "--epochs", "5")
	require.Error(t, err)
	assert.Contains(t, err.Error(), weights+" holds weights only (written by --save-weights or brawn export)")
	assert.Contains(t, err.Error(), "resume from the full checkpoint that --save wrote")

	_, _, err = runCLI(context.Background(), "export", "--model", full, "-o", full)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the --model file")
}
