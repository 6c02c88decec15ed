//go:build unix

package main

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// predict -o of a fifo writes to the fifo's reader and keeps the fifo.
func TestPredictOutputToFifo(t *testing.T) {
	model, test := trainedModel(t)
	want, _, err := runCLI(context.Background(), "predict", "--model", model, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	require.Contains(t, want, "row,class,p_a,p_b,p_c\n")
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	_, _, err = runCLI(context.Background(), "predict", "--model", model, "--input", test, "--label-col", "species", "-o", fifo)
	require.NoError(t, err)
	select {
	case s := <-got:
		assert.Equal(t, want, s)
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the fifo's reader got nothing")
	}
	fi, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.Equal(t, fs.ModeNamedPipe, fi.Mode().Type(), "still a fifo")
}
