package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// labelFile writes n samples of 3 classes with 4 features, the labels
// first, first+1, first+2 (or first, first+2, first+4 with gap), the
// same features whatever first is.
func labelFile(t *testing.T, path string, n, first int, gap bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 3))
	var b strings.Builder
	b.WriteString("f0,f1,f2,f3,label\n")
	for i := range n {
		c := i % 3
		for j := range 4 {
			fmt.Fprintf(&b, "%.4f,", float64(c*(j%2))+rng.NormFloat64())
		}
		step := 1
		if gap {
			step = 2
		}
		fmt.Fprintf(&b, "%d\n", first+step*c)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// accuracyLine is train's result line without its time.
func accuracyLine(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`test accuracy [^,]*`).FindString(out)
	require.NotEmpty(t, m, out)
	return m
}

// Labels 1..3 (1-based, as UCI's files) are 3 classes named "1", "2",
// "3", not 4 class indices with a class 0 never trained: the same data
// labelled 0..2 trains to bit-identical weights and accuracy, and
// predict prints the names.
func TestOneBasedLabelsTrainAsZeroBased(t *testing.T) {
	dir := t.TempDir()
	zero, one := filepath.Join(dir, "zero.csv"), filepath.Join(dir, "one.csv")
	labelFile(t, zero, 300, 0, false)
	labelFile(t, one, 300, 1, false)
	var acc [2]string
	for i, f := range []string{zero, one} {
		out, errOut, err := runCLI(context.Background(), "train", "--train", f, "--test-split", "0.2", "--layers", "8", "--epochs", "3",
			"--save-weights", f+".st")
		require.NoError(t, err)
		require.Contains(t, out, "4 features, 3 classes")
		require.NotContains(t, errOut, "warning")
		acc[i] = accuracyLine(t, out)
	}
	require.Equal(t, acc[0], acc[1])
	a, _ := readSafetensors(t, zero+".st")
	b, meta := readSafetensors(t, one+".st")
	requireSameBits(t, a, b, "labels 0..2", "labels 1..3")
	require.Equal(t, `["1","2","3"]`, meta["brawn.class_names"])

	out, _, err := runCLI(context.Background(), "predict", "--model", one+".st", "--input", one, "--label-col", "label")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "row,class,p_1,p_2,p_3\n"), out[:min(len(out), 80)])
	out, _, err = runCLI(context.Background(), "eval", "--model", one+".st", "--test", one)
	require.NoError(t, err)
	require.Contains(t, out, "true\\pred    1    2    3")
}

// Labels 0, 2 and 4 are the class indices 0..4, as PyTorch takes them:
// train warns, once, that classes 1 and 3 have no label, and how to make
// the labels the classes; --task classification does so, without a word.
func TestLabelsWithAGapWarnOfTheEmptyClasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gap.csv")
	labelFile(t, path, 300, 0, true)
	out, errOut, err := runCLI(context.Background(), "train", "--train", path, "--test-split", "0.2", "--layers", "8", "--epochs", "1")
	require.NoError(t, err)
	require.Contains(t, out, "5 classes")
	require.Equal(t, 1, strings.Count(errOut, "warning: "+path+": classes 1 and 3 of the class indices 0..4 have no label in the file: "), errOut)
	require.Contains(t, errOut, "give --task classification to make only the labels that occur classes, as scikit-learn does, or relabel them 0..n-1")

	out, errOut, err = runCLI(context.Background(), "train", "--train", path, "--test-split", "0.2", "--layers", "8", "--epochs", "1", "--task", "classification")
	require.NoError(t, err)
	require.Contains(t, out, "3 classes")
	require.NotContains(t, errOut, "no label")
}

// A checkpoint of an earlier brawn (testdata/labels1based/old.safetensors,
// written by brawn train --train train.csv --test-split 0.2 --layers 6
// --epochs 2 --seed 3 --save old.safetensors before labels without 0 were
// names) took labels 1..3 as the class indices 0..3: its recorded mapping
// wins, so eval gives what it gave, predict prints its 4 classes, and
// --resume continues it, warning of its empty class 0.
func TestOldCheckpointOfOneBasedLabelsKeepsItsClasses(t *testing.T) {
	train := filepath.Join("testdata", "labels1based", "train.csv")
	old := filepath.Join("testdata", "labels1based", "old.safetensors")
	out, _, err := runCLI(context.Background(), "eval", "--model", old, "--train", train)
	require.NoError(t, err)
	require.Contains(t, out, "accuracy  10.00% (3 of 30)")
	require.Contains(t, out, "true\\pred    0    1    2    3")
	out, _, err = runCLI(context.Background(), "eval", "--model", old, "--test", train)
	require.NoError(t, err)
	require.Contains(t, out, "true\\pred    0    1    2    3")
	out, _, err = runCLI(context.Background(), "predict", "--model", old, "--input", train, "--label-col", "label")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "row,class,p_0,p_1,p_2,p_3\n"), out[:min(len(out), 80)])

	ckpt := filepath.Join(t.TempDir(), "resumed.safetensors")
	b, err := os.ReadFile(old)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(ckpt, b, 0o644))
	out, errOut, err := runCLI(context.Background(), "train", "--train", train, "--test-split", "0.2", "--layers", "6", "--epochs", "3", "--seed", "3",
		"--resume", ckpt, "--save", ckpt)
	require.NoError(t, err)
	require.Contains(t, out, "3 features, 4 classes")
	require.Contains(t, errOut, "class 0 of the class indices 0..3 has no label in the file")
	require.Contains(t, errOut, "it is the label mapping of the checkpoint resumed")
}

// An id column taken for the label is refused, naming the column and the
// flags that fix it, rather than trained as a class per row.
func TestTrainRefusesIdentifierLabels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ids.csv")
	var b strings.Builder
	b.WriteString("f0,f1,cust\n")
	for i := range 300 {
		fmt.Fprintf(&b, "%d,%d,C%07d\n", i%7, i%5, i)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	_, _, err := runCLI(context.Background(), "train", "--train", path, "--test-split", "0.2", "--label-col", "cust", "--epochs", "1")
	require.EqualError(t, err, path+`: column "cust" (index 2): 300 distinct labels in 300 rows ("C0000000", "C0000001", "C0000002", ...): a class for nearly every row, as an identifier column would give, not classes; choose the column of the classes as the label, or read these as classes explicitly: give the column of the classes with --label-col NAME, or --task classification to make a class of each all the same`)
}
