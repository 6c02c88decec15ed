package main

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
)

// --val FILE is the validation set, read with the training set's classes
// and scaled with its statistics: validating on the test file gives, each
// epoch, a validation loss equal to the test loss, which --normalize
// standard would tell apart from an unscaled read. It is recorded: a
// resumed run takes it, or its new path, but refuses to add or drop it.
func TestValFile(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	metrics, path := filepath.Join(dir, "m.json"), filepath.Join(dir, "m.safetensors")
	flags := []string{"--val", test, "--normalize", "standard", "--early-stop", "3", "--json", metrics, "--save", path}
	out, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--epochs", "3"}, flags...)...)...)
	require.NoError(t, err)
	assert.Contains(t, out, "data: 300 training, 150 validation, 150 test samples")
	epochs := readMetrics(t, metrics)["epochs"].([]any)
	require.Len(t, epochs, 3)
	for _, e := range epochs {
		e := e.(map[string]any)
		assert.Equal(t, e["test_loss"], e["val_loss"], "epoch %v", e["epoch"])
		assert.Equal(t, e["test_accuracy"], e["val_accuracy"], "epoch %v", e["epoch"])
	}
	m, err := model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, test, m.Config["val"])

	moved := filepath.Join(dir, "val.csv")
	b, err := os.ReadFile(test)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(moved, b, 0o644))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "4", "--resume", path, "--save", path, "--val", moved)...)
	require.NoError(t, err, "the file's new path")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "5", "--resume", path, "--val", "")...)
	require.EqualError(t, err, `--val "": the run saved in `+path+` validates on --val `+moved+`; a resumed run keeps its configuration, so give the file's path now with --val FILE, or drop --val`)

	split := filepath.Join(dir, "split.safetensors")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--val-split", "0.2", "--save", split)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--resume", split, "--val", test)...)
	require.EqualError(t, err, `--val "`+test+`": the run saved in `+split+` has no validation file (--val-split 0.2); a resumed run keeps its configuration, so drop --val or start a new run`)
}

// --val refuses what --test refuses, and --val-split beside it.
func TestValFileErrors(t *testing.T) {
	train, test := blobFiles(t)
	narrow := filepath.Join(t.TempDir(), "narrow.csv")
	require.NoError(t, os.WriteFile(narrow, []byte("f0,f1,species\n1,2,a\n3,4,b\n"), 0o644))
	requireFlagErrors(t, train, test, []flagError{
		{[]string{"--val", test, "--val-split", "0.2"}, `invalid --val-split "0.2": holds out part of --train for validation, but --val ` + test + ` is given: use one or the other`},
		{[]string{"--val-labels", test}, `invalid --val-labels "` + test + `": is the IDX labels file of --val FILE, which is not given; add --val FILE, or drop --val-labels`},
		{[]string{"--val", narrow}, "validation set does not match the training set " + train},
		{[]string{"--val", train, "--save", train}, `invalid --save "` + train + `": is the --train data file`},
	})
}

// --val-labels gives an IDX images file its labels, as --test-labels does.
func TestValFileIDX(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, typ byte, dims []int, body []byte) string {
		return writeIDX(t, filepath.Join(dir, name), typ, dims, body)
	}
	centres := [2][4]float32{{0, 0, 0, 0}, {3, 3, 3, 3}}
	files := func(prefix string, n int) (images, labels string) {
		var img, lab []byte
		for i := range n {
			for j, v := range centres[i%2] {
				img = binary.BigEndian.AppendUint32(img, math.Float32bits(v+float32((i*7+j*3)%5)/5))
			}
			lab = append(lab, byte(i%2))
		}
		return write(prefix+"-images.idx", 0x0D, []int{n, 2, 2}, img), write(prefix+"-labels.idx", 0x08, []int{n}, lab)
	}
	trImages, trLabels := files("train", 40)
	vaImages, vaLabels := files("val", 10)
	out, _, err := runCLI(context.Background(), "train", "--train", trImages, "--train-labels", trLabels, "--test", vaImages, "--test-labels", vaLabels,
		"--val", vaImages, "--val-labels", vaLabels, "--layers", "4", "--epochs", "1")
	require.NoError(t, err)
	assert.Contains(t, out, "data: 40 training, 10 validation, 10 test samples")
}

// A resumed run refuses a validation set that is not the one its
// checkpoint was validated on, as it refuses other training data: a --val
// file rewritten (other samples, or one label changed) at its path, and a
// row of the --val-split part of --train changed.
func TestResumeRefusesOtherValData(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	val, path := filepath.Join(dir, "val.csv"), filepath.Join(dir, "m.safetensors")
	blobs(t, val, 90, 3)
	original := readFile(t, val)
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--val", val, "--save", path)...)
	require.NoError(t, err)
	relabelled := strings.Replace(original, ",a\n", ",b\n", 1)
	require.NotEqual(t, original, relabelled)
	for _, text := range []string{"", relabelled} {
		if text == "" {
			blobs(t, val, 90, 4)
		} else {
			require.NoError(t, os.WriteFile(val, []byte(text), 0o644))
		}
		_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--resume", path)...)
		require.ErrorContains(t, err, path+" was validated on other data: "+val+" gave 90 samples of 4 features (checksum ")
	}
	require.NoError(t, os.WriteFile(val, []byte(original), 0o644))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--resume", path)...)
	require.NoError(t, err, "the file as it was")

	// A row the split holds out of --train's 300 for validation, its
	// first feature made 9.
	const rows, held = 300, 60
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--val-split", "0.2", "--save", path)...)
	require.NoError(t, err)
	lines := strings.Split(readFile(t, train), "\n")
	row := 1 + data.Permutation(rows, 3)[rows-held] // after the header; --seed 3
	lines[row] = "9" + lines[row][strings.Index(lines[row], ","):]
	require.NoError(t, os.WriteFile(train, []byte(strings.Join(lines, "\n")), 0o644))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--resume", path)...)
	require.ErrorContains(t, err, path+" was validated on other data: the --val-split part of "+train+" gave 60 samples of 4 features (checksum ")
}
