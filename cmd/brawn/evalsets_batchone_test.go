package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bnBatchStats normalises with its batch's statistics in evaluation too:
// it cannot evaluate one sample alone.
const bnBatchStats = "Sequential(Linear(4, 8), BatchNorm1d(8, 1e-05, 0.1, True, False), ReLU(), Linear(8, 3))"

// brawn train refuses, before the first epoch, a validation or test set
// that a network normalising with its batch's statistics would have to
// evaluate one sample alone, naming the flag to change (brawn train has
// none for the evaluation batch); a set whose last evaluation batch would
// be one sample (1001 rows in batches of 1000) is evaluated in two even
// batches instead, and the run trains.
func TestTrainEvalSetsBatchOfOne(t *testing.T) {
	train, test := blobFiles(t)
	args := func(extra ...string) []string {
		return append([]string{"train", "--train", train, "--label-col", "species", "--model", bnBatchStats,
			"--batch", "16", "--epochs", "1", "--seed", "3"}, extra...)
	}
	out, _, err := runCLI(context.Background(), args("--test", test, "--val-split", "0.003")...)
	require.EqualError(t, err, "the validation set has 1 sample, which the network cannot evaluate: it normalises with its batch's statistics "+
		"(a batch norm without running statistics), and one sample has no batch variance; use a larger --val-split, or none")
	assert.NotContains(t, out, "epoch 1", "refused before training")

	// (A stratified --test-split holds one sample of each class at least.)
	out, _, err = runCLI(context.Background(), args("--test", test, "--test-limit", "1")...)
	require.ErrorContains(t, err, "the test set has 1 sample, which the network cannot evaluate")
	require.ErrorContains(t, err, "; use a larger --test-limit")
	assert.NotContains(t, out, "epoch 1", "refused before training")

	one := filepath.Join(t.TempDir(), "one.csv")
	blobs(t, one, 1, 5)
	_, _, err = runCLI(context.Background(), args("--test", one)...)
	require.ErrorContains(t, err, "; give --test a file of 2 or more samples")

	big := filepath.Join(t.TempDir(), "big.csv")
	blobs(t, big, 1001, 4)
	out, errOut, err := runCLI(context.Background(), args("--test", big, "--val-split", "0")...)
	require.NoError(t, err, errOut)
	assert.Contains(t, out, "on 1001 samples")
}
