package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// blobArgs trains a 4-16-3 network on the blobs, small enough to take a
// fraction of a second.
// blobArgs trains on the blob files at a fixed rate (--lr-schedule
// constant), which the tests' epochs and thresholds were chosen for.
func blobArgs(train, test string, extra ...string) []string {
	return append([]string{"train", "--train", train, "--test", test, "--label-col", "species",
		"--layers", "16", "--batch", "16", "--epochs", "8", "--lr", "0.01", "--lr-schedule", "constant", "--seed", "3"}, extra...)
}

func TestTrainConvergesOnBlobsAndEvalPredictAgree(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, metrics, png := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json"), filepath.Join(dir, "m.png")
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--json", metrics, "--plot", png, "--val-split", "0.2")...)
	require.NoError(t, err)
	assert.Contains(t, out, "Trainable params: 131 (112 weights + 19 biases)") // 4*16+16*3 = 112, 16+3 = 19
	assert.Contains(t, out, "Kernels: ")

	// --json: per-epoch metrics and the final test accuracy as a fraction.
	m := readMetrics(t, metrics)
	epochs := m["epochs"].([]any)
	require.Len(t, epochs, 8)
	first, last := epochs[0].(map[string]any), epochs[7].(map[string]any)
	for _, k := range []string{"train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy", "lr", "seconds", "samples_per_sec"} {
		assert.Contains(t, last, k)
	}
	assert.Less(t, last["train_loss"].(float64), first["train_loss"].(float64)/2, "training converges")
	layers := last["layers"].([]any)
	require.Len(t, layers, 2)
	l0, l2 := layers[0].(map[string]any), layers[1].(map[string]any)
	assert.Equal(t, "0 (Linear 4->16)", l0["layer"])
	assert.Greater(t, l0["weight_norm"], 0.0)
	assert.Greater(t, l0["grad_norm"], 0.0)
	assert.GreaterOrEqual(t, l0["dead_relu_fraction"], 0.0)
	assert.Equal(t, "2 (Linear 16->3)", l2["layer"])
	assert.NotContains(t, l2, "dead_relu_fraction")
	acc := m["test_accuracy"].(float64)
	assert.Greater(t, acc, 0.95)
	assert.LessOrEqual(t, acc, 1.0)
	assert.EqualValues(t, 131, m["parameters"])
	assert.EqualValues(t, 240, m["train_samples"]) // 300 minus the 20% validation split
	assert.Contains(t, out, "test accuracy "+strconv.FormatFloat(100*acc, 'f', 2, 64)+"%")

	// The file follows the safetensors specification, with PyTorch names.
	tensors, meta := readSafetensors(t, modelPath)
	for name, shape := range map[string][]int{"0.weight": {16, 4}, "0.bias": {16}, "2.weight": {3, 16}, "2.bias": {3}} {
		require.Contains(t, tensors, name)
		assert.Equal(t, shape, tensors[name].Shape, name)
	}
	assert.Equal(t, "Sequential(Linear(4, 16), ReLU(), Linear(16, 3))", meta[model.MetaPyTorch])
	var ss float64
	for _, w := range tensors["0.weight"].Data {
		ss += float64(w) * float64(w)
	}
	assert.InEpsilon(t, math.Sqrt(ss), l0["weight_norm"], 1e-5, "the reported norm is the saved weights'")
	assert.JSONEq(t, `["a","b","c"]`, meta[model.MetaClassNames])
	assert.Contains(t, meta[model.MetaConfig], `"optimizer":"adam"`)

	// eval: accuracy equals the training run's final test accuracy.
	evalOut, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Contains(t, evalOut, "accuracy  "+strconv.FormatFloat(100*acc, 'f', 2, 64)+"%")
	assert.Regexp(t, `(?m)^true\\pred\s+a\s+b\s+c\s+recall$`, evalOut)

	// predict: classes and probabilities agree with a float64 forward pass
	// of the saved tensors, computed here independently.
	predPath := filepath.Join(dir, "pred.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", test, "--label-col", "species", "--output", predPath)
	require.NoError(t, err)
	rows := readCSV(t, predPath)
	require.Equal(t, []string{"row", "class", "p_a", "p_b", "p_c"}, rows[0])
	testRows := readCSV(t, test)[1:]
	require.Len(t, rows, len(testRows)+1)
	correct := 0
	for i, r := range rows[1:] {
		x := make([]float64, 4)
		for j := range x {
			x[j], _ = strconv.ParseFloat(testRows[i][j], 64)
		}
		p := softmax64(forward64(tensors, 2, x))
		best := 0
		for k := range p {
			got, err := strconv.ParseFloat(r[2+k], 64)
			require.NoError(t, err)
			assert.InDelta(t, p[k], got, 1e-4, "row %d class %d", i, k)
			if p[k] > p[best] {
				best = k
			}
		}
		assert.Equal(t, string(rune('a'+best)), r[1], "row %d", i)
		if r[1] == testRows[i][4] {
			correct++
		}
	}
	assert.InDelta(t, acc, float64(correct)/float64(len(testRows)), 1e-12, "predict's classes give the reported accuracy")

	st, err := os.Stat(png)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(10000))
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows
}

// An interrupted run, resumed from its checkpoint, ends with weights and
// optimizer state bit-identical to a run that was never interrupted, for
// an interruption in the middle of an epoch; with the state of dropout's
// generator, schedules stepped per epoch and per step, and BatchNorm1d's
// running statistics in play.
func TestResumeIsBitIdentical(t *testing.T) {
	for _, cfg := range [][]string{
		{"--optimizer", "momentum", "--lr-schedule", "cosine", "--warmup", "10", "--dropout", "0.1"},
		{"--optimizer", "adamw", "--weight-decay", "0.01", "--batchnorm", "--lr-schedule", "plateau", "--plateau-patience", "0",
			"--l1", "1e-4", "--clip-norm", "0.5", "--clip-value", "0.05", "--label-smoothing", "0.1", "--activation", "tanh"},
		{"--optimizer", "adam", "--amsgrad", "--early-stop", "3"},
	} {
		t.Run(cfg[1], func(t *testing.T) { testResume(t, cfg) })
	}
}

func testResume(t *testing.T, cfg []string) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	full, parts := filepath.Join(dir, "full.safetensors"), filepath.Join(dir, "parts.safetensors")
	args := func(save string, extra ...string) []string {
		a := append([]string{"--save", save, "--epochs", "4", "--val-split", "0.1"}, cfg...)
		return blobArgs(train, test, append(a, extra...)...)
	}
	_, _, err := runCLI(context.Background(), args(full)...)
	require.NoError(t, err)

	// Stop after step 23 of 17 per epoch: in the middle of epoch 2.
	err = runInterrupted(t, 23, args(parts)...)
	assert.Contains(t, err.Error(), "interrupted in epoch 2 after step 6 (global step 23): saved the run to "+parts)
	_, meta := readSafetensors(t, parts)
	assert.Equal(t, "1", meta[model.MetaEpoch])

	metrics := filepath.Join(dir, "resumed.json")
	out, _, err := runCLI(context.Background(), args(parts, "--resume", parts, "--json", metrics)...)
	require.NoError(t, err)
	assert.Contains(t, out, "resuming "+parts+" in epoch 2 after step 6 (global step 23)")
	// Epoch 2's speed counts the samples this run trained: 270 training
	// samples, of which 6 steps of 16 ran before the interruption.
	e2 := readMetrics(t, metrics)["epochs"].([]any)[1].(map[string]any)
	assert.InEpsilon(t, 270-6*16, e2["samples_per_sec"].(float64)*e2["seconds"].(float64), 1e-9)

	a, metaA := readSafetensors(t, full)
	b, metaB := readSafetensors(t, parts)
	requireSameBits(t, a, b, "uninterrupted", "resumed")
	assert.Equal(t, "4", metaB[model.MetaEpoch])
	assert.Equal(t, metaA[model.MetaHistory][:strings.Index(metaA[model.MetaHistory], `"seconds"`)],
		metaB[model.MetaHistory][:strings.Index(metaB[model.MetaHistory], `"seconds"`)], "epoch 1's metrics carried over")
}

func TestNonFiniteLossKeepsLastCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	// Poison a weight in epoch 2, as a diverging run would.
	hook := stepHook(func(r *nn.Trainer, s *nn.StepInfo) {
		if s.Epoch == 2 && s.Step == 3 {
			r.Model.Params()[0].Value.Data[0] = float32(math.Inf(1))
		}
	})
	_, _, err := runCLIWith(context.Background(), hook, blobArgs(train, test, "--save", modelPath)...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitNonFinite, ee.code)
	assert.Regexp(t, `^training stopped at epoch 2, step 4 \(global step \d+\): the loss is (NaN|\+Inf), so the step's update was not applied; kept the last good checkpoint .*m\.safetensors \(epoch 1\)\. Try a lower --lr \(now 0\.01\), --clip-norm 1`, err.Error())
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	assert.Equal(t, 1, m.Epoch)
	for name, tensor := range m.Weights() {
		for _, v := range tensor {
			require.False(t, math.IsInf(float64(v), 0) || math.IsNaN(float64(v)), name)
		}
	}
}

// Weights that become infinite at an epoch's last step (the loss of that
// step was still finite) stop the run with status 3 before the checkpoint
// is overwritten; the --json metrics record the infinite norm as null.
func TestNonFiniteWeightsKeepLastCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, metrics := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json")
	hook := stepHook(func(r *nn.Trainer, s *nn.StepInfo) {
		if s.Epoch == 2 && s.Step == s.Steps {
			r.Model.Params()[0].Value.Data[0] = float32(math.Inf(1))
		}
	})
	_, _, err := runCLIWith(context.Background(), hook, blobArgs(train, test, "--save", modelPath, "--json", metrics)...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitNonFinite, ee.code)
	assert.Regexp(t, `^training diverged at epoch 2: layer 0 \(Linear 4->16\) has weight norm \+Inf and gradient norm .*; kept the last good checkpoint .*m\.safetensors \(epoch 1\)\. Try a lower --lr`, err.Error())
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	assert.Equal(t, 1, m.Epoch)
	doc := readMetrics(t, metrics)
	assert.Equal(t, "non-finite", doc["stopped"])
	epochs := doc["epochs"].([]any)
	require.Len(t, epochs, 2)
	layer0 := epochs[1].(map[string]any)["layers"].([]any)[0].(map[string]any)
	assert.Nil(t, layer0["weight_norm"])
	assert.Contains(t, layer0, "weight_norm")
	assert.Equal(t, []any{16.0}, doc["config"].(map[string]any)["layers"], "--layers is a list even of one size")
}

// A loss that explodes while staying finite (here: the weights scaled up a
// thousandfold at epoch 2's end) stops the run with status 3 at the end of
// the next epoch, keeping the checkpoint of epoch 2.
func TestExplodingLossKeepsLastCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, metrics := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json")
	hook := stepHook(func(r *nn.Trainer, s *nn.StepInfo) {
		if s.Epoch == 2 && s.Step == s.Steps {
			for _, p := range r.Model.Params() {
				kernels.Sscal(1000, p.Value.Data)
			}
		}
	})
	_, _, err := runCLIWith(context.Background(), hook, blobArgs(train, test, "--save", modelPath, "--json", metrics, "--optimizer", "adam")...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitNonFinite, ee.code)
	assert.Regexp(t, `^training diverged at epoch 3: the training loss \S+ is over 1000 times the first step's \S+; kept the last good checkpoint .*m\.safetensors \(epoch 2\)`, err.Error())
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	assert.Equal(t, 2, m.Epoch)
	assert.Equal(t, "diverged", readMetrics(t, metrics)["stopped"])
}

func TestResumeRefusesChangedFlags(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "1")...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--layers", "32")...)
	require.ErrorContains(t, err, `--layers "32" differs from the run saved in `+modelPath+` ("16")`)
	_, _, err = runCLI(context.Background(), "train", "--train", train, "--test", test, "--resume", modelPath, "--model", "Sequential(Linear(4, 3))")
	require.ErrorContains(t, err, modelPath+" holds the --layers network 4-16-3 (Sequential(Linear(4, 16), ReLU(), Linear(16, 3))); resume it without --model: a resumed run keeps its network")
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", "1")...)
	require.ErrorContains(t, err, "has already run 1 epoch; ask for more to continue it")
	other := filepath.Join(t.TempDir(), "other.csv")
	require.NoError(t, os.WriteFile(other, []byte("a,b,species\n1,2,a\n3,4,b\n5,6,c\n"), 0o644))
	_, _, err = runCLI(context.Background(), "train", "--resume", modelPath, "--train", other, "--test", other, "--epochs", "2")
	require.ErrorContains(t, err, modelPath+" holds a 4-16-3 network (Sequential(Linear(4, 16), ReLU(), Linear(16, 3))), but these data and flags make 2-16-3")
	// Other data of the same shape: fewer samples, or the same count drawn anew.
	fewer, redrawn := filepath.Join(t.TempDir(), "fewer.csv"), filepath.Join(t.TempDir(), "redrawn.csv")
	blobs(t, fewer, 299, 1)
	blobs(t, redrawn, 300, 9)
	for _, other := range []string{fewer, redrawn} {
		_, _, err = runCLI(context.Background(), blobArgs(other, test, "--resume", modelPath, "--epochs", "2")...)
		require.ErrorContains(t, err, modelPath+" was trained on other data: "+train+" gave 300 samples of 4 features")
		require.ErrorContains(t, err, other+" gives ")
	}
	// A run saved on a machine of more CPUs resumes with this one's.
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	m.Config["threads"] = "100000"
	bigger := filepath.Join(t.TempDir(), "bigger.safetensors")
	require.NoError(t, model.Save(bigger, m))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", bigger, "--epochs", "2")...)
	require.NoError(t, err)
	// Same flags spelled differently are accepted.
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--lr", "1e-2", "--epochs", "2")...)
	require.NoError(t, err)
	// A flag the saved run was not given is named with its default.
	seedless := filepath.Join(t.TempDir(), "seedless.safetensors")
	args := []string{"train", "--train", train, "--test", test, "--label-col", "species", "--layers", "16", "--save", seedless}
	_, _, err = runCLI(context.Background(), append(args, "--epochs", "1")...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), append(args, "--epochs", "2", "--resume", seedless, "--seed", "5")...)
	require.ErrorContains(t, err, `--seed "5" differs from the run saved in `+seedless+` (not given: "1", the default); a resumed run keeps its configuration`)
}

func TestTrainOnMNISTSlice(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	metrics, modelPath := filepath.Join(dir, "m.json"), filepath.Join(dir, "m.safetensors")
	_, stderr, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "2000", "--test-limit", "1000",
		"--layers", "32", "--epochs", "3", "--batch", "32", "--json", metrics, "--save", modelPath)
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`(?m)^epoch 3  loss \d\.\d{4}  acc \d+\.\d\d%  test_loss`), stderr)
	m := readMetrics(t, metrics)
	assert.Greater(t, m["test_accuracy"].(float64), 0.8)
	assert.EqualValues(t, 784*32+32*10+32+10, m["parameters"])

	out, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--data", "mnist", "--test-limit", "1000")
	require.NoError(t, err)
	assert.Contains(t, out, "accuracy  "+strconv.FormatFloat(100*m["test_accuracy"].(float64), 'f', 2, 64)+"%")
}

func TestInterruptBeforeTraining(t *testing.T) {
	train, test := blobFiles(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := runCLI(ctx, blobArgs(train, test)...)
	var ee *exitError
	require.True(t, errors.As(err, &ee), "%v", err)
	assert.Equal(t, exitInterrupted, ee.code)
	assert.Contains(t, err.Error(), "nothing was saved")
}

func TestPlotCommand(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, logdir, metrics := filepath.Join(dir, "run.safetensors"), filepath.Join(dir, "logs"), filepath.Join(dir, "m.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "3", "--logdir", logdir, "--val-split", "0.2", "--json", metrics)...)
	require.NoError(t, err)

	// From the model (and from a directory of models).
	out, _, err := runCLI(context.Background(), "plot", dir)
	require.NoError(t, err)
	assert.Equal(t, "wrote "+filepath.Join(dir, "run.png")+" (3 epochs, 4 histograms)\n", out)
	st, err := os.Stat(filepath.Join(dir, "run.png"))
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(10000))

	// From the TensorBoard log directory: the curves are the run's metrics.
	out, _, err = runCLI(context.Background(), "plot", logdir)
	require.NoError(t, err)
	assert.Equal(t, "wrote "+filepath.Join(logdir, "brawn.png")+" (3 epochs, 4 histograms)\n", out)
	scalars, hists, err := readLogdir(logdir, io.Discard)
	require.NoError(t, err)
	epochs := readMetrics(t, metrics)["epochs"].([]any)
	for tag, key := range map[string]string{"loss/train": "train_loss", "accuracy/val": "val_accuracy", "accuracy/test": "test_accuracy"} {
		require.Len(t, scalars[tag], len(epochs), tag)
		for i, e := range epochs {
			assert.Equal(t, int64(i+1), scalars[tag][i].Step, tag)
			assert.Equal(t, float64(float32(e.(map[string]any)[key].(float64))), scalars[tag][i].Value, tag)
		}
	}
	require.Len(t, hists, 4)
	assert.Equal(t, "0.weight (epoch 3)", hists[0].Title)
	assert.Equal(t, "0.bias (epoch 3)", hists[1].Title)
	n := hists[0].Binned.Num
	assert.InDelta(t, 64, n, 1e-9, "the 16x4 weights are all counted")

	_, _, err = runCLI(context.Background(), "plot", t.TempDir())
	require.ErrorContains(t, err, "neither TensorBoard event files nor .safetensors models to plot")
	_, _, err = runCLI(context.Background(), "plot", logdir, "--output", "x.jpg")
	require.ErrorContains(t, err, `invalid --output "x.jpg": must name a .png file`)
}

// Early stopping ends the run when the validation loss has not improved
// for --early-stop epochs and keeps the best epoch's weights.
func TestEarlyStopKeepsBestWeights(t *testing.T) {
	train, test := blobFiles(t)
	metrics, modelPath := filepath.Join(t.TempDir(), "m.json"), filepath.Join(t.TempDir(), "m.safetensors")
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "50", "--val-split", "0.3", "--early-stop", "2", "--lr", "0.05", "--json", metrics, "--save", modelPath)...)
	require.NoError(t, err)
	m := readMetrics(t, metrics)
	assert.Equal(t, "early-stop", m["stopped"])
	epochs := m["epochs"].([]any)
	require.Less(t, len(epochs), 50)
	best := 0
	for i, e := range epochs {
		if e.(map[string]any)["val_loss"].(float64) < epochs[best].(map[string]any)["val_loss"].(float64) {
			best = i
		}
	}
	assert.Equal(t, len(epochs)-1-2, best, "stopped 2 epochs after the best")
	assert.Equal(t, epochs[best].(map[string]any)["test_loss"], m["test_loss"], "the final model is the best epoch's")
	assert.Contains(t, out, "stopped early after epoch "+strconv.Itoa(len(epochs))+": no better validation loss for 2 epochs; kept the best weights")
	// eval says whose weights the checkpoint holds.
	out, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", test)
	require.NoError(t, err)
	assert.Contains(t, out, "epochs trained: "+strconv.Itoa(len(epochs))+" (stopped early: the weights are epoch "+strconv.Itoa(best+1)+"'s, the best validation loss)")
	// A run that stopped early is over: resuming it is refused, not one
	// more epoch from the restored weights.
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "60", "--val-split", "0.3", "--early-stop", "2", "--lr", "0.05", "--resume", modelPath)...)
	require.EqualError(t, err, modelPath+": this run already stopped early after epoch "+strconv.Itoa(len(epochs))+" (no better validation loss for 2 epochs); there is nothing to resume")
}

// A learning rate far too large makes the weights grow; the warning names
// the layer and the remedy, and the exploding loss stops the run.
func TestHealthWarningOnDivergingWeights(t *testing.T) {
	train, test := blobFiles(t)
	_, stderr, err := runCLI(context.Background(), blobArgs(train, test, "--optimizer", "sgd", "--lr", "10", "--layers", "32", "--epochs", "2")...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitNonFinite, ee.code)
	_, quiet, _ := runCLI(context.Background(), blobArgs(train, test, "--optimizer", "sgd", "--lr", "10", "--layers", "32", "--epochs", "2", "--quiet")...)
	assert.NotContains(t, quiet, "warning", "--quiet prints only errors and the result")
	assert.Regexp(t, `warning: epoch 1, layer 0 \(Linear 4->32\): weights grow without bound \(RMS [0-9.e+]+, was 0\.\d+\); lower --lr, add --weight-decay or --l2, or add --clip-norm 1`, stderr)
}

// Features of size 1e19 overflow the first step's gradients in float32:
// training stops before that step's update with status 3, naming the
// parameter, and advice; with --save and no finished epoch, nothing is
// written.
func TestDivergingRunStops(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "huge.csv")
	require.NoError(t, os.WriteFile(data, []byte("a,b,label\n1e19,2e19,0\n-3e19,1e19,1\n2e19,-1e19,0\n-1e19,-2e19,1\n"), 0o644))
	modelPath := filepath.Join(dir, "m.safetensors")
	for _, save := range []bool{false, true} {
		args := []string{"train", "--train", data, "--test", data, "--layers", "4", "--batch", "2", "--optimizer", "sgd", "--lr", "1"}
		want := "no checkpoint was written (add --save FILE to keep one per epoch)"
		if save {
			args = append(args, "--save", modelPath)
			want = "no epoch had finished, so no checkpoint was written"
		}
		_, _, err := runCLI(context.Background(), args...)
		var ee *exitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, exitNonFinite, ee.code)
		assert.Equal(t, "training stopped at epoch 1, step 1 (global step 1): the gradient of 2.weight in layer 2 (Linear 4->2) overflows float32 (its norm is +Inf), so the step's update was not applied; "+want+". Try a lower --lr (now 1), --clip-norm 1, --normalize standard for features of large range, or --batchnorm", err.Error())
		assert.NoFileExists(t, modelPath)
	}
}

// --normalize standard takes each feature's mean and standard deviation
// from the training file only, saves them with the model, and predict
// scales its input with them: checked against statistics and a forward pass
// computed here in float64.
func TestNormalizationTravelsWithTheModel(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, pred := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "p.csv")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--normalize", "standard", "--epochs", "2", "--save", modelPath)...)
	require.NoError(t, err)

	rows := readCSV(t, train)[1:]
	mean, std := make([]float64, 4), make([]float64, 4)
	for _, r := range rows {
		for j := range mean {
			v, _ := strconv.ParseFloat(r[j], 64)
			mean[j] += v / float64(len(rows))
		}
	}
	for _, r := range rows {
		for j := range std {
			v, _ := strconv.ParseFloat(r[j], 64)
			std[j] += (v - mean[j]) * (v - mean[j]) / float64(len(rows))
		}
	}
	tensors, meta := readSafetensors(t, modelPath)
	var sc struct {
		Method        string
		Offset, Scale []float64
	}
	require.NoError(t, json.Unmarshal([]byte(meta[model.MetaScaler]), &sc))
	assert.Equal(t, "standard", sc.Method)
	for j := range mean {
		std[j] = math.Sqrt(std[j])
		assert.InDelta(t, mean[j], sc.Offset[j], 1e-5, "mean of feature %d", j)
		assert.InEpsilon(t, 1/std[j], sc.Scale[j], 1e-5, "1/std of feature %d", j)
	}

	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", test, "--label-col", "4", "--output", pred)
	require.NoError(t, err)
	got := readCSV(t, pred)[1:]
	for i, r := range readCSV(t, test)[1:] {
		x := make([]float64, 4)
		for j := range x {
			v, _ := strconv.ParseFloat(r[j], 64)
			x[j] = (v - mean[j]) / std[j]
		}
		p := softmax64(forward64(tensors, 2, x))
		for k := range p {
			v, err := strconv.ParseFloat(got[i][2+k], 64)
			require.NoError(t, err)
			assert.InDelta(t, p[k], v, 1e-4, "row %d class %d", i, k)
		}
	}
}

// The same seed gives bit-identical weights with 1 thread and with 2.
func TestThreadsDoNotChangeResults(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	var files []string
	for _, threads := range []string{"1", "2"} {
		f := filepath.Join(dir, "t"+threads+".safetensors")
		_, _, err := runCLI(context.Background(), "train", "--data", "mnist", "--train-limit", "1000", "--test-limit", "100",
			"--layers", "64,32", "--epochs", "1", "--batch", "50", "--threads", threads, "--save", f, "--quiet")
		require.NoError(t, err)
		files = append(files, f)
	}
	a, _ := readSafetensors(t, files[0])
	b, _ := readSafetensors(t, files[1])
	for name, ta := range a {
		for i := range ta.Data {
			if math.Float32bits(ta.Data[i]) != math.Float32bits(b[name].Data[i]) {
				t.Fatalf("%s[%d]: 1 thread %v, 2 threads %v", name, i, ta.Data[i], b[name].Data[i])
			}
		}
	}
}

// blobModel trains the blobs for one epoch and returns the saved model.
func blobModel(t *testing.T) string {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", modelPath)...)
	require.NoError(t, err)
	return modelPath
}

// predict drops the --label-col column whatever it holds, even labels the
// model never saw.
func TestPredictIgnoresLabels(t *testing.T) {
	modelPath, input := blobModel(t), filepath.Join(t.TempDir(), "in.csv")
	require.NoError(t, os.WriteFile(input, []byte("f0,f1,f2,f3,species\n0,0,0,0,unknown\n3,3,0,0,b\n"), 0o644))
	out, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "species", "--probs=false")
	require.NoError(t, err)
	assert.Regexp(t, `^row,class\n0,[abc]\n1,[abc]\n$`, out)
}

// A CSV input with more columns than the model's inputs is refused with
// the hint that the training's label column can be named with
// --label-col, and that other extra columns must be cut from the file:
// predict has no flag to leave them out, and --label-col takes one column
// of a classifier.
func TestPredictSuggestsLabelCol(t *testing.T) {
	modelPath, input := blobModel(t), filepath.Join(t.TempDir(), "in.csv")
	const noFlag = " (predict reads every column but the --label-col one as a feature, and has no flag to leave out others)"
	require.NoError(t, os.WriteFile(input, []byte("f0,f1,f2,f3,species\n0,0,0,0,1\n3,3,0,0,2\n"), 0o644))
	_, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", input)
	require.Error(t, err)
	assert.True(t, strings.HasSuffix(err.Error(), "5 features per sample, but the model expects 4 inputs; the data must have the layout the model was trained on; the model reads the columns f0, f1, f2, f3; name the label column with --label-col species to leave it out"+noFlag), err.Error())

	// An id column besides the label (the tester's C5).
	require.NoError(t, os.WriteFile(input, []byte("id,f0,f1,f2,f3,species\n7,0,0,0,0,1\n8,3,3,0,0,2\n"), 0o644))
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input)
	assert.True(t, strings.HasSuffix(err.Error(), `; the model reads the columns f0, f1, f2, f3; name the label column with --label-col species to leave it out, and remove the column "id" from the file`+noFlag), err.Error())
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "species")
	assert.True(t, strings.HasSuffix(err.Error(), `; the model reads the columns f0, f1, f2, f3; remove the column "id" from the file`+noFlag), err.Error())

	require.NoError(t, os.WriteFile(input, []byte("0,0,0,0,1,1\n"), 0o644))
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input)
	assert.True(t, strings.HasSuffix(err.Error(), "; the file has 2 columns more than the model's inputs: if one is the label, name it with --label-col (training used --label-col species), and remove the other from the file"+noFlag), err.Error())
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "-1")
	assert.True(t, strings.HasSuffix(err.Error(), "; remove the 1 extra column from the file"+noFlag), err.Error())

	// Class names in the label column are not numbers: the error says
	// training took its labels from that column.
	require.NoError(t, os.WriteFile(input, []byte("f0,f1,f2,f3,species\n0,0,0,0,a\n"), 0o644))
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input)
	require.ErrorContains(t, err, `column "species" (index 4): "a" is not a number; training took its labels from that column: name it with --label-col species to leave it out`)
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", input, "--label-col", "5")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "name them with --label-col", "--label-col given")
}

// Every optimizer, schedule and loss the flags offer trains the blobs.
func TestEveryOptimizerScheduleAndLossTrains(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	for i, extra := range [][]string{
		{"--optimizer", "sgd", "--lr", "0.1"},
		{"--optimizer", "momentum", "--lr-schedule", "step", "--step-size", "4", "--gamma", "0.5"},
		{"--optimizer", "nesterov", "--lr-schedule", "multistep", "--milestones", "3,6"},
		{"--optimizer", "adamw", "--weight-decay", "0.01", "--lr-schedule", "exponential", "--gamma", "0.9"},
		{"--optimizer", "rmsprop", "--lr-schedule", "cosine", "--eta-min", "1e-4"},
		{"--optimizer", "adagrad", "--lr", "0.1", "--lr-schedule", "plateau"},
		{"--loss", "mse", "--lr", "0.02"},
		{"--init", "xavier", "--activation", "tanh", "--l2", "1e-4", "--l1", "1e-5"},
		{"--init", "pytorch", "--activation", "sigmoid", "--lr", "0.05"},
		{"--init", "lecun", "--activation", "leakyrelu", "--batchnorm", "--dropout", "0.2"},
		{"--init", "he-uniform", "--layers", "", "--lr", "0.1"},
	} {
		metrics := filepath.Join(dir, strconv.Itoa(i)+".json")
		_, _, err := runCLI(context.Background(), blobArgs(train, test, append(extra, "--json", metrics, "--epochs", "10")...)...)
		require.NoError(t, err, "%v", extra)
		m := readMetrics(t, metrics)
		assert.Greater(t, m["test_accuracy"].(float64), 0.9, "%v", extra)
		for e, em := range m["epochs"].([]any) {
			lr := em.(map[string]any)["lr"].(float64)
			switch i {
			case 1: // StepLR: 0.01 halved every 4 epochs
				assert.InEpsilon(t, 0.01*math.Pow(0.5, float64(e/4)), lr, 1e-12, "epoch %d", e+1)
			case 4: // CosineAnnealingLR over the 10 epochs from 0.01 (blobArgs) to 1e-4
				assert.InEpsilon(t, 1e-4+(0.01-1e-4)*(1+math.Cos(math.Pi*float64(e)/10))/2, lr, 1e-9, "epoch %d", e+1)
			}
		}
	}
}
