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

// A regression model's test set read with fewer target columns than the
// model predicts gets an error that says so, rather than only that the
// feature count differs.
func TestEvalNamesTooFewTargetColumns(t *testing.T) {
	train, test := regressionFiles(t)
	reg := filepath.Join(t.TempDir(), "reg.safetensors")
	_, _, err := runCLI(context.Background(), regressionArgs(train, test, "--epochs", "1", "--save", reg)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "eval", "--model", reg, "--test", test, "--label-col", "y")
	require.EqualError(t, err, test+": 1 target column, but the model predicts 2 (y, z); give them with --label-col")
	_, _, err = runCLI(context.Background(), "eval", "--model", reg, "--test", test, "--label-col", "y,z")
	require.NoError(t, err)
}

// Integer labels 0 and 2 are class indices, three classes with 1 empty:
// --loss bce's refusal says so and how to relabel, rather than only that
// the file has 3 classes; --task classification makes them two classes,
// and labels 1 and 2 are two classes, named by their values.
func TestBCEOnLabelsZeroAndTwoSaysClassOneIsEmpty(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, first int) string {
		path := filepath.Join(dir, name)
		var b strings.Builder
		b.WriteString("a,b,label\n")
		for i := range 40 {
			fmt.Fprintf(&b, "%d,%d,%d\n", i, i%5, first+2*(i%2))
		}
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return path
	}
	path := write("zerotwo.csv", 0)
	_, _, err := runCLI(context.Background(), "train", "--train", path, "--test", path, "--loss", "bce", "--epochs", "1")
	require.EqualError(t, err, `invalid --loss "bce": is binary cross-entropy on one logit and needs 2 classes; `+path+` has 3: its integer labels are the class indices 0..2, and 2 of them occur (relabel the two classes 0 and 1, give --task classification to make the two labels the classes, or use cross-entropy)`)
	_, _, err = runCLI(context.Background(), "train", "--train", path, "--test", path, "--loss", "bce", "--epochs", "1", "--task", "classification")
	require.NoError(t, err)
	path = write("onethree.csv", 1)
	_, _, err = runCLI(context.Background(), "train", "--train", path, "--test", path, "--loss", "bce", "--epochs", "1")
	require.NoError(t, err)
}

// predict on a regression model's test file, targets in it, names the
// target columns to give --label-col, as a list.
func TestPredictNamesARegressionsTargetColumns(t *testing.T) {
	train, test := regressionFiles(t)
	reg := filepath.Join(t.TempDir(), "reg.safetensors")
	_, _, err := runCLI(context.Background(), regressionArgs(train, test, "--epochs", "1", "--save", reg)...)
	require.NoError(t, err)
	_, _, err = runCLI(context.Background(), "predict", "--model", reg, "--input", test)
	require.ErrorContains(t, err, "name the target columns with --label-col y,z to leave them out (predict reads every column")
	_, _, err = runCLI(context.Background(), "predict", "--model", reg, "--input", test, "--label-col", "y,z")
	require.NoError(t, err)
}
