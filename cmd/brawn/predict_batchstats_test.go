package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A model that normalises with its batches' statistics in evaluation
// (BatchNorm1d with track_running_stats=False) predicts a file in one
// pass, not by blocks: a last block of one row has no batch, and a block
// would end the batches the whole file's pass evens out. The lines are
// those of the whole file's pass whatever the block size.
func TestPredictBatchStatisticsReadsWhole(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "bn.safetensors")
	_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--epochs", "1",
		"--model", "Sequential(Linear(4, 8), BatchNorm1d(8, track_running_stats=False), ReLU(), Linear(8, 3))", "--save", modelPath)
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("f0,f1,f2,f3\n")
	for i := range 151 {
		fmt.Fprintf(&b, "%d,%d,%d,%d\n", i%7, i%5, i%3, i%11)
	}
	input := filepath.Join(dir, "in.csv")
	require.NoError(t, os.WriteFile(input, []byte(b.String()), 0o644))
	want, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--batch", "3")
	require.NoError(t, err)
	require.Equal(t, 152, strings.Count(want, "\n"))
	defer func(n int) { predictBlock = n }(predictBlock)
	for _, rows := range []int{150, 30, 4} { // 151 rows: a last block of 1 row
		predictBlock = 4 * rows
		got, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--batch", "3")
		require.NoError(t, err, "blocks of %d rows", rows)
		assert.Equal(t, want, got, "blocks of %d rows", rows)
	}
}
