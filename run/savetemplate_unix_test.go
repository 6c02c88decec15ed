//go:build unix

package run

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The output lock of a --save template is taken on the template, so that
// a second run writing the same files is refused at its start.
func TestSaveTemplateLock(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "ck-{epoch:02d}.safetensors")
	writeBlobs(t, train, 120, 1)
	unlock, err := savingConfig(t, train, save, 1).LockOutputs()
	require.NoError(t, err)
	defer unlock()
	_, err = savingConfig(t, train, save, 2).LockOutputs()
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("--save %s: another run in this process (pid %d) is writing this file; wait for it to end, or choose another file (lock file %s)",
		save, os.Getpid(), filepath.Join(dir, ".ck-{epoch:02d}.safetensors.lock")), err.Error())
}
