package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
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

// Rows whose network outputs overflow, though their features are finite,
// are refused with the row's line and the output.
func TestPredictionsRefuseNonFiniteOutputs(t *testing.T) {
	lin := nn.NewLinear(2, 2)
	net, err := nn.NewSequential(2, lin)
	require.NoError(t, err)
	copy(lin.Weight.Value.Data, []float32{0, 0, 1, 1}) // output 1 = a + b
	copy(lin.Bias.Value.Data, []float32{0, 0})
	net.Eval()
	d, err := data.DecodeCSV("in.csv", []byte("a,b\n1,2\n\n2e38,2e38\n"), data.CSVOptions{Unlabelled: true})
	require.NoError(t, err)

	m := &model.Model{Net: net}
	for _, batch := range []int{1, 2} {
		p, err := m.PredictScaled(d.X, batch)
		assert.Equal(t, &model.NonFiniteError{Row: 1, Output: 1, Value: float32(math.Inf(1))}, err)
		assert.Nil(t, p)
		assert.EqualError(t, inferenceError(d, err), "in.csv:4: the model's output 1 is +Inf for this row: its features, scaled as the training data were, are too large for the network")
	}
	p, err := m.PredictScaled(d.X[:2], 1)
	require.NoError(t, err)
	assert.Equal(t, []int{1}, p.Class)
	assert.InDeltaSlice(t, softmax64([]float64{0, 3}), []float64{float64(p.Probs[0]), float64(p.Probs[1])}, 1e-6)
}

// A regression's output that is finite but overflows float32 once the
// target standardization is undone (output·std + mean) is refused as a
// non-finite output would be, rather than predicted as +Inf.
func TestRegressionPredictionsRefuseOverflowInTargetUnits(t *testing.T) {
	lin := nn.NewLinear(1, 1)
	net, err := nn.NewSequential(1, lin)
	require.NoError(t, err)
	lin.Weight.Value.Data[0] = 1
	lin.Bias.Value.Data[0] = 0
	net.Eval()
	d, err := data.DecodeCSV("in.csv", []byte("a\n0.5\n4\n"), data.CSVOptions{Unlabelled: true})
	require.NoError(t, err)
	ts := &data.TargetScaler{Mean: []float64{1e38}, Std: []float64{1e38}}
	pred, err := predictTargets(net, d.X, ts, 2)
	assert.Nil(t, pred)
	assert.Equal(t, &model.NonFiniteError{Row: 1, Output: 0, Value: float32(math.Inf(1)), Unstandardized: true}, err)
	assert.EqualError(t, inferenceError(d, err), "in.csv:3: the model's output 0 is +Inf in the targets' units for this row: its standardized value times the training targets' std plus their mean overflows float32")
	pred, err = predictTargets(net, d.X[:1], ts, 2)
	require.NoError(t, err)
	assert.Equal(t, []float32{1.5e38}, pred)
}
