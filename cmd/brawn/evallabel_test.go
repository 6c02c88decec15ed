package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// eval --test reads the labels from the column training read them from
// (its --label-col), not the default last column: a headerless file with
// the class first and small integer features read the last feature as the
// labels, and reported a wrong accuracy without an error.
func TestEvalUsesTrainingLabelColumn(t *testing.T) {
	dir := t.TempDir()
	file, modelPath := filepath.Join(dir, "first.csv"), filepath.Join(dir, "m.safetensors")
	rng := rand.New(rand.NewPCG(5, 5))
	var b strings.Builder
	for i := range 150 {
		c := i % 3
		fmt.Fprintf(&b, "%d", c)
		for j := range 4 {
			v := 0
			if j == c {
				v = 2
			}
			fmt.Fprintf(&b, ",%d", v+rng.IntN(2)) // integers 0-3, as class indices could be
		}
		b.WriteString("\n")
	}
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o644))
	out, _, err := runCLI(context.Background(), "train", "--train", file, "--test", file, "--label-col", "0", "--layers", "8",
		"--epochs", "20", "--batch", "16", "--seed", "1", "--quiet", "--save", modelPath)
	require.NoError(t, err)
	trained := regexp.MustCompile(`test accuracy ([0-9.]+)%`).FindStringSubmatch(out)
	require.NotNil(t, trained, out)
	evalOut, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--test", file)
	require.NoError(t, err)
	require.Contains(t, evalOut, "accuracy  "+trained[1]+"%", "eval must score the same rows and labels as training's test")
}

// eval refuses a regression's targets given in another order than the
// model predicts them: each would be scored against another target.
func TestEvalRefusesReorderedTargets(t *testing.T) {
	train, test := regressionFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), regressionArgs(train, test, "--epochs", "2", "--quiet", "--save", modelPath)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", test, "--label-col", "z,y")
	require.ErrorContains(t, err, "the targets are z, y, in this order, but the model predicts y, z: give them in its order with --label-col y,z")
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", test)
	require.NoError(t, err)
}

// predict quotes class names as CSV needs (a comma, a quote, a newline),
// in the header's p_ columns and in the class column.
func TestPredictQuotesClassNames(t *testing.T) {
	dir := t.TempDir()
	file, modelPath := filepath.Join(dir, "q.csv"), filepath.Join(dir, "m.safetensors")
	names := []string{`"big, red"`, `"say ""hi"""`, "\"two\nlines\""}
	var b strings.Builder
	b.WriteString("a,b,label\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d,%d,%s\n", i%3, (i%3)*2, names[i%3])
	}
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o644))
	_, _, err := runCLI(context.Background(), "train", "--train", file, "--test", file, "--epochs", "2", "--quiet", "--save", modelPath)
	require.NoError(t, err)
	out, _, err := runCLI(context.Background(), "predict", "--model", modelPath, "--input", file, "--label-col", "label")
	require.NoError(t, err)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err, out)
	require.Len(t, recs, 61)
	require.Equal(t, []string{"row", "class", "p_big, red", `p_say "hi"`, "p_two\nlines"}, recs[0])
	for _, r := range recs[1:] {
		require.Len(t, r, 5)
		require.Contains(t, []string{"big, red", `say "hi"`, "two\nlines"}, r[1])
	}
}

// lossText keeps four decimals for losses as they are, and an exponent
// for a diverged model's.
func TestLossText(t *testing.T) {
	require.Equal(t, "0.0289", lossText(0.028864))
	require.Equal(t, "123456.7890", lossText(123456.789))
	require.Equal(t, "2.033e+37", lossText(2.033001115134084e37))
	require.Equal(t, "NaN", lossText(math.NaN()))
}

// eval and predict refuse a file whose header names the feature columns
// otherwise than training's (reordered columns were read as the wrong
// features), as scikit-learn refuses feature names that differ; a file
// without a header is taken in order. --resume refuses renamed columns.
func TestFeatureNamesChecked(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", modelPath)...)
	require.NoError(t, err)
	recs := readCSV(t, test)
	write := func(name string, header []string, cols []int) string {
		var b strings.Builder
		if header != nil {
			b.WriteString(strings.Join(header, ",") + "\n")
		}
		for _, r := range recs[1:] {
			row := make([]string, len(cols))
			for k, c := range cols {
				row[k] = r[c]
			}
			b.WriteString(strings.Join(row, ",") + "\n")
		}
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return path
	}
	swapped := write("swapped.csv", []string{"f1", "f0", "f2", "f3", "species"}, []int{1, 0, 2, 3, 4})
	renamed := write("renamed.csv", []string{"g0", "f1", "f2", "f3", "species"}, []int{0, 1, 2, 3, 4})
	bare := write("bare.csv", nil, []int{0, 1, 2, 3, 4})
	for _, cmd := range [][]string{{"eval", "--model", modelPath, "--test"}, {"predict", "--model", modelPath, "--label-col", "species", "--input"}} {
		_, _, err = runCLI(context.Background(), append(cmd, swapped)...)
		require.ErrorContains(t, err, swapped+`: the feature columns are the model's in another order: column 0 is "f1", where training had "f0"; give them in the training file's order (f0, f1, f2, f3)`)
		_, _, err = runCLI(context.Background(), append(cmd, renamed)...)
		require.ErrorContains(t, err, renamed+`: feature column 0 is "g0", but the model was trained on "f0" there`)
		_, _, err = runCLI(context.Background(), append(cmd, test)...)
		require.NoError(t, err)
	}
	_, _, err = runCLI(context.Background(), "eval", "--model", modelPath, "--test", bare, "--label-col", "4")
	require.NoError(t, err)

	// Resuming on the training data under other column names is refused
	// too, as scikit-learn's partial_fit refuses them: the checkpoint
	// would record the new names.
	trainRenamed := filepath.Join(dir, "train-renamed.csv")
	b, err := os.ReadFile(train)
	require.NoError(t, err)
	header, rest, _ := strings.Cut(string(b), "\n")
	require.Equal(t, "f0,f1,f2,f3,species", header)
	require.NoError(t, os.WriteFile(trainRenamed, []byte("g0,f1,f2,f3,species\n"+rest), 0o644))
	_, _, err = runCLI(context.Background(), blobArgs(trainRenamed, test, "--epochs", "3", "--resume", modelPath)...)
	require.ErrorContains(t, err, "--resume "+modelPath+": "+trainRenamed+`: feature column 0 is "g0", but the model was trained on "f0" there`)
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", modelPath)...)
	require.NoError(t, err)
}

// A classifier trained with --label-col NAME is evaluated on a file
// without a header as before that column was recorded: by the default,
// the last column.
func TestEvalRecordedNameOnHeaderlessFile(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, bare := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "bare.csv")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", modelPath)...)
	require.NoError(t, err)
	b, err := os.ReadFile(test)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bare, b[strings.IndexByte(string(b), '\n')+1:], 0o644))
	withHeader, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--test", test)
	require.NoError(t, err)
	without, _, err := runCLI(context.Background(), "eval", "--model", modelPath, "--test", bare)
	require.NoError(t, err)
	acc := regexp.MustCompile(`accuracy  [0-9.]+% \([0-9]+ of [0-9]+\)`)
	require.Equal(t, acc.FindString(withHeader), acc.FindString(without))
}
