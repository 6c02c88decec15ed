package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// runExample builds examples/<name> with the go command and runs it from
// the repository root (where `make data` puts MNIST) with args, failing
// the test with its output if it fails.
func runExample(t *testing.T, name string, args ...string) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	bin := filepath.Join(t.TempDir(), name)
	build := exec.Command("go", "build", "-o", bin, "./examples/"+name)
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build ./examples/%s: %s", name, out)
	run := exec.Command(bin, args...)
	run.Dir = root
	out, err = run.CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
	return string(out)
}

// The train-mnist example, a program of library packages only, writes a
// checkpoint that brawn eval --data mnist accepts and TensorBoard logs
// that brawn plot draws.
func TestTrainMNISTExample(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	ckpt, logdir := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "runs")
	runExample(t, "train-mnist", "--epochs", "2", "--limit", "2000", "--save", ckpt, "--logdir", logdir)

	m, err := model.Load(ckpt)
	require.NoError(t, err)
	assert.Equal(t, 2, m.Epoch)
	assert.Len(t, m.History, 2)
	require.NotNil(t, m.Arch)
	assert.Equal(t, "784-256-128-10", m.Arch.String())

	out, _, err := runCLI(context.Background(), "eval", "--model", ckpt, "--data", "mnist")
	require.NoError(t, err)
	assert.Contains(t, out, "Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10)), epochs trained: 2")
	assert.Regexp(t, `\naccuracy  [5-9]\d\.\d\d% \(\d+ of 10000\)`, out, "2000 images train it well past chance (10%)")

	png := filepath.Join(dir, "plot.png")
	out, _, err = runCLI(context.Background(), "plot", logdir, "-o", png)
	require.NoError(t, err)
	assert.Contains(t, out, "wrote "+png+" (2 epochs")
}

// The regression-csv example fits its noiseless synthetic CSV closely,
// reports R² on the test split, and saves a model that brawn eval scores
// in the targets' units.
func TestRegressionCSVExample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.safetensors")
	out := runExample(t, "regression-csv", "--epochs", "100", "--save", path)
	assert.Regexp(t, `^test \(40 rows\): R² 0\.9\d+, MSE \S+, MAE \S+\n$`, out)

	csv := filepath.Join("..", "..", "examples", "regression-csv", "testdata", "synthetic.csv")
	out, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", csv, "--label-col", "y")
	require.NoError(t, err)
	assert.Contains(t, out, "200 samples, 1 target (y)")
	assert.Regexp(t, `\nR²    0\.9\d+\n`, out)
}
