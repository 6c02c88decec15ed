package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// splitArgs trains on the blobs' training file alone, holding out a test set.
func splitArgs(train string, extra ...string) []string {
	return append([]string{"train", "--train", train, "--label-col", "species",
		"--layers", "16", "--batch", "16", "--epochs", "3", "--lr", "0.01", "--seed", "3"}, extra...)
}

func TestTrainNeedsTestOrTestSplit(t *testing.T) {
	train, test := blobFiles(t)
	_, _, err := runCLI(context.Background(), splitArgs(train)...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no test data: give --test FILE")
	assert.Contains(t, err.Error(), "--test-split 0.2")

	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--test-split", "0.2", "--test", test}, `invalid --test-split "0.2": holds out part of --train as the test set, but --test ` + test + ` is given`},
		{[]string{"--test-split", "1"}, `invalid --test-split "1": must be a fraction in (0, 1)`},
		{[]string{"--test-split", "-0.1"}, `invalid --test-split "-0.1": must be a fraction in (0, 1)`},
		{[]string{"--test-split", "0.999"}, "--test-split 0.999: " + train + ": a test fraction of 0.999 of 300 samples leaves 300 for testing"},
	} {
		_, _, err := runCLI(context.Background(), splitArgs(train, tc.args...)...)
		require.Error(t, err, tc.args)
		assert.Contains(t, err.Error(), tc.msg)
	}
	_, _, err = runCLI(context.Background(), "train", "--data", "mnist", "--test-split", "0.2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--data mnist has its own test set")
}

// --test-split holds out a stratified part of --train; the checkpoint
// records it, so eval without --test evaluates the same rows and --resume
// keeps the split.
func TestTestSplitRecordedForEvalAndResume(t *testing.T) {
	train, _ := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	metrics := filepath.Join(t.TempDir(), "m.json")
	out, _, err := runCLI(context.Background(), splitArgs(train, "--test-split", "0.2", "--val-split", "0.25", "--normalize", "standard", "--save", modelPath, "--json", metrics)...)
	require.NoError(t, err)
	// 300 rows, 100 per class: 60 held out for testing, then 60 of the 240
	// left for validation.
	assert.Contains(t, out, "data: 180 training, 60 validation, 60 test samples")
	acc := regexp.MustCompile(`test accuracy (\d+\.\d\d)%`).FindStringSubmatch(out)
	require.NotNil(t, acc, out)
	_, meta := readSafetensors(t, modelPath)
	assert.Contains(t, meta[model.MetaConfig], `"test-split":"0.2"`)

	evalOut, _, err := runCLI(context.Background(), "eval", "--model", modelPath)
	require.NoError(t, err)
	assert.Contains(t, evalOut, "data  "+train+" (the part held out by --test-split 0.2, --seed 3): 60 samples")
	assert.Contains(t, evalOut, "accuracy  "+acc[1]+"%")
	loss := regexp.MustCompile(`(?m)^loss +(\S+)$`).FindStringSubmatch(evalOut)
	require.NotNil(t, loss, evalOut)
	evalLoss, err := strconv.ParseFloat(loss[1], 64)
	require.NoError(t, err)
	assert.InDelta(t, readMetrics(t, metrics)["test_loss"], evalLoss, 1e-4, "eval scales the held-out rows as training did")
	// The confusion matrix's rows hold 20 of each class: the split is stratified.
	rows := regexp.MustCompile(`(?m)^([abc])\s+(\d+)\s+(\d+)\s+(\d+)\s`).FindAllStringSubmatch(evalOut, -1)
	require.Len(t, rows, 3, evalOut)
	for _, r := range rows {
		sum := 0
		for _, c := range r[2:] {
			n, err := strconv.Atoi(c)
			require.NoError(t, err)
			sum += n
		}
		assert.Equal(t, 20, sum, "class %s", r[1])
	}

	// The training file may have moved: --train names it.
	moved := filepath.Join(t.TempDir(), "moved.csv")
	b, err := os.ReadFile(train)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(moved, b, 0o644))
	evalOut, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--train", moved)
	require.NoError(t, err)
	assert.Contains(t, evalOut, "accuracy  "+acc[1]+"%")

	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--train", moved, "--test", train)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid --train "`+moved+`": is for the held-out rows`)

	// --resume keeps the recorded split, and refuses another.
	out, _, err = runCLI(context.Background(), "train", "--resume", modelPath, "--epochs", "4", "--save", modelPath)
	require.NoError(t, err)
	assert.Contains(t, out, "data: 180 training, 60 validation, 60 test samples")
	_, _, err = runCLI(context.Background(), "train", "--resume", modelPath, "--epochs", "5", "--test-split", "0.3")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `--test-split "0.3" differs from the run saved in`)
	_, _, err = runCLI(context.Background(), "train", "--resume", modelPath, "--epochs", "5", "--test", moved)
	require.Error(t, err)
	assert.EqualError(t, err, `--test "`+moved+`": the run saved in `+modelPath+` holds out its test set from --train with --test-split 0.2; a resumed run keeps its configuration, so drop --test or start a new run`)
}

func TestEvalWithoutTestNeedsTestSplitModel(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", modelPath)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no data: give --data mnist or --test FILE (CSV or IDX); "+modelPath+" was not trained with --test-split")
}

// scikit-learn's CSV files start with a line of counts, which is not a
// header: the error says to skip it, and --skip-rows does, in train, eval
// and predict.
func TestSkipRows(t *testing.T) {
	dir := t.TempDir()
	train, test := blobFiles(t)
	withCounts := func(src, name string) string {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		_, body, _ := strings.Cut(string(b), "\n") // drop the header: columns by index
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte("300,4,a,b,c,d\n"+body), 0o644))
		return path
	}
	train, test = withCounts(train, "train.csv"), withCounts(test, "test.csv")
	args := []string{"train", "--train", train, "--test", test, "--layers", "8", "--epochs", "1", "--seed", "2"}
	_, _, err := runCLI(context.Background(), args...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), train+":2: ragged row: 5 fields, but the header has 6")
	assert.Contains(t, err.Error(), "skip it with --skip-rows 1")

	modelPath := filepath.Join(dir, "m.safetensors")
	out, _, err := runCLI(context.Background(), append(args, "--skip-rows", "1", "--save", modelPath)...)
	require.NoError(t, err)
	assert.Contains(t, out, "data: 300 training, 0 validation, 150 test samples; 4 features, 3 classes")

	evalOut, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--test", test, "--skip-rows", "1")
	require.NoError(t, err)
	assert.Contains(t, evalOut, ": 150 samples")
	predOut, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", test, "--skip-rows", "1", "--label-col", "4")
	require.NoError(t, err)
	assert.Equal(t, 151, strings.Count(predOut, "\n"))

	_, _, err = runCLI(context.Background(), append(args, "--skip-rows", "-1")...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid --skip-rows "-1": must be >= 0 lines`)
}

// eval rebuilds the held-out rows from the training file: a file that has
// changed since training (grown, or one value edited) would hold out other
// rows, some of them trained on, so it is refused, for a full checkpoint
// and for its weights-only export alike.
func TestEvalHeldOutRefusesChangedTrainingFile(t *testing.T) {
	train, _ := blobFiles(t)
	dir := t.TempDir()
	modelPath, weights := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "w.safetensors")
	_, _, err := runCLI(context.Background(), splitArgs(train, "--test-split", "0.2", "--val-split", "0.25", "--normalize", "standard", "--save", modelPath)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "export", "--model", modelPath, "-o", weights)
	require.NoError(t, err)

	b, err := os.ReadFile(train)
	require.NoError(t, err)
	header, body, _ := strings.Cut(string(b), "\n")
	grown := filepath.Join(dir, "grown.csv")
	require.NoError(t, os.WriteFile(grown, []byte(header+"\n"+body+body), 0o644))
	lines := strings.Split(body, "\n")
	lines[7] = "9" + lines[7]
	edited := filepath.Join(dir, "edited.csv")
	require.NoError(t, os.WriteFile(edited, []byte(header+"\n"+strings.Join(lines, "\n")), 0o644))

	for _, m := range []string{modelPath, weights} {
		out, _, err := runCLI(context.Background(), "eval", "--model", m)
		require.NoError(t, err, m)
		assert.Contains(t, out, ": 60 samples")
		for _, changed := range []string{grown, edited} {
			_, _, err := runCLI(context.Background(), "eval", "--model", m, "--train", changed)
			require.Error(t, err, "%s on %s", m, changed)
			assert.Contains(t, err.Error(), changed+" does not hold the data "+m+" was trained on: the rows left for training were 180")
			assert.Contains(t, err.Error(), "give the training file as it was with --train FILE")
		}
	}
}

// eval's --json may not be the training file the held-out rows come from,
// even when that file is the one the model records rather than a --train
// given here.
func TestEvalJSONIsNotTheRecordedTrainingFile(t *testing.T) {
	train, _ := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), splitArgs(train, "--test-split", "0.2", "--save", modelPath)...)
	require.NoError(t, err)
	before, err := os.ReadFile(train)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--json", train)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid --json "`+train+`": is the --train file; writing it would overwrite it`)
	after, err := os.ReadFile(train)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the training file is intact")

	labels := filepath.Join(t.TempDir(), "t10k-labels-idx1-ubyte")
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", train, "--test-labels", labels, "--json", labels)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid --json "`+labels+`": is the --test-labels file`)
}

// A data file the model records that is no longer where it was (moved, or
// named relative to another directory) is named, with how to give it,
// by eval's held-out rows and by --resume.
func TestRecordedTrainingFileMissing(t *testing.T) {
	train, _ := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), splitArgs(train, "--test-split", "0.2", "--save", modelPath)...)
	require.NoError(t, err)
	require.NoError(t, os.Rename(train, train+".moved"))
	want := modelPath + ` records --train "` + train + `", which does not exist here: give the file's path now with --train FILE`
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath)
	require.EqualError(t, err, want)
	_, _, err = runCLI(context.Background(), "train", "--resume", modelPath, "--epochs", "4")
	require.EqualError(t, err, want)

	out, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--train", train+".moved")
	require.NoError(t, err)
	assert.Contains(t, out, ": 60 samples")

	// A relative --train is relative to the directory training ran in.
	t.Chdir(filepath.Dir(train))
	_, _, err = runCLI(context.Background(), splitArgs("train.csv.moved", "--test-split", "0.2", "--save", modelPath)...)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath)
	require.EqualError(t, err, modelPath+` records --train "train.csv.moved", relative to the directory training ran in, which does not exist here: give the file's path now with --train FILE`)
}
