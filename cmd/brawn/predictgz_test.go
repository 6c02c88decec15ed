package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// predict -o NAME.gz writes gzip, as pandas' to_csv does for such a name
// (and brawn reads it back); other names get plain CSV.
func TestPredictOutputGzipByName(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	m := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", m)...)
	require.NoError(t, err)
	plain, _, err := runCLI(context.Background(), "predict", "--model", m, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	for _, name := range []string{"p.csv.gz", "P.CSV.GZ"} {
		out := filepath.Join(dir, name)
		_, _, err = runCLI(context.Background(), "predict", "--model", m, "--input", test, "--label-col", "species", "-o", out)
		require.NoError(t, err)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		zr, err := gzip.NewReader(bytes.NewReader(b))
		require.NoError(t, err, name+" is not gzip")
		got, err := io.ReadAll(zr)
		require.NoError(t, err)
		require.Equal(t, plain, string(got))
	}
	out := filepath.Join(dir, "p.csv")
	_, _, err = runCLI(context.Background(), "predict", "--model", m, "--input", test, "--label-col", "species", "-o", out)
	require.NoError(t, err)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, plain, string(b))
}
