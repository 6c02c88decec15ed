package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// With --class-weights, train's test_loss and eval's loss are the whole
// test set's weighted mean, Σ w_{y_i}·l_i / Σ w_{y_i} (PyTorch's
// CrossEntropyLoss(weight=w) over the set): the same rows sorted by label
// or interleaved, over several evaluation blocks, give the loss of a
// float64 pass over the saved weights.
func TestClassWeightedLossIsSetMean(t *testing.T) {
	dir := t.TempDir()
	train, mixed, sorted := filepath.Join(dir, "train.csv"), filepath.Join(dir, "mixed.csv"), filepath.Join(dir, "sorted.csv")
	blobs(t, train, 300, 1)
	blobs(t, mixed, 2500, 2) // more rows than one block of train's and eval's passes
	lines := strings.Split(strings.TrimSpace(readFile(t, mixed)), "\n")
	rows := slices.Clone(lines[1:])
	slices.SortStableFunc(rows, func(a, b string) int { return strings.Compare(a[len(a)-1:], b[len(b)-1:]) })
	require.NoError(t, os.WriteFile(sorted, []byte(lines[0]+"\n"+strings.Join(rows, "\n")+"\n"), 0o644))

	ckpt, js := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, sorted, "--epochs", "1", "--class-weights", "1,3,7", "--save", ckpt, "--json", js)...)
	require.NoError(t, err)

	tensors, _ := readSafetensors(t, ckpt)
	w := []float64{1, 3, 7}
	recs := readCSV(t, sorted)
	_, x := csvColumnsFrom(t, sorted)
	var num, den float64
	for i, r := range recs[1:] {
		y := int(r[4][0] - 'a')
		z := forward64(tensors, 2, x[i])
		num += w[y] * -math.Log(softmax64(z)[y])
		den += w[y]
	}
	want := num / den

	require.InDelta(t, want, readMetrics(t, js)["test_loss"].(float64), 1e-6, "train's test_loss")
	for _, test := range []string{sorted, mixed} {
		out := filepath.Join(dir, "eval.json")
		text, _, err := runCLI(context.Background(), "eval", "--model", ckpt, "--test", test, "--json", out)
		require.NoError(t, err)
		require.Regexp(t, `\nloss +[0-9.]+ \(class-weighted: --class-weights 1,3,7\)\n`, text)
		require.InDelta(t, want, readMetrics(t, out)["loss"].(float64), 1e-6, "eval of %s", test)
	}
}
