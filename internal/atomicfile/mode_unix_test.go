//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A new file gets the permissions asked for less the umask, as any file
// the process creates (a private umask 077 on a shared cluster keeps
// checkpoints private; 002 makes them group-writable); a file replaced
// keeps its own permissions, read-only ones too.
func TestWriteModes(t *testing.T) {
	dir := t.TempDir()
	mode := func(path string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(path)
		require.NoError(t, err)
		return fi.Mode().Perm()
	}
	for _, tc := range []struct {
		umask int
		perm  os.FileMode
		want  os.FileMode
	}{
		{0o077, 0o644, 0o600},
		{0o002, 0o664, 0o664},
		{0o022, 0o666, 0o644},
		{0o000, 0o640, 0o640},
	} {
		old := syscall.Umask(tc.umask)
		path := filepath.Join(dir, "new")
		err := WriteFile(path, []byte("x"), tc.perm)
		syscall.Umask(old)
		require.NoError(t, err)
		assert.Equal(t, tc.want, mode(path), "umask %#o, perm %#o", tc.umask, tc.perm)
		require.NoError(t, os.Remove(path))
	}

	path := filepath.Join(dir, "kept")
	for _, m := range []os.FileMode{0o600, 0o444, 0o664} {
		require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))
		require.NoError(t, os.Chmod(path, m))
		require.NoError(t, WriteFile(path, []byte("new"), 0o644))
		assert.Equal(t, m, mode(path))
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "new", string(b))
	}

	// Through a symbolic link, the file it points to keeps its mode.
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Chmod(path, 0o640))
	require.NoError(t, os.Symlink("kept", link))
	require.NoError(t, WriteFile(link, []byte("linked"), 0o666))
	assert.Equal(t, os.FileMode(0o640), mode(path))
}
