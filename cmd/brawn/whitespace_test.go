package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --delimiter whitespace reads fields separated by runs of spaces (UCI's
// .data files) as the same data written with commas: training, the
// checkpoint's held-out rows in eval, and predict give what the CSV gives.
func TestDelimiterWhitespace(t *testing.T) {
	dir := t.TempDir()
	var spaced, commas strings.Builder
	for i := range 120 {
		a, b, y := float64(i%7)-3, float64(i%5)*1.5, i%3
		fmt.Fprintf(&spaced, "  %6.2f \t %7.3f   %d  \n", a, b, y)
		fmt.Fprintf(&commas, "%.2f,%.3f,%d\n", a, b, y)
	}
	ws, csv := filepath.Join(dir, "x.data"), filepath.Join(dir, "x.csv")
	require.NoError(t, os.WriteFile(ws, []byte(spaced.String()), 0o644))
	require.NoError(t, os.WriteFile(csv, []byte(commas.String()), 0o644))

	ctx := context.Background()
	train := func(file string, extra ...string) (eval, predict string) {
		save := file + ".safetensors"
		_, _, err := runCLI(ctx, append([]string{"train", "--train", file, "--test-split", "0.25", "--epochs", "2", "--layers", "8", "--quiet", "--save", save}, extra...)...)
		require.NoError(t, err)
		eval, _, err = runCLI(ctx, "eval", "--model", save)
		require.NoError(t, err)
		eval = withoutEvalTime(eval)
		predict, _, err = runCLI(ctx, append([]string{"predict", "--model", save, "--input", file, "--label-col", "-1"}, extra...)...)
		require.NoError(t, err)
		return strings.ReplaceAll(eval, file, "FILE"), predict
	}
	wantEval, wantPredict := train(csv)
	require.Contains(t, wantEval, "accuracy")
	require.Equal(t, 121, strings.Count(wantPredict, "\n"), "a header and a line a row")
	for _, spelt := range []string{"whitespace", `\s+`} {
		gotEval, gotPredict := train(ws, "--delimiter", spelt)
		assert.Equal(t, wantEval, gotEval, spelt)
		assert.Equal(t, wantPredict, gotPredict, spelt)
	}

	_, _, err := runCLI(ctx, "train", "--train", ws, "--test-split", "0.25", "--delimiter", "space")
	require.ErrorContains(t, err, "x.data:1: column index 0: missing value (\"\"); with the delimiter ' ' two spaces in a row enclose an empty field: if runs of spaces and tabs separate the fields, read them with --delimiter whitespace")
}
