package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A file whose column count is off by the model's label columns gets an
// error that says so, rather than only that the feature count differs:
// eval naming fewer targets than a regression model predicts, and predict
// given a file that still holds the label column(s) without --label-col.
func TestLabelColumnMistakesAreNamed(t *testing.T) {
	train, test := regressionFiles(t)
	dir := t.TempDir()
	classes := filepath.Join(dir, "classes.csv")
	var b strings.Builder
	b.WriteString("a,b,digit\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i%7, i%3)
	}
	require.NoError(t, os.WriteFile(classes, []byte(b.String()), 0o644))
	reg, cls := filepath.Join(dir, "reg.safetensors"), filepath.Join(dir, "cls.safetensors")
	_, _, err := runCLI(context.Background(), regressionArgs(train, test, "--epochs", "1", "--save", reg)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "train", "--train", classes, "--test", classes, "--label-col", "digit", "--epochs", "1", "--save", cls)
	require.NoError(t, err)

	_, _, err = runCLI(context.Background(), "eval", "--model", reg, "--test", test, "--label-col", "y")
	require.EqualError(t, err, test+": 1 target column, but the model predicts 2 (y, z); give them with --label-col")

	_, _, err = runCLI(context.Background(), "predict", "--model", reg, "--input", test)
	require.EqualError(t, err, test+": 5 features per sample, but the model expects 3 inputs; the data must have the layout the model was trained on (if the file holds the model's 2 target columns, name them with --label-col y,z)")
	_, _, err = runCLI(context.Background(), "predict", "--model", cls, "--input", classes)
	require.EqualError(t, err, classes+": 3 features per sample, but the model expects 2 inputs; the data must have the layout the model was trained on (if the file holds the model's label column, name it with --label-col digit)")
	_, _, err = runCLI(context.Background(), "predict", "--model", reg, "--input", test, "--label-col", "y,z")
	require.NoError(t, err)
}

// Integer labels 1 and 2 are class indices, three classes with 0 empty:
// --loss bce's refusal says so and how to relabel, rather than only that
// the file has 3 classes.
func TestBCEOnLabelsOneAndTwoSaysClassZeroIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onetwo.csv")
	var b strings.Builder
	b.WriteString("a,b,label\n")
	for i := range 40 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i%5, 1+i%2)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	_, _, err := runCLI(context.Background(), "train", "--train", path, "--test", path, "--loss", "bce", "--epochs", "1")
	require.EqualError(t, err, `invalid --loss "bce": is binary cross-entropy on one logit and needs 2 classes; `+path+` has 3: its integer labels are the class indices 0..2, and 2 of them occur (relabel the two classes 0 and 1, or use cross-entropy)`)
}
