package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// predict and eval refuse rows whose features, scaled as the training data
// were, overflow float32, naming the file, line and column; nothing is
// printed and no output file is written.
func TestPredictEvalRefuseOverflowingRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	// minmax offsets (0, 0) and scales (1/0.5, 1/0.25) = (2, 4).
	train := write("train.csv", "a,b,label\n0,0,x\n0.5,0.25,y\n0.1,0.1,x\n0.4,0.2,y\n")
	model := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", train, "--normalize", "minmax", "--layers", "4", "--epochs", "1", "--save", model)
	require.NoError(t, err)
	huge := write("h.csv", "a,b\n0.2,0.1\n3e38,3e38\n")
	hugeLabelled := write("hl.csv", "label,a,b\nx,0.2,0.1\ny,0.3,-3e38\n")
	out := filepath.Join(dir, "pred.csv")

	stdout, _, err := runCLI(context.Background(), "predict", "--model", model, "--input", huge, "-o", out)
	assert.EqualError(t, err, huge+`:3: column "a" (index 0): the value 3e+38 scales to +Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - 0) * 2)`)
	assert.Empty(t, stdout)
	assert.NoFileExists(t, out)
	stdout, _, err = runCLI(context.Background(), "eval", "--model", model, "--test", hugeLabelled, "--label-col", "label")
	assert.EqualError(t, err, hugeLabelled+`:3: column "b" (index 2): the value -3e+38 scales to -Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - 0) * 4)`)
	assert.Empty(t, stdout)

	// The training set itself: 3e38 - (-3e38) overflows float32.
	wide := write("wide.csv", "a,b,label\n3e38,1,x\n-3e38,2,y\n0,3,x\n")
	_, _, err = runCLI(context.Background(), "train", "--train", wide, "--test", wide, "--normalize", "minmax", "--epochs", "1")
	assert.EqualError(t, err, wide+`:2: column "a" (index 0): the value 3e+38 scales to +Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - -3e+38) * 1.666667e-39)`)
}
