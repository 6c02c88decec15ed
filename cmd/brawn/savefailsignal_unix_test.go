//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A signal whose save fails (the disk is full, the directory is gone)
// still ends brawn by that signal after the failure is reported, so
// that a shell loop running it stops as it does after a save.
func TestSignalEndsRunWhoseSaveFails(t *testing.T) {
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	for _, sig := range caught(t, syscall.SIGINT, syscall.SIGTERM) {
		dir := filepath.Join(t.TempDir(), "runs")
		require.NoError(t, os.Mkdir(dir, 0o777))
		modelPath, csvLog := filepath.Join(dir, "run.safetensors"), filepath.Join(t.TempDir(), "log.csv")
		// The log's first row says training is under way; no epoch's save
		// comes before the interrupt's.
		cmd, stderr := startTraining(t, bin, blobArgs(train, test, "--epochs", "100000", "--save", modelPath, "--save-every", "1000000", "--csv-log", csvLog), csvLog)
		require.NoError(t, os.RemoveAll(dir)) // the interrupt's save cannot create its file
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		assert.Contains(t, stderr.String(), "saving the checkpoint failed", "%v", sig)
		assertInterrupted(t, err, sig, stderr.String())
	}
}
