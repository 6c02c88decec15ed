//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLockPathInOneProcess: flock locks belong to an open file, so two
// LockPaths of one process conflict, also through a symbolic link; Unlock
// removes the lock file and lets the next one in.
func TestLockPathInOneProcess(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "m.safetensors")
	l, err := LockPath(target)
	require.NoError(t, err)
	lockFile := filepath.Join(dir, ".m.safetensors.lock")
	b, err := os.ReadFile(lockFile)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(os.Getpid())+"\n", string(b))

	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink("m.safetensors", link))
	for _, p := range []string{target, link} {
		_, err = LockPath(p)
		var le *LockedError
		require.ErrorAs(t, err, &le, p)
		assert.Equal(t, os.Getpid(), le.PID)
		assert.Equal(t, p, le.Path)
		assert.Equal(t, p+" is locked by another process (pid "+strconv.Itoa(os.Getpid())+"; lock file "+lockFile+")", err.Error())
	}
	l.Unlock()
	l.Unlock()
	assert.NoFileExists(t, lockFile)
	l, err = LockPath(link)
	require.NoError(t, err)
	l.Unlock()
	var none *Lock
	none.Unlock()

	_, err = LockPath(filepath.Join(dir, "missing", "m"))
	assert.ErrorContains(t, err, "does not exist")
	l, err = LockPath("/dev/null")
	require.NoError(t, err, "written in place, not locked")
	l.Unlock()
}

// TestLockPathAcrossProcesses: a lock held by another process is refused
// with its pid; once that process is killed (SIGKILL), leaving its lock
// file, the lock is free.
func TestLockPathAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "run.safetensors")
	cmd := startHelper(t, "TestHelperHoldLock", "ATOMICFILE_LOCK_HELPER", target, "locked")
	_, err := LockPath(target)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, cmd.Process.Pid, le.PID)

	killHelper(t, cmd)
	assert.FileExists(t, filepath.Join(dir, ".run.safetensors.lock"), "a killed process leaves its lock file")
	l, err := LockPath(target)
	require.NoError(t, err, "but not its lock")
	l.Unlock()
}

// TestHelperHoldLock is the process TestLockPathAcrossProcesses kills.
func TestHelperHoldLock(t *testing.T) {
	target := os.Getenv("ATOMICFILE_LOCK_HELPER")
	if target == "" {
		t.Skip("run by TestLockPathAcrossProcesses")
	}
	if _, err := LockPath(target); err != nil {
		os.Stdout.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	helperBlock()
}
