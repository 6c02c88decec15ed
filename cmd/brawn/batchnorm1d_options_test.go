package main

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// bn1dOptions has a BatchNorm1d without γ and β and one without running
// statistics: 40 + 16 + 27 = 83 trainable parameters.
const bn1dOptions = "Sequential(Linear(4, 8), BatchNorm1d(8, affine=False), ReLU(), BatchNorm1d(8, track_running_stats=False), Linear(8, 3))"

// BatchNorm1d's affine=False and track_running_stats=False train from
// --model (summary, TensorBoard histograms and health), save only the
// state_dict entries PyTorch has, resume, evaluate and predict, and the
// checkpoint loads into PyTorch through load_state_dict(strict=True),
// giving brawn's outputs in eval mode (the batch's statistics for the
// layer without running ones, in both).
func TestBatchNorm1dOptionsTrainResumeLoadInPyTorch(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	first, ckpt, logdir := filepath.Join(dir, "first.safetensors"), filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "runs")
	args := func(extra ...string) []string {
		return append([]string{"train", "--train", train, "--test", test, "--label-col", "species", "--model", bn1dOptions,
			"--batch", "16", "--lr", "0.01", "--seed", "3"}, extra...)
	}
	out, errOut, err := runCLI(context.Background(), args("--epochs", "2", "--save", first, "--logdir", logdir)...)
	require.NoError(t, err, errOut)
	assert.Contains(t, out, "Trainable params: 83")
	files, err := filepath.Glob(filepath.Join(logdir, "events.out.tfevents.*"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	_, values := readEvents(t, files[0])
	tags := map[string]bool{}
	for _, v := range values {
		tags[v.tag] = true
	}
	for _, tag := range []string{"weights/0.weight", "weights/3.weight", "weights/3.bias", "gradients/3.weight", "health/0/weight_norm", "health/4/grad_norm"} {
		assert.True(t, tags[tag], tag)
	}
	assert.False(t, tags["weights/1.weight"], "BatchNorm1d(8, affine=False) has no weight")

	tensors, meta := readSafetensors(t, first)
	var names []string
	for name := range tensors {
		names = append(names, name)
	}
	assert.ElementsMatch(t, []string{"0.weight", "0.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
		"3.weight", "3.bias", "4.weight", "4.bias"}, filterBrawnNames(names))
	assert.Equal(t, bn1dOptions, meta[model.MetaPyTorch])

	_, errOut, err = runCLI(context.Background(), args("--epochs", "3", "--resume", first, "--save", ckpt)...)
	require.NoError(t, err, errOut)
	m, err := model.Load(ckpt)
	require.NoError(t, err)
	assert.Equal(t, float32(19*3), m.Net.Layers[1].(*nn.BatchNorm1d).NumBatchesTracked.Value.Data[0], "3 epochs of 19 batches (300 rows by 16)")
	evalOut, errOut, err := runCLI(context.Background(), "eval", "--model", ckpt, "--test", test, "--label-col", "species")
	require.NoError(t, err, errOut)
	assert.Contains(t, evalOut, bn1dOptions)
	_, errOut, err = runCLI(context.Background(), "predict", "--model", ckpt, "--input", test, "--label-col", "species",
		"--output", filepath.Join(dir, "pred.csv"))
	require.NoError(t, err, errOut)

	py := torchPython(t)
	const n = 7
	x := make([]float32, n*4)
	for i := range x {
		x[i] = float32((i*37)%101)/25 - 2
	}
	raw := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	in, outPath := filepath.Join(dir, "x.f32"), filepath.Join(dir, "y.f32")
	require.NoError(t, os.WriteFile(in, raw, 0o644))
	msg, err := exec.Command(py, filepath.Join("testdata", "torch", "load_checkpoint.py"), ckpt, in, outPath).CombinedOutput()
	require.NoError(t, err, string(msg))
	b, err := os.ReadFile(outPath)
	require.NoError(t, err)
	require.Len(t, b, 4*n*3)
	m.Net.Eval()
	y := m.Net.Forward(nn.FromSlice(x, n, 4))
	torchOut := make([]float32, n*3)
	for i, v := range y.Data {
		torchOut[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		assert.InDelta(t, v, torchOut[i], 1e-5*(1+math.Abs(float64(v))), "output %d", i)
	}
	// Predict on the same batch of n rows: PyTorch's probabilities.
	p, err := m.PredictScaled(x, n)
	require.NoError(t, err)
	want := make([]float32, n*3)
	kernels.Softmax(want, torchOut, n, 3)
	for i := range want {
		assert.InDelta(t, want[i], p.Probs[i], 1e-6, "probability %d", i)
	}
	t.Logf("largest output difference from PyTorch's on %d rows: %g", n, maxAbsDiff(y.Data, torchOut))
}

// filterBrawnNames leaves out the "brawn.*" entries of a checkpoint's
// tensor names.
func filterBrawnNames(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, "brawn.") {
			out = append(out, n)
		}
	}
	return out
}

// maxAbsDiff returns the largest |a[i] − b[i]|.
func maxAbsDiff(a, b []float32) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(float64(a[i]-b[i])))
	}
	return d
}
