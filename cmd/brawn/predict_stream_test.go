package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// predict reads a CSV input a block of rows at a time: the output is the
// same bits for any block size and --batch, to standard output and to a
// file, and a bad cell in a later block comes after the lines of the
// blocks before it were written (to standard output: a file named by
// --output is not created).
func TestPredictStreamsBlocks(t *testing.T) {
	modelPath := blobModel(t)
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	blobs(t, input, 150, 5)
	want, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "species")
	require.NoError(t, err)
	require.Equal(t, 151, strings.Count(want, "\n"))
	defer func(n int) { predictBlock = n }(predictBlock)
	for _, block := range []int{1, 4, 149, 150} {
		predictBlock = 4 * block // 4 features
		for _, batch := range []string{"1", "3", "1024"} {
			got, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "species", "--batch", batch)
			require.NoError(t, err)
			assert.Equal(t, want, got, "block %d, batch %s", block, batch)
		}
	}
	out := filepath.Join(dir, "p.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "species", "-o", out)
	require.NoError(t, err)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want, string(got))

	text, err := os.ReadFile(input)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(text), "\n")
	lines[101] = "x," + lines[101][strings.Index(lines[101], ",")+1:] // data row 100
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644))
	predictBlock = 4 * 8
	got2, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", bad, "--label-col", "species", "--batch", "4")
	require.ErrorContains(t, err, bad+`:102: column "f0" (index 0): "x" is not a number`)
	wantLines := strings.SplitAfter(want, "\n")
	assert.Equal(t, strings.Join(wantLines[:1+96], ""), got2, "the 12 blocks before the bad row's, written before it was read")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", bad, "--label-col", "species", "-o", filepath.Join(dir, "q.csv"))
	require.Error(t, err)
	assert.NoFileExists(t, filepath.Join(dir, "q.csv"))
}
