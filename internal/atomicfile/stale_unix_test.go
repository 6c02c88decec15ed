//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestWriteRemovesStaleTemporaries: a Write removes the temporary files
// of its target that no process holds, and nothing else: not a live
// Write's (locked), not another target's, not a name that only looks like
// ours, not a symbolic link.
func TestWriteRemovesStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "m.safetensors")
	put := func(name string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte("partial"), 0o600))
		return p
	}
	stale := []string{put(".m.safetensors.tmp123"), put(".m.safetensors.tmp4294967295")}
	kept := []string{
		put(".m.safetensors.tmp12x"), put(".m.safetensors.tmp"), put(".other.tmp123"),
		put(".m.safetensors.tmp12345678901"), put("m.safetensors.tmp123"),
	}
	live := put(".m.safetensors.tmp77")
	f, err := os.Open(live)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB))
	link := filepath.Join(dir, ".m.safetensors.tmp88")
	require.NoError(t, os.Symlink(kept[0], link))
	kept = append(kept, live, link)

	require.NoError(t, WriteFile(target, []byte("new"), 0o644))
	for _, p := range stale {
		assert.NoFileExists(t, p)
	}
	for _, p := range kept {
		_, err := os.Lstat(p)
		assert.NoError(t, err, "%s must be kept", filepath.Base(p))
	}
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "new", string(b))
}

// TestKilledWriteLeavesTemporaryForNextWrite: a Write meanwhile in another
// process leaves the temporary file of a process in the middle of a Write;
// once that process is killed (SIGKILL), which leaves it, the next Write
// to the same path removes it.
func TestKilledWriteLeavesTemporaryForNextWrite(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "run.safetensors")
	cmd := startHelper(t, "TestHelperWriteForever", "ATOMICFILE_KILL_HELPER", target, "writing")
	live := names(t, dir)
	require.Len(t, live, 1)
	require.NoError(t, WriteFile(target, []byte("meanwhile"), 0o644))
	assert.Equal(t, []string{live[0], "run.safetensors"}, names(t, dir), "a live Write's temporary file is not removed")
	require.NoError(t, os.Remove(target))

	killHelper(t, cmd)

	left := names(t, dir)
	require.Len(t, left, 1)
	assert.True(t, isTempOf(left[0], "run.safetensors"), "the killed Write left %v", left)
	require.NoError(t, WriteFile(target, []byte("next"), 0o644))
	assert.Equal(t, []string{"run.safetensors"}, names(t, dir), "the next Write removed the stale temporary file")
}

// TestHelperWriteForever is the process that
// TestKilledWriteLeavesTemporaryForNextWrite kills: it
// starts a Write, says so, and blocks in it.
func TestHelperWriteForever(t *testing.T) {
	target := os.Getenv("ATOMICFILE_KILL_HELPER")
	if target == "" {
		t.Skip("run by TestKilledWriteLeavesTemporaryForNextWrite")
	}
	Write(target, 0o644, func(w io.Writer) error {
		w.Write([]byte(strings.Repeat("x", 4<<20))) // through the buffer to the file
		os.Stdout.WriteString("writing\n")
		helperBlock()
		return nil
	})
}
