package main

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

// run.Config.FlagValues, which a library user's checkpoints record, spells
// every setting as brawn train's own flags do, for configurations that
// use each optimizer's and schedule's settings or leave them at their
// defaults; and it covers every flag but --distributed.
func TestFlagValuesAreTheCLIFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--data", "mnist"},
		{"--train", "x.csv", "--test-split", "0.2", "--task", "regression", "--loss", "huber", "--huber-delta", "2", "--normalize", "standard"},
		{"--data", "mnist", "--optimizer", "rmsprop", "--eps", "1e-6", "--lr-schedule", "cosine", "--eta-min", "1e-5", "--activation", "leakyrelu", "--leaky-slope", "0.2"},
		{"--data", "mnist", "--optimizer", "adagrad", "--lr-schedule", "multistep", "--milestones", "2,4", "--layers", "", "--batchnorm", "--dropout", "0.25"},
		{"--data", "mnist", "--optimizer", "nesterov", "--momentum", "0.8", "--init", "lecun", "--lr", "0.1", "--lr-schedule", "plateau", "--plateau-factor", "0.5"},
		{"--data", "mnist", "--model", "Sequential(Conv2d(1, 4, 3), ReLU(), Flatten(), Linear(2704, 10))", "--input-shape", "1,28,28", "--optimizer", "adamw", "--amsgrad", "--seed", "7", "--val-split", "0.1", "--save-best", "b.safetensors", "--monitor", "val_accuracy"},
	} {
		var tf trainFlags
		fs := pflag.NewFlagSet("train", pflag.ContinueOnError)
		tf.register(fs)
		require.NoError(t, fs.Parse(args))
		require.NoError(t, tf.parse())
		require.NoError(t, tf.Validate(fs.Changed), "%v", args)
		got := tf.FlagValues()
		var names []string
		fs.VisitAll(func(f *pflag.Flag) {
			names = append(names, f.Name)
			if v, ok := got[f.Name]; ok {
				assert.Equal(t, f.Value.String(), v, "--%s, from %v", f.Name, args)
			}
		})
		assert.Equal(t, slices.DeleteFunc(names, func(n string) bool { return n == "distributed" }), slices.Sorted(maps.Keys(got)))
	}
}

// A run that a library user started with run.Train (no Flags) and that
// was interrupted in the middle of an epoch resumes with brawn train
// --resume, given only the checkpoint, and ends bit-identical to the same
// run trained by the CLI without interruption.
func TestLibraryRunResumesInTheCLI(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	full, parts := filepath.Join(dir, "full.safetensors"), filepath.Join(dir, "parts.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", full, "--epochs", "4", "--val-split", "0.1",
		"--optimizer", "rmsprop", "--lr-schedule", "cosine", "--warmup", "10", "--dropout", "0.1", "--activation", "leakyrelu")...)
	require.NoError(t, err)

	c := blobConfig(train, test, parts, 4)
	c.Arch.Dropout, c.Arch.Activation, c.ValSplit = 0.1, "leakyrelu", 0.1
	c.Optimizer, c.Schedule, c.Warmup = "rmsprop", "cosine", 10
	require.NoError(t, c.Validate(nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Callbacks = stepHook(func(_ *nn.Trainer, s *nn.StepInfo) {
		if s.GlobalStep == 23 {
			cancel()
		}
	})
	var se *run.StopError
	require.ErrorAs(t, run.Train(ctx, &c), &se)
	require.Equal(t, "interrupted", se.Stopped)

	out, _, err := runCLI(context.Background(), "train", "--resume", parts, "--save", parts)
	require.NoError(t, err)
	assert.Contains(t, out, "resuming "+parts+" in epoch 2 after step 6 (global step 23)")
	a, _ := readSafetensors(t, full)
	b, meta := readSafetensors(t, parts)
	assert.Equal(t, "4", meta[model.MetaEpoch])
	requireSameBits(t, a, b, "the CLI's run", "the library's resumed by the CLI")
}

// A library run's own stateful callbacks (Config.Callbacks) are saved
// with the run and restored when it resumes, as the run's schedules and
// early stopping are: an EarlyStopping that only an improvement of 1e9
// (from +Inf) satisfies keeps the first epoch as its best across the
// interruption (one started afresh would pick the first epoch it saw).
func TestLibraryRunResumesItsStatefulCallbacks(t *testing.T) {
	train, test := blobFiles(t)
	parts := filepath.Join(t.TempDir(), "parts.safetensors")
	c := blobConfig(train, test, parts, 4)
	require.NoError(t, c.Validate(nil))
	watch := nn.NewEarlyStopping(100)
	watch.Monitor, watch.MinDelta = "loss", 1e9
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Callbacks = append([]nn.Callback{watch}, stepHook(func(_ *nn.Trainer, s *nn.StepInfo) {
		if s.GlobalStep == 50 {
			cancel()
		}
	})...)
	var se *run.StopError
	require.ErrorAs(t, run.Train(ctx, &c), &se)
	require.Equal(t, 1, watch.BestEpoch(), "epochs ended before the interruption, the loss falling")

	m, err := model.Load(parts)
	require.NoError(t, err)
	r := blobConfig(train, test, parts, 4)
	r.Resume, r.Resumed = parts, m
	require.NoError(t, r.Validate(nil))
	again := nn.NewEarlyStopping(100)
	again.Monitor, again.MinDelta = "loss", 1e9
	r.Callbacks = []nn.Callback{again}
	require.NoError(t, run.Train(context.Background(), &r))
	assert.Equal(t, 1, again.BestEpoch())
}
