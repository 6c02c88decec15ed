package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// --class-weights is recorded in the checkpoint: a run interrupted
// mid-epoch resumes with the same weighted loss, bit for bit, without the
// flag given again.
func TestClassWeightsResumeBitIdentical(t *testing.T) {
	testResume(t, []string{"--class-weights", "1,3,0.5", "--label-smoothing", "0.1"})
}

// eval scores a model with the loss it was trained with: the weighted
// cross-entropy its checkpoint records, which differs from the plain one.
// A resumed run given other weights is refused.
func TestEvalUsesRecordedClassWeights(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt, out := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "eval.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--class-weights", "0.2,5,1", "--save", ckpt)...)
	require.NoError(t, err)
	_, meta := readSafetensors(t, ckpt)
	assert.Contains(t, meta[model.MetaConfig], `"class-weights":"0.2,5,1"`)

	_, _, err = runCLI(context.Background(), "eval", "--model", ckpt, "--test", test, "--json", out)
	require.NoError(t, err)
	got := readMetrics(t, out)["loss"].(float64)
	m, err := model.Load(ckpt)
	require.NoError(t, err)
	d, err := data.ReadCSV(test, data.CSVOptions{LabelColumn: "species", ClassNames: m.ClassNames})
	require.NoError(t, err)
	score := func(l nn.Loss) float64 {
		ev, err := m.Evaluate(d, l, 1000)
		require.NoError(t, err)
		return ev.Loss
	}
	assert.Equal(t, score(&nn.CrossEntropyLoss{Weight: []float32{0.2, 5, 1}}), got)
	assert.NotEqual(t, score(nn.NewCrossEntropyLoss()), got)

	// Weights that do not fit the model are refused, naming the entry.
	m.Config["class-weights"] = "1,2"
	bad := filepath.Join(dir, "bad.safetensors")
	require.NoError(t, model.Save(bad, m))
	_, _, err = runCLI(context.Background(), "eval", "--model", bad, "--test", test)
	require.ErrorContains(t, err, bad+`: metadata "brawn.config" records --class-weights "1,2", which is not valid: invalid --class-weights "1,2": has 2 weights, but the model has 3 classes`)

	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", ckpt, "--class-weights", "1,5,1")...)
	require.ErrorContains(t, err, `--class-weights "1,5,1" differs from the run saved in `+ckpt+` ("0.2,5,1")`)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", ckpt, "--class-weights", "0.20,5.0,1")...)
	require.NoError(t, err, "the same weights, spelled otherwise")
}

// --pos-weight trains bce and is recorded.
func TestPosWeightTrainsBCE(t *testing.T) {
	dir := t.TempDir()
	train, test, ckpt := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv"), filepath.Join(dir, "m.safetensors")
	twoBlobs(t, train, 300, 1)
	twoBlobs(t, test, 150, 2)
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--loss", "bce", "--pos-weight", "2.5", "--save", ckpt)...)
	require.NoError(t, err)
	assert.Regexp(t, `test accuracy (9[5-9]|100)\.[0-9]+%`, out)
	_, meta := readSafetensors(t, ckpt)
	assert.Contains(t, meta[model.MetaConfig], `"pos-weight":"2.5"`)
	out, _, err = runCLI(context.Background(), "eval", "--model", ckpt, "--test", test)
	require.NoError(t, err)
	assert.Regexp(t, `\nloss +[0-9.]+ \(positives weighted: --pos-weight 2.5\)\n`, out)
}

// The loss weights are refused, naming the flag, where they do not apply
// or do not fit the data.
func TestLossWeightFlagMistakes(t *testing.T) {
	train, test := blobFiles(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--pos-weight", "2"}, "--pos-weight applies to --loss bce, not cross-entropy; --class-weights weighs cross-entropy's classes"},
		{[]string{"--class-weights", "1,2"}, `invalid --class-weights "1,2": has 2 weights, but ` + train + ` has 3 classes; give one weight per class, in the order of classes a, b and c`},
		{[]string{"--class-weights", "1,2,3,4"}, `invalid --class-weights "1,2,3,4": has 4 weights, but ` + train + ` has 3 classes`},
		{[]string{"--loss", "bce", "--class-weights", "1,2"}, "--class-weights applies to --loss cross-entropy, not bce; --pos-weight weighs bce's positive class"},
		{[]string{"--loss", "mse", "--class-weights", "1,2,3"}, "--class-weights applies to --loss cross-entropy, not mse"},
		{[]string{"--class-weights", "1,x,2"}, `invalid --class-weights "1,x,2": "x" is not a number (want one weight per class like 1,2.5,0.5)`},
		{[]string{"--class-weights", "1,-1,2"}, `invalid --class-weights "1,-1,2": weight 1 (-1) must be a finite number >= 0 that float32 can hold`},
		{[]string{"--class-weights", "0,0,0"}, `invalid --class-weights "0,0,0": are all 0, which makes every loss 0`},
		{[]string{"--loss", "bce", "--pos-weight", "0"}, `invalid --pos-weight "0": must be a finite number > 0`},
		{[]string{"--loss", "bce", "--pos-weight", "-1"}, `invalid --pos-weight "-1": must be a finite number > 0`},
	} {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, append(c.args, "--epochs", "1")...)...)
		require.ErrorContains(t, err, c.want, "%v", c.args)
	}
}

// A --class-weights count that is not the classes' lists the classes in
// the order the weights go to them: the labels' names (text, or integers
// other than 0..K-1, sorted), or the class indices.
func TestClassWeightCountNamesClasses(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	for _, c := range []struct{ labels, want string }{
		{"dog,cat,ant", "in the order of classes ant, cat and dog"},
		{"1,2,3", "in the order of classes 1, 2 and 3"},
		{"0,1,2", "in class order (0 to 2)"},
	} {
		names := strings.Split(c.labels, ",")
		relabel := func(path string) string {
			out := filepath.Join(dir, strings.ReplaceAll(c.labels, ",", "")+filepath.Base(path))
			text := readFile(t, path)
			for i, n := range names {
				text = strings.ReplaceAll(text, ","+string(rune('a'+i))+"\n", ","+n+"\n")
			}
			require.NoError(t, os.WriteFile(out, []byte(text), 0o644))
			return out
		}
		tr := relabel(train)
		_, _, err := runCLI(context.Background(), blobArgs(tr, relabel(test), "--epochs", "1", "--class-weights", "1,2")...)
		require.ErrorContains(t, err, `invalid --class-weights "1,2": has 2 weights, but `+tr+` has 3 classes; give one weight per class, `+c.want, c.labels)
	}
}

// Resuming a run saved without loss weights, --class-weights 1,1,1 or
// --pos-weight 1 weigh nothing and are taken as not given: the run
// continues bit for bit as without them. Other weights are refused,
// saying the saved run was not given the flag.
func TestResumeWithoutWeightsTakesOnes(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	for _, c := range []struct {
		loss, flag, ones, other, none string
	}{
		{"cross-entropy", "class-weights", "1,1.0,1", "1,2,1", ""},
		{"bce", "pos-weight", "1", "2", "0"},
	} {
		tr, te := train, test
		if c.loss == "bce" {
			tr, te = filepath.Join(dir, "train2.csv"), filepath.Join(dir, "test2.csv")
			twoBlobs(t, tr, 300, 1)
			twoBlobs(t, te, 150, 2)
		}
		base := []string{"--loss", c.loss}
		if c.loss != "bce" {
			base = append(base, "--label-smoothing", "0.1") // where weights 1 would round otherwise
		}
		args := func(extra ...string) []string { return blobArgs(tr, te, append(slices.Clone(base), extra...)...) }
		a, b := filepath.Join(dir, c.flag+"a.safetensors"), filepath.Join(dir, c.flag+"b.safetensors")
		_, _, err := runCLI(context.Background(), args("--epochs", "2", "--save", a)...)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(b, []byte(readFile(t, a)), 0o644))

		_, _, err = runCLI(context.Background(), args("--epochs", "3", "--resume", b, "--"+c.flag, c.other)...)
		require.EqualError(t, err, "--"+c.flag+` "`+c.other+`" differs from the run saved in `+b+` (not given); a resumed run keeps its configuration, so drop --`+c.flag+` or start a new run`)
		if c.flag == "class-weights" { // ones, but not one a class: a new run refuses them
			_, _, err = runCLI(context.Background(), args("--epochs", "3", "--resume", b, "--class-weights", "1,1")...)
			require.EqualError(t, err, `--class-weights "1,1" differs from the run saved in `+b+` (not given); a resumed run keeps its configuration, so drop --class-weights or start a new run`)
		}

		_, _, err = runCLI(context.Background(), args("--epochs", "3", "--resume", a)...)
		require.NoError(t, err)
		_, _, err = runCLI(context.Background(), args("--epochs", "3", "--resume", b, "--"+c.flag, c.ones)...)
		require.NoError(t, err)
		wa, _ := readSafetensors(t, a)
		wb, meta := readSafetensors(t, b)
		requireSameBits(t, wa, wb, "resumed", "resumed with --"+c.flag+" "+c.ones)
		require.Contains(t, meta[model.MetaConfig], `"`+c.flag+`":"`+c.none+`"`, "still recorded as not given")
	}
}
