package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A BatchNorm1d network cannot train on a batch of one sample (PyTorch
// refuses it too): train says so before the first step instead of
// crashing, for --batch 1 and for a last partial batch of 1 sample.
func TestTrainBatchNormBatchOfOne(t *testing.T) {
	train, test := blobFiles(t) // 300 training samples
	for _, c := range []struct{ batch, want string }{
		{"1", "the batch size is 1"},
		{"13", "300 training samples in batches of 13 leave a last batch of 1"},
	} {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, "--batchnorm", "--batch", c.batch)...)
		require.ErrorContains(t, err, "layer 1 (BatchNorm1d): expected more than 1 value per channel when training")
		require.ErrorContains(t, err, c.want)
	}
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--batchnorm", "--batch", "13", "--epochs", "1", "--val-split", "0.1")...)
	require.NoError(t, err, "270 samples leave a last batch of 10")
}
