package main

import (
	"context"
	"encoding/binary"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrainOnFloatIDX trains, evaluates and predicts through the CLI on IDX
// files of float32 images and int16 labels.
func TestTrainOnFloatIDX(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, typ byte, dims []int, body []byte) string {
		return writeIDX(t, filepath.Join(dir, name), typ, dims, body)
	}
	// Three far-apart centres in 4 dimensions (a float32 2x2 image each).
	centres := [3][4]float32{{0, 0, 0, 0}, {30, 30, 0, 0}, {0, 30, 30, 30}}
	files := func(prefix string, n int) (images, labels string) {
		var img, lab []byte
		for i := 0; i < n; i++ {
			c := i % 3
			for j, v := range centres[c] {
				img = binary.BigEndian.AppendUint32(img, math.Float32bits(v+float32((i*7+j*3)%5)/5))
			}
			lab = binary.BigEndian.AppendUint16(lab, uint16(c))
		}
		return write(prefix+"-images.idx", 0x0D, []int{n, 2, 2}, img), write(prefix+"-labels.idx", 0x0B, []int{n}, lab)
	}
	trImages, trLabels := files("train", 60)
	teImages, teLabels := files("test", 30)
	model := filepath.Join(dir, "m.safetensors")
	out, _, err := runCLI(context.Background(), "train", "--train", trImages, "--train-labels", trLabels,
		"--test", teImages, "--test-labels", teLabels, "--layers", "8", "--epochs", "20", "--lr", "0.01", "--lr-schedule", "constant",
		"--normalize", "standard", "--seed", "1", "--save", model)
	require.NoError(t, err)
	assert.Contains(t, out, "Trainable params: 67 (56 weights + 11 biases)") // 4*8+8*3 weights, 8+3 biases

	out, _, err = runCLI(context.Background(), "eval", "--model", model, "--test", teImages, "--test-labels", teLabels)
	require.NoError(t, err)
	assert.Contains(t, out, "accuracy  100.00% (30 of 30)")

	out, _, err = runCLI(context.Background(), "predict", "--model", model, "--input", teImages)
	require.NoError(t, err)
	assert.Contains(t, out, "\n0,0,")
	assert.Contains(t, out, "\n1,1,")
	assert.Contains(t, out, "\n2,2,")
}
