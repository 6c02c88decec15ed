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
