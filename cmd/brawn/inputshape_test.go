package main

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/idxfile"
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
	_, _, err = runCLI(context.Background(), append(slices.Clone(args[:len(args)-2]), "--input-shape", "1,1,4")...)
	require.ErrorContains(t, err, `invalid --input-shape "1,1,4": applies only to a --model network whose first layer takes images`)
	for _, shape := range []string{"64", "1,64", "1,1,1,64"} {
		_, _, err = runCLI(context.Background(), append(args, "--input-shape", shape)...)
		require.ErrorContains(t, err, `invalid --input-shape "`+shape+`": takes three sizes C,H,W (channels, height, width)`)
	}
}

// A CNN on IDX images of 6×10 sees them at the header's size; a shape of
// another height and width, given by --input-shape or recorded in the
// checkpoint that eval, predict and --resume read, is refused, naming
// both.
func TestTrainIDXImageSize(t *testing.T) {
	dir := t.TempDir()
	trImg, trLab := idxfile.Images(t, dir, "train", 40, 6, 10)
	teImg, teLab := idxfile.Images(t, dir, "test", 20, 6, 10)
	tallImg, tallLab := idxfile.Images(t, dir, "tall", 20, 10, 6)
	const module = "Sequential(Conv2d(1, 4, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(60, 2))"
	path := filepath.Join(dir, "wide.safetensors")
	args := []string{"train", "--train", trImg, "--train-labels", trLab, "--test", teImg, "--test-labels", teLab, "--model", module, "--batch", "8", "--epochs", "1"}
	out, _, err := runCLI(context.Background(), append(args, "--save", path)...)
	require.NoError(t, err)
	assert.Contains(t, out, "(None, 4, 6, 10)", "the Conv2d sees 6×10 images")
	_, meta := readSafetensors(t, path)
	assert.Equal(t, "[1,6,10]", meta[model.MetaInputShape])

	_, _, err = runCLI(context.Background(), append(args, "--input-shape", "1,10,6")...)
	require.ErrorContains(t, err, "--input-shape 1,10,6 says images of 10×6 (height×width), but the IDX header of "+trImg+" says its images are 6×10 (rows×cols)")

	_, _, err = runCLI(context.Background(), "eval", "--model", path, "--test", tallImg, "--test-labels", tallLab)
	require.ErrorContains(t, err, `the model's "brawn.input_shape" 1,6,10 says images of 6×10 (height×width), but the IDX header of `+tallImg+" says its images are 10×6 (rows×cols)")
	_, _, err = runCLI(context.Background(), "predict", "--model", path, "--input", tallImg)
	require.ErrorContains(t, err, "the IDX header of "+tallImg+" says its images are 10×6")
	_, _, err = runCLI(context.Background(), "train", "--resume", path, "--save", path, "--epochs", "2", "--train", tallImg, "--train-labels", tallLab, "--test", tallImg, "--test-labels", tallLab)
	require.ErrorContains(t, err, path+`: "brawn.input_shape" 1,6,10 says images of 6×10 (height×width), but the IDX header of `+tallImg+" says its images are 10×6 (rows×cols)")
	_, _, err = runCLI(context.Background(), "eval", "--model", path, "--test", teImg, "--test-labels", teLab)
	require.NoError(t, err)
}
