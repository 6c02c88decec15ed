package atomicfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// names lists a directory's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Writing through a symbolic link replaces the file it points to (in that
// file's directory) and keeps the link.
func TestWriteFollowsSymlink(t *testing.T) {
	root := t.TempDir()
	links, files := filepath.Join(root, "links"), filepath.Join(root, "files")
	require.NoError(t, os.Mkdir(links, 0o755))
	require.NoError(t, os.Mkdir(files, 0o755))
	target := filepath.Join(files, "target.csv")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
	link := filepath.Join(links, "link.csv")
	require.NoError(t, os.Symlink("../files/target.csv", link))
	chain := filepath.Join(links, "chain.csv") // a link to the link
	require.NoError(t, os.Symlink(link, chain))

	require.NoError(t, WriteFile(chain, []byte("new"), 0o644))
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "new", string(b))
	dest, err := os.Readlink(link)
	require.NoError(t, err)
	assert.Equal(t, "../files/target.csv", dest, "the link is kept")
	dest, err = os.Readlink(chain)
	require.NoError(t, err)
	assert.Equal(t, link, dest)
	st, err := os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode(), "the replaced file's permissions")
	assert.Equal(t, []string{"chain.csv", "link.csv"}, names(t, links))
	assert.Equal(t, []string{"target.csv"}, names(t, files))
}

// A link to a file that does not exist yet creates that file.
func TestWriteDanglingSymlinkCreatesTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink("made.json", link))
	require.NoError(t, WriteFile(link, []byte("{}"), 0o644))
	b, err := os.ReadFile(filepath.Join(dir, "made.json"))
	require.NoError(t, err)
	assert.Equal(t, "{}", string(b))
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&fs.ModeSymlink, "the link is kept")
}

// Paths that cannot be written are refused before anything is created,
// with an error saying why.
func TestWriteRefusesUnwritablePaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	file := filepath.Join(dir, "afile")
	require.NoError(t, os.WriteFile(file, []byte("keep"), 0o644))
	dirLink := filepath.Join(dir, "dirlink")
	require.NoError(t, os.Symlink("sub", dirLink))
	loopA, loopB := filepath.Join(dir, "loopA"), filepath.Join(dir, "loopB")
	require.NoError(t, os.Symlink("loopB", loopA))
	require.NoError(t, os.Symlink("loopA", loopB))

	cases := []struct{ path, want string }{
		{sub, "write " + sub + ": is a directory, not a file"},
		{sub + "/", "write " + sub + "/: is a directory, not a file"},
		{dirLink, "write " + dirLink + ": is a directory, not a file"},
		{filepath.Join(file, "x.st"), "write " + filepath.Join(file, "x.st") + ": " + file + " is not a directory"},
		{filepath.Join(file, "a", "x.st"), "write " + filepath.Join(file, "a", "x.st") + ": " + file + " is not a directory"},
		{filepath.Join(dir, "no", "such", "x"), "write " + filepath.Join(dir, "no", "such", "x") + ": the directory " + filepath.Join(dir, "no", "such") + " does not exist"},
		{loopA, "write " + loopA + ": too many levels of symbolic links"},
	}
	for _, c := range cases {
		assert.EqualError(t, Check(c.path), c.want, c.path)
		err := WriteFile(c.path, []byte("x"), 0o644)
		assert.EqualError(t, err, c.want, c.path)
		var pe *fs.PathError
		assert.ErrorAs(t, err, &pe)
	}
	assert.Equal(t, []string{"afile", "dirlink", "loopA", "loopB", "sub"}, names(t, dir), "nothing was created")
	assert.Empty(t, names(t, sub))
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "keep", string(b))
	assert.NoError(t, Check(filepath.Join(dir, "new.st")))
	assert.NoError(t, Check(file))
}

// RemoveTemporary removes the temporary file of a Write in progress and
// holds that Write until the process ends (here: until the test releases
// the lock); it then fails, and its target keeps the old content.
func TestRemoveTemporary(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "run.st")
	require.NoError(t, WriteFile(p, []byte("previous"), 0o644))
	started, release := make(chan struct{}), make(chan struct{})
	ending := make(chan struct{}, 1)
	endingWrite = func() { ending <- struct{}{} }
	defer func() { endingWrite = nil }()
	done := make(chan error, 1)
	go func() {
		done <- Write(p, 0o644, func(w io.Writer) error {
			close(started)
			<-release
			_, err := w.Write([]byte("half-written"))
			return err
		})
	}()
	<-started
	require.Len(t, names(t, dir), 2, "run.st and its temporary file")
	require.NoError(t, RemoveTemporary())
	require.NoError(t, RemoveTemporary(), "a second call does nothing")
	assert.Equal(t, []string{"run.st"}, names(t, dir))
	close(release)
	// The Write, its rename failed, comes to take pending's lock to
	// remove its temporary file; RemoveTemporary keeps that lock, so the
	// Write waits there and has not returned.
	select {
	case <-ending:
	case err := <-done:
		require.FailNow(t, "the Write returned while the program is ending", "%v", err)
	}
	assert.False(t, pending.TryLock(), "RemoveTemporary keeps pending's lock")
	removeOnce = sync.Once{}
	pending.Unlock()
	held.Unlock()
	err := <-done
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist, "the rename finds no file")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "previous", string(b))
	assert.Equal(t, []string{"run.st"}, names(t, dir))
}

// RemoveTemporary removes the lock files of the locks held, so that a
// process ending on a second interrupt leaves none behind; a lock
// released before is not touched again.
func TestRemoveTemporaryRemovesLockFiles(t *testing.T) {
	dir := t.TempDir()
	a, err := LockPath(filepath.Join(dir, "a.st"))
	require.NoError(t, err)
	b, err := LockPath(filepath.Join(dir, "b.st"))
	require.NoError(t, err)
	if a.f == nil {
		t.Skip("no flock on this file system")
	}
	b.Unlock()
	require.Equal(t, []string{".a.st.lock"}, names(t, dir))
	require.NoError(t, RemoveTemporary())
	assert.Empty(t, names(t, dir), "the lock file of the lock held is removed")
	removeOnce = sync.Once{}
	pending.Unlock()
	held.Unlock()
	a.Unlock() // the process would have ended; the file is already gone
	assert.Empty(t, names(t, dir))
}
