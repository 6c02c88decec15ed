package main

import (
	"context"
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
