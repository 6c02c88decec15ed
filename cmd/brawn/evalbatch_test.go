package main

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

// Training evaluates a network of wide activations (a CNN) in blocks of
// model.BlockRows rows, as brawn eval does, rather than run.EvalBatch
// rows whose activations would take hundreds of MB; an MLP keeps
// run.EvalBatch.
func TestTrainEvaluatesInBlockRows(t *testing.T) {
	needMNIST(t)
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"--model", "Sequential(Conv2d(1, 4, 3), ReLU(), Flatten(), Linear(2704, 10))"}, 1 << 20 / 2704},
		{[]string{"--layers", "32"}, run.EvalBatch},
	} {
		var got []int
		hook := stepHook(func(tr *nn.Trainer, _ *nn.StepInfo) {
			got = append(got, tr.EvalBatchSize)
			assert.Equal(t, min(run.EvalBatch, model.BlockRows(tr.Model)), tr.EvalBatchSize)
		})
		args := append([]string{"train", "--data", "mnist", "--train-limit", "64", "--test-limit", "100", "--batch", "32", "--epochs", "1"}, c.args...)
		_, _, err := runCLIWith(context.Background(), hook, args...)
		require.NoError(t, err, "%v", c.args)
		require.Len(t, got, 2, "%v", c.args)
		assert.Equal(t, c.want, got[0], "%v", c.args)
	}
}

// eval and predict take any --batch up to the largest int: one beyond the
// data runs the data as one batch, with the results of the default batch.
func TestEvalPredictHugeBatch(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", modelPath)...)
	require.NoError(t, err)
	huge := strconv.Itoa(math.MaxInt)
	for _, cmd := range [][]string{
		{"predict", "--model", modelPath, "--input", test, "--label-col", "species"},
		{"eval", "--model", modelPath, "--test", test},
	} {
		want, _, err := runCLI(context.Background(), cmd...)
		require.NoError(t, err, "%v", cmd)
		got, _, err := runCLI(context.Background(), append(cmd, "--batch", huge)...)
		require.NoError(t, err, "%v --batch %s", cmd, huge)
		assert.Equal(t, withoutEvalTime(want), withoutEvalTime(got), "%v --batch %s", cmd, huge)
	}
}
