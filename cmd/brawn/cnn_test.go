package main

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/bench"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/tensorboard"
)

// issueCNN is the MNIST CNN of issue 13, as brawn train --model takes it.
const issueCNN = bench.CNNModule

// smallCNN is a CNN for MNIST that trains in a fraction of a second: a
// strided Conv2d, BatchNorm2d, a residual block and pooling.
const smallCNN = "Sequential(Conv2d(1, 4, 3, stride=2), BatchNorm2d(4), ReLU(), " +
	"Residual(Sequential(Conv2d(4, 4, 3, padding=1), BatchNorm2d(4), ReLU())), MaxPool2d(2), Flatten(), Linear(144, 10))"

// The issue's CNN trains on MNIST from --model, fed as [N, 1, 28, 28]: the
// summary gives each layer's output shape, the checkpoint records the
// module string and the images' shape, the TensorBoard log has every
// layer's histograms and the Conv2d layers' health, the --json document
// the network, and brawn plot, eval and predict (on CSV rows of 784
// pixels) read the checkpoint.
func TestTrainIssueCNNOnMNIST(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	ckpt, logdir, js := filepath.Join(dir, "cnn.safetensors"), filepath.Join(dir, "logs"), filepath.Join(dir, "m.json")
	out, errOut, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "192", "--test-limit", "64",
		"--epochs", "1", "--batch", "64", "--model", issueCNN, "--save", ckpt, "--logdir", logdir, "--json", js, "--plot", filepath.Join(dir, "c.png"))
	require.NoError(t, err, errOut)
	for _, want := range []string{"(None, 32, 28, 28)", "(None, 64, 7, 7)", "(None, 3136)", "Total params: 421,642", issueCNN} {
		assert.Contains(t, out, want)
	}

	tensors, meta := readSafetensors(t, ckpt)
	assert.Equal(t, issueCNN, meta[model.MetaPyTorch])
	assert.Equal(t, "[1,28,28]", meta[model.MetaInputShape])
	assert.Equal(t, []int{32, 1, 3, 3}, tensors["0.weight"].Shape)
	assert.Equal(t, []int{64, 32, 3, 3}, tensors["3.weight"].Shape)
	assert.Equal(t, []int{128, 3136}, tensors["7.weight"].Shape)

	run, err := tensorboard.ReadDir(logdir)
	require.NoError(t, err)
	for _, tag := range []string{"weights/0.weight", "gradients/3.weight", "weights/9.bias"} {
		assert.Len(t, run.Histograms[tag], 1, tag)
	}
	for _, tag := range []string{"health/0/grad_norm", "health/3/weight_norm", "health/3/dead_relu_fraction"} {
		assert.Len(t, run.Scalars[tag], 1, tag)
	}
	metrics := readMetrics(t, js)
	cfg := metrics["config"].(map[string]any)
	assert.Equal(t, issueCNN, cfg["model"])
	assert.NotContains(t, cfg, "layers", "--model says the network")
	epochs := metrics["epochs"].([]any)
	layers := epochs[0].(map[string]any)["layers"].([]any)
	assert.Greater(t, epochs[0].(map[string]any)["grad_norm"], 0.0, "the global norm before clipping")
	assert.Equal(t, "0 (Conv2d 1->32 3x3)", layers[0].(map[string]any)["layer"])

	_, _, err = runCLI(context.Background(), "plot", ckpt, "--output", filepath.Join(dir, "p.png"))
	require.NoError(t, err)
	png, err := os.ReadFile(filepath.Join(dir, "p.png"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(png), "\x89PNG"))

	// eval on the same 64 test images gives the training run's accuracy.
	trained := regexp.MustCompile(`test accuracy (\S+%)`).FindStringSubmatch(out)
	require.NotNil(t, trained, out)
	evalOut, _, err := runCLI(context.Background(), "eval", "--model", ckpt, "--data", "mnist", "--test-limit", "64")
	require.NoError(t, err)
	assert.Regexp(t, `accuracy  `+regexp.QuoteMeta(trained[1])+` \(\d+ of 64\)`, evalOut)

	// predict reads CSV rows of 784 pixels and classifies them as the
	// model does the same images.
	mdir, err := data.MNISTDir()
	require.NoError(t, err)
	_, test, err := data.LoadMNIST(mdir)
	require.NoError(t, err)
	x := make([]float32, 5*784)
	require.NoError(t, test.Gather(x, []int{0, 1, 2, 3, 4}))
	var csv strings.Builder
	for i, v := range x {
		csv.WriteString(strconv.FormatFloat(float64(v), 'g', -1, 32))
		if i%784 == 783 {
			csv.WriteString("\n")
		} else {
			csv.WriteString(",")
		}
	}
	in := filepath.Join(dir, "px.csv")
	require.NoError(t, os.WriteFile(in, []byte(csv.String()), 0o644))
	predOut, _, err := runCLI(context.Background(), "predict", "--model", ckpt, "--input", in, "--probs=false")
	require.NoError(t, err)
	m, err := model.Load(ckpt)
	require.NoError(t, err)
	p, err := m.Predict(x, 5)
	require.NoError(t, err)
	want := "row,class\n"
	for i, c := range p.Class {
		want += strconv.Itoa(i) + "," + strconv.Itoa(c) + "\n"
	}
	assert.Equal(t, want, predOut)
}

// A CNN run resumed from its first epoch's checkpoint (--model @FILE,
// then without --model, which the checkpoint restores) ends with the
// same weights, bit for bit, as the run that was not interrupted.
func TestTrainCNNResumeBitIdentical(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "net.txt")
	require.NoError(t, os.WriteFile(file, []byte(smallCNN+"\n"), 0o644))
	common := []string{"train", "--data", "mnist", "--train-limit", "160", "--test-limit", "32", "--batch", "32", "--quiet"}
	straight, first, resumed := filepath.Join(dir, "a.safetensors"), filepath.Join(dir, "b.safetensors"), filepath.Join(dir, "c.safetensors")
	_, errOut, err := runCLI(context.Background(), append(common, "--epochs", "2", "--model", "@"+file, "--save", straight)...)
	require.NoError(t, err, errOut)
	_, errOut, err = runCLI(context.Background(), append(common, "--epochs", "1", "--t-max", "2", "--model", "@"+file, "--save", first)...)
	require.NoError(t, err, errOut)
	_, errOut, err = runCLI(context.Background(), append(common, "--epochs", "2", "--resume", first, "--save", resumed)...)
	require.NoError(t, err, errOut)

	a, err := model.Load(straight)
	require.NoError(t, err)
	c, err := model.Load(resumed)
	require.NoError(t, err)
	assert.Equal(t, smallCNN, c.PyTorch())
	assert.Equal(t, smallCNN, c.Config["model"], "the checkpoint records the module string, not @FILE")
	assert.Equal(t, a.Weights(), c.Weights())
	assert.Contains(t, a.Weights(), "3.f.1.running_mean")

	// The same network given again, from its file, is the same run.
	again := filepath.Join(dir, "d.safetensors")
	_, errOut, err = runCLI(context.Background(), append(common, "--epochs", "2", "--resume", first, "--model", "@"+file, "--save", again)...)
	require.NoError(t, err, errOut)
	d, err := model.Load(again)
	require.NoError(t, err)
	assert.Equal(t, a.Weights(), d.Weights())

	// The same network spelled otherwise (PyTorch's keywords and tuples,
	// inplace=True) is the same run too.
	respelled := "Sequential(Conv2d(1, 4, kernel_size=(3, 3), stride=(2, 2)), BatchNorm2d(4, eps=1e-05, momentum=0.1), ReLU(inplace=True), " +
		"Residual(Sequential(Conv2d(4, 4, 3, padding=(1, 1), bias=True), BatchNorm2d(4), ReLU())), MaxPool2d(kernel_size=2, stride=2), Flatten(), Linear(in_features=144, out_features=10, bias=True))"
	_, errOut, err = runCLI(context.Background(), append(common, "--epochs", "2", "--resume", first, "--model", respelled, "--save", again)...)
	require.NoError(t, err, errOut)
	d, err = model.Load(again)
	require.NoError(t, err)
	assert.Equal(t, a.Weights(), d.Weights())

	// Resuming with another network is refused, naming both.
	_, _, err = runCLI(context.Background(), append(common, "--epochs", "2", "--resume", first, "--model", issueCNN)...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), first+" holds the network "+smallCNN+" for samples of shape [1, 28, 28], but --model and these data make "+issueCNN+" for samples of shape [1, 28, 28] "+
		"(layer 0 is Conv2d(1, 32, 3, padding=1), not Conv2d(1, 4, 3, stride=2))")
	// The first layer that differs is named, however deep in the string.
	noBias := strings.Replace(smallCNN, "Linear(144, 10)", "Linear(144, 10, bias=False)", 1)
	_, _, err = runCLI(context.Background(), append(common, "--epochs", "2", "--resume", first, "--model", noBias)...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(layer 6 is Linear(144, 10, bias=False), not Linear(144, 10))")
}

// --model's mistakes are errors that name the flag: with --layers, a
// string that does not parse, a missing file, a layer whose input shape
// does not fit (naming the layer and both shapes), an output that is not
// the classes, and features that are not square images.
func TestTrainModelErrors(t *testing.T) {
	train, test := blobFiles(t) // 4 features, 3 classes
	files := []string{"train", "--train", train, "--test", test, "--epochs", "1"}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--model", "Sequential(Linear(4, 3))", "--layers", "8"}, []string{"--model and --layers both say what the network is"}},
		{[]string{"--model", "Sequential(Linear(4, 3))", "--dropout", "0.5"}, []string{"--model and --dropout"}},
		{[]string{"--model", "Sequential(Linear(4, 3)"}, []string{"--model: module string at byte"}},
		{[]string{"--model", "@" + filepath.Join(t.TempDir(), "none.txt")}, []string{"--model @", "none.txt", "no such file"}},
		{[]string{"--model", "Sequential(Linear(4, 8), ReLU(), Linear(6, 3))"}, []string{"--model on ", "samples of shape [4]", "layer 2 (Linear)", "takes input of shape [6], got [8]"}},
		{[]string{"--model", "Sequential(Linear(4, 5))"}, []string{"--model: the network's output has shape [5], but the data has 3 classes", "its last layer, layer 0 (Linear), should give [3]"}},
		{[]string{"--model", "Sequential(Conv2d(3, 4, 1), Flatten(), Linear(4, 3))"}, []string{"--model: its first layer, Conv2d, takes images of 3 channel(s), but the data's 4 features are not 3 square image(s)"}},
	} {
		_, _, err := runCLI(context.Background(), append(files, c.args...)...)
		require.Error(t, err, c.args)
		for _, w := range c.want {
			assert.Contains(t, err.Error(), w, c.args)
		}
	}
}

// The issue's CNN with a shape mistake (the first Linear's inputs) names
// the layer and both shapes.
func TestTrainCNNShapeMismatch(t *testing.T) {
	needMNIST(t)
	bad := strings.Replace(issueCNN, "Linear(3136, 128)", "Linear(3000, 128)", 1)
	_, _, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "64", "--test-limit", "16", "--model", bad)
	require.Error(t, err)
	for _, w := range []string{"--model on the MNIST training set's samples of shape [1, 28, 28]: ", "layer 7 (Linear)", "takes input of shape [3000], got [3136]"} {
		assert.Contains(t, err.Error(), w)
	}
}

// torchPython returns a Python that imports torch and numpy (Debian's
// python3-torch), or skips the test.
func torchPython(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import torch, numpy").Run() == nil {
			return path
		}
	}
	t.Skip("no python3 with torch and numpy (apt-get install python3-torch): the PyTorch loading test did not run")
	return ""
}

// A CNN checkpoint (Conv2d, BatchNorm2d, a Residual block, pooling) loads
// into PyTorch from its module string and state_dict through
// load_state_dict(strict=True), and gives brawn's outputs.
func TestCNNCheckpointLoadsInPyTorch(t *testing.T) {
	needMNIST(t)
	py := torchPython(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "cnn.safetensors")
	_, errOut, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "128", "--test-limit", "16",
		"--epochs", "1", "--batch", "32", "--quiet", "--model", smallCNN, "--save", ckpt)
	require.NoError(t, err, errOut)
	m, err := model.Load(ckpt)
	require.NoError(t, err)

	const n = 6
	x := make([]float32, n*784)
	for i := range x {
		x[i] = float32((i*37)%101) / 100
	}
	raw := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	in, out := filepath.Join(dir, "x.f32"), filepath.Join(dir, "y.f32")
	require.NoError(t, os.WriteFile(in, raw, 0o644))
	cmd := exec.Command(py, filepath.Join("testdata", "torch", "load_checkpoint.py"), ckpt, in, out)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, string(msg))
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Len(t, b, 4*n*10)

	m.Net.Eval()
	y := m.Net.Forward(nn.FromSlice(x, n, 784))
	for i, v := range y.Data {
		got := math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		assert.InDelta(t, v, got, 1e-4*(1+math.Abs(float64(v))), "output %d", i)
	}
}

// A network whose first layer does not say its input channels (pooling)
// trains, and its checkpoint loads for eval from the images' shape it
// records.
func TestTrainPoolingFirstNetworkEvaluates(t *testing.T) {
	needMNIST(t)
	ckpt := filepath.Join(t.TempDir(), "pool.safetensors")
	const module = "Sequential(MaxPool2d(2), Flatten(), Linear(196, 10))"
	_, errOut, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "64", "--test-limit", "32",
		"--epochs", "1", "--batch", "32", "--quiet", "--model", module, "--save", ckpt)
	require.NoError(t, err, errOut)
	out, _, err := runCLI(context.Background(), "eval", "--model", ckpt, "--data", "mnist", "--test-limit", "32")
	require.NoError(t, err)
	assert.Contains(t, out, module)
	assert.Contains(t, out, "of 32)")
}

// A --model network serves every task: a regression's outputs and bce's
// one logit are checked against its last layer, and its checkpoint
// records the task.
func TestModelTasks(t *testing.T) {
	dir := t.TempDir()
	train, test := regressionFiles(t)
	reg := filepath.Join(dir, "reg.safetensors")
	args := []string{"train", "--train", train, "--test", test, "--task", "regression", "--label-col", "y,z", "--epochs", "2", "--quiet"}
	_, _, err := runCLI(context.Background(), append(args, "--model", "Sequential(Linear(3, 3))")...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--model: the network's output has shape [3], but the data has 2 regression targets")
	_, errOut, err := runCLI(context.Background(), append(args, "--model", "Sequential(Linear(3, 8), ReLU(), Linear(8, 2))", "--save", reg)...)
	require.NoError(t, err, errOut)
	m, err := model.Load(reg)
	require.NoError(t, err)
	assert.True(t, m.Regression())
	assert.Equal(t, 2, m.NumOutputs())
	_, _, err = runCLI(context.Background(), "eval", "--model", reg, "--test", test)
	require.NoError(t, err)

	btrain, btest, bin := filepath.Join(dir, "b.csv"), filepath.Join(dir, "bt.csv"), filepath.Join(dir, "bin.safetensors")
	twoBlobs(t, btrain, 60, 1)
	twoBlobs(t, btest, 30, 2)
	bargs := []string{"train", "--train", btrain, "--test", btest, "--label-col", "species", "--loss", "bce", "--epochs", "1", "--quiet"}
	_, _, err = runCLI(context.Background(), append(bargs, "--model", "Sequential(Linear(4, 2))")...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--model: the network's output has shape [2], but the data has 1 output (one logit for --loss bce)")
	_, errOut, err = runCLI(context.Background(), append(bargs, "--model", "Sequential(Linear(4, 1))", "--save", bin)...)
	require.NoError(t, err, errOut)
	m, err = model.Load(bin)
	require.NoError(t, err)
	assert.True(t, m.Binary())
	assert.Equal(t, []string{"a", "b"}, m.ClassNames)
}
