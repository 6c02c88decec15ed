package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The plateau schedule says what it watches: val_loss with --val-split,
// else the training loss, in the run's summary and in --help.
func TestPlateauSaysWhatItWatches(t *testing.T) {
	train, test := blobFiles(t)
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--lr-schedule", "plateau")...)
	require.NoError(t, err)
	assert.Contains(t, out, "(plateau schedule on the training loss: no --val-split to watch val_loss on)")
	out, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--lr-schedule", "plateau", "--val-split", "0.2")...)
	require.NoError(t, err)
	assert.Contains(t, out, "(plateau schedule on val_loss)")

	help, _, err := runCLI(context.Background(), "train", "--help")
	require.NoError(t, err)
	assert.Contains(t, strings.Join(strings.Fields(help), " "), "plateau cuts the rate when val_loss stops improving (the training loss without --val-split)")
}
