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

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// libraryModel trains a classifier on train through the public API only
// (read the CSV, fit a scaler, build a Sequential, Fit) and saves it with
// model.Save, as a Go program that imports brawn would.
func libraryModel(t *testing.T, train string, layers ...nn.Layer) string {
	t.Helper()
	d, err := data.ReadCSV(train, data.CSVOptions{LabelColumn: "species"})
	require.NoError(t, err)
	sc, err := data.FitScaler(data.NormStandard, d)
	require.NoError(t, err)
	require.NoError(t, sc.Apply(d))
	net, err := nn.NewSequential(d.Features, layers...)
	require.NoError(t, err)
	opt, err := nn.NewAdam(nn.Groups(net.Params(), 0.01, 0, false), nn.DefaultAdamConfig())
	require.NoError(t, err)
	tr := &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 5, RNG: nn.NewRNG(1)}
	require.NoError(t, tr.Fit(context.Background(), d, nil))
	path := filepath.Join(t.TempDir(), "lib.safetensors")
	require.NoError(t, model.Save(path, &model.Model{Net: net, Scaler: sc, ClassNames: d.ClassNames, Epoch: tr.Epoch()}))
	return path
}

// brawn eval and predict accept a checkpoint a library user saved with
// model.Save (it has no brawn.architecture entry, and the network is not
// one brawn train's flags make), and agree with each other.
func TestEvalAndPredictAcceptLibraryCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	path := libraryModel(t, train, nn.NewLinear(4, 12), nn.NewLeakyReLU(0.1), nn.NewLinear(12, 6), nn.NewTanh(), nn.NewLinear(6, 3))

	out, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Contains(t, out, "Sequential(Linear(4, 12), LeakyReLU(0.1), Linear(12, 6), Tanh(), Linear(6, 3)), epochs trained: 5")
	assert.Contains(t, out, "150 samples")
	assert.Regexp(t, `accuracy  (9\d|100)\.\d\d%`, out, "the blobs are separable; the scaling was applied")

	pred, _, err := runCLI(context.Background(), "predict", "--model", path, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(pred), "\n")
	require.Len(t, lines, 151)
	assert.Equal(t, "row,class,p_a,p_b,p_c", lines[0])
	right := 0
	for i, l := range lines[1:] {
		if strings.Split(l, ",")[1] == string(rune('a'+i%3)) {
			right++
		}
	}
	assert.Contains(t, out, fmt.Sprintf("%% (%d of 150)", right), "eval and predict agree")
}

// A regression a library user saved without target scaling, and a binary
// classifier of one logit, evaluate and predict too: eval takes the
// regression's targets from --label-col and the binary model's loss is
// BCEWithLogitsLoss.
func TestEvalAndPredictAcceptLibraryRegressionAndBinary(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "lin.csv")
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := range 40 {
		a, c := float64(i%7)/7, float64(i%5)/5
		fmt.Fprintf(&b, "%g,%g,%g\n", a, c, a+2*c)
	}
	require.NoError(t, os.WriteFile(csv, []byte(b.String()), 0o644))
	d, err := data.ReadCSV(csv, data.CSVOptions{LabelColumn: "y", Task: data.TaskRegression})
	require.NoError(t, err)
	lin := nn.NewLinear(2, 1)
	net, err := nn.NewSequential(2, lin)
	require.NoError(t, err)
	copy(lin.Weight.Value.Data, []float32{1, 2})
	lin.Bias.Value.Data[0] = 0
	reg := filepath.Join(dir, "reg.safetensors")
	require.NoError(t, model.Save(reg, &model.Model{Net: net, Outputs: 1}))
	out, _, err := runCLI(context.Background(), "eval", "--model", reg, "--test", csv, "--label-col", "y")
	require.NoError(t, err)
	assert.Contains(t, out, "R²    1.0000")
	assert.Equal(t, d.Len(), 40)
	pred, _, err := runCLI(context.Background(), "predict", "--model", reg, "--input", csv, "--label-col", "y")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(pred, "row,0\n0,0\n1,0.54285717\n"), pred)

	// The same weights as one logit: class 1 where a + 2b > 0.
	bin := filepath.Join(dir, "bin.safetensors")
	require.NoError(t, model.Save(bin, &model.Model{Net: net}))
	pred, _, err = runCLI(context.Background(), "predict", "--model", bin, "--input", csv, "--label-col", "y")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(pred, "row,class,p_0,p_1\n0,0,0.5,0.5\n1,1,"), pred)
}
