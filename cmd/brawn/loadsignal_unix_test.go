//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A signal while train reads its training set stops the reading, which
// has nothing to save, and ends brawn by that signal, as eval and predict
// end: the rest of the file is not read, and no summary is printed. The
// set comes through a pipe that the test keeps feeding after the signal:
// only a reader that stops makes the writes fail (at most 2,000 chunks,
// far more than a reading that stops needs, so that the test ends when it
// does not).
func TestSignalStopsTrainWhileLoading(t *testing.T) {
	bin := brawnBinary(t)
	_, test := blobFiles(t)
	for _, sig := range caught(t, syscall.SIGINT, syscall.SIGTERM) {
		cmd := exec.Command(bin, blobArgs("/dev/stdin", test)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		in, err := cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		_, err = in.Write([]byte("f0,f1,f2,f3,species\n"))
		require.NoError(t, err)
		var chunk strings.Builder
		for i := range 1000 {
			fmt.Fprintf(&chunk, "%d.5,1.25,0.5,2,%c\n", i%7, 'a'+i%3)
		}
		// More than a pipe holds: brawn is reading once these are written.
		for range 100 {
			_, err = in.Write([]byte(chunk.String()))
			require.NoError(t, err)
		}
		require.NoError(t, cmd.Process.Signal(sig))
		stopped := false
		for range 2000 {
			if _, err := in.Write([]byte(chunk.String())); err != nil {
				stopped = true
				break
			}
		}
		in.Close()
		err = cmd.Wait()
		assert.True(t, stopped, "%v: brawn read on after the signal", sig)
		assertInterrupted(t, err, sig, stderr.String())
		assert.Contains(t, stderr.String(), "interrupted while loading the data", "%v", sig)
		assert.NotContains(t, stdout.String(), "Trainable params", "%v", sig)
	}
}
