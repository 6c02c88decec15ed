//go:build unix

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fifoOf makes a fifo in a temp dir and writes b into it from a
// goroutine, as a shell pipe (brawn predict --input <(zcat in.gz))
// would: the fifo can be read once.
func fifoOf(t *testing.T, b []byte) string {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.Write(b)
	}()
	return fifo
}

// predict reads its input once, so that it may come through a pipe: CSV,
// gzip-compressed CSV and IDX images from a fifo give the lines they give
// from a file, and an error in the piped text names its line.
func TestPredictInputFromFifo(t *testing.T) {
	model, test := trainedModel(t)
	csv, err := os.ReadFile(test)
	require.NoError(t, err)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err = zw.Write(csv)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	predict := func(input string) (string, error) {
		out, _, err := runCLI(context.Background(), "predict", "--model", model, "--input", input, "--label-col", "species")
		return out, err
	}
	want, err := predict(test)
	require.NoError(t, err)
	require.Contains(t, want, "row,class,p_a,p_b,p_c\n")
	for name, b := range map[string][]byte{"csv": csv, "gzip": gz.Bytes()} {
		got, err := predict(fifoOf(t, b))
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	bad := bytes.Replace(csv, []byte("\n"), []byte("\nx"), 1) // the first data row, line 2, starts "x"
	_, err = predict(fifoOf(t, bad))
	require.ErrorContains(t, err, `fifo:2: column "f0" (index 0): "x`)

	// Images of 2×2 float32 values: the model's four inputs.
	var img []byte
	for i := range 30 {
		for j := range 4 {
			img = binary.BigEndian.AppendUint32(img, math.Float32bits(float32((i*7+j*3)%5)))
		}
	}
	images := writeIDX(t, filepath.Join(t.TempDir(), "images.idx"), 0x0D, []int{30, 2, 2}, img)
	want, err = predict(images)
	require.NoError(t, err)
	require.Contains(t, want, "\n29,")
	idx, err := os.ReadFile(images)
	require.NoError(t, err)
	got, err := predict(fifoOf(t, idx))
	require.NoError(t, err)
	assert.Equal(t, want, got, "idx")
}
