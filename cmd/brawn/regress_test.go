package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/runplot"
)

// regressionCSV writes n rows of features a, b, c and targets
// y = 3a − 2b + 100 (plus a little noise) and z = 10c − 50, far from
// mean 0 and std 1 so that standardization matters.
func regressionCSV(t *testing.T, path string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 11))
	var b strings.Builder
	b.WriteString("a,y,b,c,z\n")
	for range n {
		x0, x1, x2 := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		fmt.Fprintf(&b, "%.5f,%.5f,%.5f,%.5f,%.5f\n", x0, 3*x0-2*x1+100+0.05*rng.NormFloat64(), x1, x2, 10*x2-50)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

func regressionFiles(t *testing.T) (train, test string) {
	dir := t.TempDir()
	train, test = filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	regressionCSV(t, train, 400, 1)
	regressionCSV(t, test, 100, 2)
	return train, test
}

func regressionArgs(train, test string, extra ...string) []string {
	return append([]string{"train", "--train", train, "--test", test, "--task", "regression", "--label-col", "y,z",
		"--layers", "", "--batch", "16", "--epochs", "30", "--lr", "0.02", "--seed", "3"}, extra...)
}

// columns reads a CSV file's header and rows as float64.
func csvColumns(t *testing.T, path string) (header []string, rows [][]float64) {
	t.Helper()
	recs := readCSV(t, path)
	for _, r := range recs[1:] {
		row := make([]float64, len(r))
		for i, c := range r {
			v, err := strconv.ParseFloat(c, 64)
			require.NoError(t, err)
			row[i] = v
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

func TestRegressionTrainEvalPredict(t *testing.T) {
	train, test := regressionFiles(t)
	dir := t.TempDir()
	modelPath, metrics, png, logdir := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json"), filepath.Join(dir, "m.png"), filepath.Join(dir, "tb")
	out, progress, err := runCLI(context.Background(), regressionArgs(train, test, "--save", modelPath, "--json", metrics, "--plot", png, "--logdir", logdir, "--val-split", "0.2")...)
	require.NoError(t, err)
	assert.Contains(t, out, "3 features, 2 targets (y, z, standardized for training)")
	assert.Regexp(t, `epoch 30  loss [0-9.]+  r2 0\.99[0-9]+  val_loss [0-9.]+  val_r2 0\.99[0-9]+  val_mse [0-9.e-]+  val_mae [0-9.e-]+  test_loss [0-9.]+  test_r2 0\.99`, progress)
	assert.NotContains(t, progress, "acc")
	assert.Regexp(t, `test R² 0\.99[0-9]+, MSE [0-9.e-]+, MAE [0-9.e-]+ \(loss`, out)

	// The checkpoint records the training targets' mean and population
	// std, computed here independently (320 rows after the split).
	tensors, meta := readSafetensors(t, modelPath)
	var tg model.Targets
	require.NoError(t, json.Unmarshal([]byte(meta[model.MetaTargets]), &tg))
	assert.Equal(t, []string{"y", "z"}, tg.Names)
	assert.InDelta(t, 100, tg.Mean[0], 1)
	assert.InDelta(t, -50, tg.Mean[1], 2)
	assert.InDelta(t, math.Sqrt(13), tg.Std[0], 0.7)
	assert.InDelta(t, 10, tg.Std[1], 1)
	assert.Equal(t, []int{2, 3}, tensors["0.weight"].Shape)

	// predict undoes the standardization: its values are the network's
	// outputs (a float64 forward pass of the saved weights) · std + mean.
	pred := filepath.Join(dir, "pred.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", test, "--label-col", "y,z", "--output", pred)
	require.NoError(t, err)
	header, rows := csvColumns(t, pred)
	assert.Equal(t, []string{"row", "y", "z"}, header)
	_, data := csvColumns(t, test)
	require.Len(t, rows, len(data))
	var sq, abs, tot [2]float64
	var mean [2]float64
	for _, d := range data {
		mean[0] += d[1] / float64(len(data))
		mean[1] += d[4] / float64(len(data))
	}
	for i, d := range data {
		out := forward64(tensors, 1, []float64{d[0], d[2], d[3]})
		for j, col := range []int{1, 4} {
			want := out[j]*tg.Std[j] + tg.Mean[j]
			require.InDelta(t, want, rows[i][1+j], 1e-4*math.Max(1, math.Abs(want)), "row %d target %d", i, j)
			e := rows[i][1+j] - d[col]
			sq[j] += e * e
			abs[j] += math.Abs(e)
			tot[j] += (d[col] - mean[j]) * (d[col] - mean[j])
		}
	}
	n := float64(len(data))
	r2 := (2 - sq[0]/tot[0] - sq[1]/tot[1]) / 2
	mse, mae := (sq[0]+sq[1])/(2*n), (abs[0]+abs[1])/(2*n)

	// --json, eval and the predictions agree on the scores.
	m := readMetrics(t, metrics)
	assert.InDelta(t, r2, m["test_r2"].(float64), 1e-5)
	assert.InDelta(t, mse, m["test_mse"].(float64), 1e-4*mse)
	assert.InDelta(t, mae, m["test_mae"].(float64), 1e-4*mae)
	last := m["epochs"].([]any)[29].(map[string]any)
	assert.Equal(t, m["test_r2"], last["test_r2"])
	assert.Contains(t, last, "val_r2")
	assert.Nil(t, m["test_accuracy"])
	evalJSON := filepath.Join(dir, "eval.json")
	out, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", test, "--json", evalJSON)
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^time  \d+ samples in [0-9.]+[nµm]?s \(([0-9,]+|-) samples/s\); kernels: \S+, threads: \d+\nloss  `, out, "how the scoring ran, before the scores")
	ej := readMetrics(t, evalJSON)
	assert.InDelta(t, r2, ej["r2"].(float64), 1e-5)
	assert.InDelta(t, mae, ej["mae"].(float64), 1e-4*mae)
	assert.Equal(t, []any{"y", "z"}, ej["targets"])
	assert.Contains(t, out, fmt.Sprintf("R²    %.4f\n", r2))
	assert.Contains(t, out, "2 targets (y, z)")
	assert.Contains(t, out, "(MSELoss on standardized targets)")

	// TensorBoard and brawn plot carry the scores.
	scalars, _, err := readLogdir(logdir, os.Stderr)
	require.NoError(t, err)
	for _, tag := range []string{"r2/test", "mae/val", "r2/train"} {
		require.Len(t, scalars[tag], 30, tag)
	}
	assert.Empty(t, scalars["accuracy/test"], "a regression has no accuracy")
	assert.InDelta(t, r2, scalars["r2/test"][29].Value, 1e-5)
	assert.InDelta(t, last["train_r2"].(float64), scalars["r2/train"][29].Value, 1e-6) // TensorBoard holds float32
	_, err = os.Stat(png)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "plot", logdir, "--output", filepath.Join(dir, "tb.png"))
	require.NoError(t, err)
	// The checkpoint's history keeps the scores for brawn plot.
	var saved []model.EpochMetrics
	require.NoError(t, json.Unmarshal([]byte(meta[model.MetaHistory]), &saved))
	require.Len(t, saved, 30)
	require.NotNil(t, saved[29].TestR2)
	assert.InDelta(t, r2, *saved[29].TestR2, 1e-5)
	_, _, err = runCLI(context.Background(), "plot", modelPath, "--output", filepath.Join(dir, "ckpt.png"))
	require.NoError(t, err)
	panels, err := runplot.Curves(callbacks.HistoryScalars(saved))
	require.NoError(t, err)
	require.Len(t, panels, 4)
	assert.Equal(t, "R² (coefficient of determination)", panels[1].Title.Text)
}

func TestRegressionResumeIsBitIdentical(t *testing.T) {
	train, test := regressionFiles(t)
	dir := t.TempDir()
	full, parts := filepath.Join(dir, "full.safetensors"), filepath.Join(dir, "parts.safetensors")
	args := func(save string, extra ...string) []string {
		return regressionArgs(train, test, append([]string{"--save", save, "--epochs", "3", "--loss", "huber", "--huber-delta", "0.5", "--layers", "8"}, extra...)...)
	}
	_, _, err := runCLI(context.Background(), args(full)...)
	require.NoError(t, err)
	// The first 2 epochs of the 3-epoch cosine, as if interrupted.
	_, _, err = runCLI(context.Background(), args(parts, "--epochs", "2", "--t-max", "3")...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), args(parts, "--resume", parts)...)
	require.NoError(t, err)
	a, _ := readSafetensors(t, full)
	b, _ := readSafetensors(t, parts)
	for name, ta := range a {
		require.Equal(t, ta.Data, b[name].Data, name)
	}
}

func TestRegressionFlagsAndDataAreChecked(t *testing.T) {
	train, test := regressionFiles(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--train", train, "--test", test, "--label-col", "y"},
			`column "y" (index 1): the labels look like continuous values, not classes: 400 distinct numbers from`},
		{[]string{"train", "--train", train, "--test", test, "--label-col", "y"}, "give --task regression to predict these values"},
		{regressionArgs(train, test, "--loss", "cross-entropy"), "invalid --loss \"cross-entropy\": is a classification loss; --task regression takes mse, l1 or huber"},
		{regressionArgs(train, test, "--loss", "bce"), "is a classification loss"},
		{regressionArgs(train, test, "--loss", "l1", "--huber-delta", "2"), "--huber-delta applies to --loss huber, not l1"},
		{regressionArgs(train, test, "--loss", "huber", "--huber-delta", "0"), "invalid --huber-delta \"0\": must be a finite number > 0"},
		{regressionArgs(train, test, "--label-smoothing", "0.1"), "invalid --label-smoothing \"0.1\": applies to --loss cross-entropy only; a regression has no classes to smooth"},
		{regressionArgs(train, test, "--task", "regresion"), "--task"},
		{[]string{"train", "--data", "mnist", "--task", "regression"}, "needs CSV files"},
		{[]string{"train", "--train", train, "--test", test, "--label-col", "y", "--task", "classification", "--loss", "l1"}, "is a regression loss: add --task regression"},
	} {
		_, _, err := runCLI(context.Background(), c.args...)
		require.ErrorContains(t, err, c.want, strings.Join(c.args, " "))
	}
	// A test set with another number of targets.
	_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--task", "regression", "--label-col", "y")
	require.NoError(t, err) // one target: fine
	other := filepath.Join(t.TempDir(), "other.csv")
	require.NoError(t, os.WriteFile(other, []byte("a,y,b,c\n1,2,3,4\n"), 0o644))
	_, _, err = runCLI(context.Background(), regressionArgs(train, other)...)
	require.ErrorContains(t, err, "no column named \"z\"")
}

// twoBlobs writes the blobs of classes a and b only.
func twoBlobs(t *testing.T, path string, n int, seed uint64) {
	blobs(t, path, n, seed)
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(readFile(t, path)), "\n") {
		if !strings.HasSuffix(l, ",c") {
			keep = append(keep, l)
		}
	}
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(keep, "\n")+"\n"), 0o644))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestBinaryClassificationWithBCE(t *testing.T) {
	dir := t.TempDir()
	train, test, modelPath := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv"), filepath.Join(dir, "m.safetensors")
	twoBlobs(t, train, 300, 1)
	twoBlobs(t, test, 150, 2)
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--loss", "bce", "--save", modelPath)...)
	require.NoError(t, err)
	assert.Contains(t, out, "2 classes (one logit, BCEWithLogitsLoss)")
	assert.Regexp(t, `test accuracy (99|100)\.[0-9]+%`, out)
	tensors, meta := readSafetensors(t, modelPath)
	assert.Equal(t, []int{1, 16}, tensors["2.weight"].Shape)
	assert.Contains(t, meta[model.MetaPyTorch], "Linear(16, 1)")

	pred := filepath.Join(dir, "pred.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", test, "--label-col", "species", "--output", pred)
	require.NoError(t, err)
	recs := readCSV(t, pred)
	assert.Equal(t, []string{"row", "class", "p_a", "p_b"}, recs[0])
	_, rows := csvColumnsFrom(t, test)
	for i, r := range recs[1:] {
		p0, _ := strconv.ParseFloat(r[2], 64)
		p1, _ := strconv.ParseFloat(r[3], 64)
		assert.InDelta(t, 1, p0+p1, 1e-6)
		// p_b is sigmoid of the float64 forward pass of the saved weights.
		z := forward64(tensors, 2, rows[i])[0]
		assert.InDelta(t, 1/(1+math.Exp(-z)), p1, 1e-5)
		assert.Equal(t, map[bool]string{true: "b", false: "a"}[z > 0], r[1])
	}
	out, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", test, "--label-col", "species")
	require.NoError(t, err)
	assert.Contains(t, out, "true\\pred")
	assert.Regexp(t, `\nloss +[0-9.]+\n`, out, "no weights to note")

	// Three classes cannot share one logit.
	train3, test3 := blobFiles(t)
	_, _, err = runCLI(context.Background(), blobArgs(train3, test3, "--loss", "bce")...)
	require.ErrorContains(t, err, "needs 2 classes")
}

// csvColumnsFrom reads the blobs' four features per row (the label last).
func csvColumnsFrom(t *testing.T, path string) ([]string, [][]float64) {
	recs := readCSV(t, path)
	var rows [][]float64
	for _, r := range recs[1:] {
		row := make([]float64, 4)
		for i := range row {
			row[i], _ = strconv.ParseFloat(r[i], 64)
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// --test-split holds out rows of a regression's training file (one
// stratum), eval finds them again, and a weights-only export keeps the
// targets' standardization for predict.
func TestRegressionTestSplitAndExport(t *testing.T) {
	train, _ := regressionFiles(t)
	dir := t.TempDir()
	modelPath, weights := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "w.safetensors")
	out, _, err := runCLI(context.Background(), "train", "--train", train, "--test-split", "0.25", "--task", "regression", "--label-col", "y,z",
		"--layers", "", "--epochs", "20", "--lr", "0.02", "--batch", "16", "--save", modelPath, "--save-weights", weights)
	require.NoError(t, err)
	assert.Contains(t, out, "data: 300 training, 0 validation, 100 test samples")
	final := regexpFind(t, `test R² ([0-9.]+)`, out)
	out, _, err = runCLI(context.Background(), "eval", "--model", modelPath)
	require.NoError(t, err)
	assert.Contains(t, out, "100 samples, 2 targets (y, z)")
	assert.Contains(t, out, "R²    "+final)

	a := filepath.Join(dir, "a.csv")
	b := filepath.Join(dir, "b.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", modelPath, "--input", train, "--label-col", "y,z", "--output", a)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "predict", "--model", weights, "--input", train, "--label-col", "y,z", "--output", b)
	require.NoError(t, err)
	assert.Equal(t, readFile(t, a), readFile(t, b))

	_, _, err = runCLI(context.Background(), "train", "--train", train, "--test-split", "0.25", "--task", "regression", "--label-col", "y",
		"--val-split", "0.1", "--save-best", filepath.Join(dir, "best.safetensors"), "--monitor", "val_accuracy")
	require.ErrorContains(t, err, "a regression has no accuracy: watch val_loss")
}

func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	require.NotNil(t, m, "%q in %q", pattern, s)
	return m[1]
}
