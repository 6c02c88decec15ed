package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// --input-shape feeds a --model network samples that are not square
// images: the blobs' 4 features as 1×1×4, which a 1×3 kernel needs. The
// checkpoint records the shape, so eval and --resume need no flag for it;
// a shape whose size is not the feature count is refused, naming both.
func TestTrainInputShape(t *testing.T) {
	train, test := blobFiles(t)
	const module = "Sequential(Conv2d(1, 2, (1, 3)), ReLU(), Flatten(), Linear(4, 3))"
	path := filepath.Join(t.TempDir(), "row.safetensors")
	args := []string{"train", "--train", train, "--test", test, "--label-col", "species", "--batch", "16", "--model", module}
	out, _, err := runCLI(context.Background(), append(args, "--input-shape", "1,1,4", "--epochs", "1", "--save", path)...)
	require.NoError(t, err)
	assert.Contains(t, out, "(None, 2, 1, 2)", "the summary gives the Conv2d's output shape")
	_, meta := readSafetensors(t, path)
	assert.Equal(t, "[1,1,4]", meta[model.MetaInputShape])

	out, _, err = runCLI(context.Background(), "eval", "--model", path, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Contains(t, out, "150 samples")
	_, _, err = runCLI(context.Background(), "train", "--resume", path, "--save", path, "--epochs", "2")
	require.NoError(t, err)

	_, _, err = runCLI(context.Background(), append(args, "--input-shape", "2,1,3")...)
	require.ErrorContains(t, err, "--input-shape 2,1,3: its 6 values per sample (2×1×3) are not the data's 4 features")
	_, _, err = runCLI(context.Background(), append(args, "--input-shape", "1,x")...)
	require.ErrorContains(t, err, `"x" is not a positive integer`)
	_, _, err = runCLI(context.Background(), append(args[:len(args)-2], "--input-shape", "1,1,4")...)
	require.ErrorContains(t, err, "is the shape of --model's input")
}
