//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// TestExportRefusesFileATrainRunWrites: export -o of a file a training run
// holds locked (its --save) used to write it, and the run then wrote over
// the export in turn. It is refused, naming the run, and the file is kept.
func TestExportRefusesFileATrainRunWrites(t *testing.T) {
	model, _ := trainedModel(t)
	target := filepath.Join(t.TempDir(), "run.safetensors")
	require.NoError(t, os.WriteFile(target, []byte("the run's checkpoint"), 0o644))
	lock, err := atomicfile.LockPath(target) // as a train run with --save target
	require.NoError(t, err)
	defer lock.Unlock()

	_, _, err = runCLI(context.Background(), "export", "--model", model, "-o", target)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--output "+target+": another run in this process (pid "+strconv.Itoa(os.Getpid())+") is writing this file")
	got, rerr := os.ReadFile(target)
	require.NoError(t, rerr)
	assert.Equal(t, "the run's checkpoint", string(got))

	lock.Unlock()
	_, _, err = runCLI(context.Background(), "export", "--model", model, "-o", target)
	require.NoError(t, err, "the lock is released with the run")
}
