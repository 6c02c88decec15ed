package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// New rows to predict often keep the training file's layout with the
// label unknown: predict drops the --label-col column(s) without reading
// them, so empty, NA or text cells there are fine, for a classifier and
// for a regression's targets.
func TestPredictDropsUnknownLabels(t *testing.T) {
	dir := t.TempDir()
	cls := filepath.Join(dir, "cls.csv")
	require.NoError(t, os.WriteFile(cls, []byte("f0,f1,f2,f3,species\n0,0,0,0,\n3,3,0,0,NA\n1,1,1,1,?\n"), 0o644))
	out, _, err := runCLI(context.Background(), "predict", "--model", blobModel(t), "--input", cls, "--label-col", "species", "--probs=false")
	require.NoError(t, err)
	assert.Regexp(t, `^row,class\n0,[abc]\n1,[abc]\n2,[abc]\n$`, out)

	train, test := regressionFiles(t)
	reg := filepath.Join(dir, "reg.safetensors")
	_, _, err = runCLI(context.Background(), regressionArgs(train, test, "--epochs", "1", "--save", reg)...)
	require.NoError(t, err)
	rows := filepath.Join(dir, "reg.csv")
	require.NoError(t, os.WriteFile(rows, []byte("a,y,b,c,z\n1,,2,3,NaN\n0.5,unknown,0,1,\n"), 0o644))
	out, _, err = runCLI(context.Background(), "predict", "--model", reg, "--input", rows, "--label-col", "y,z")
	require.NoError(t, err)
	assert.Regexp(t, `^row,y,z\n0,\S+,\S+\n1,\S+,\S+\n$`, out)
	full, _, err := runCLI(context.Background(), "predict", "--model", reg, "--input", rows, "--label-col", "z,y")
	require.NoError(t, err)
	assert.Equal(t, out, full, "the dropped columns' order does not matter")
}
