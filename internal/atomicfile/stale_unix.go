//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A Write holds an exclusive flock(2) on its temporary file from creation
// until after the rename, and the kernel drops it when the process dies,
// however it dies. A temporary file of a target's naming that can be
// locked is therefore stale: left by a process killed in a save.

// keepOpenForRename: the temporary file stays open, and so locked, until
// it has been renamed, so that no other process takes it for stale.
const keepOpenForRename = true

// holdTemp locks the new temporary file f. It reports false when f was
// taken for stale by another process's removeStale between its creation
// and the lock (f is then, or will be, removed, and the caller makes
// another). A file system without flock leaves f unlocked.
func holdTemp(f *os.File) bool {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return false
	}
	if err != nil {
		return true // no locks here: removeStale cannot lock it either
	}
	return stillNamed(f, f.Name())
}

// stillNamed reports whether name is still a link to the open file f.
func stillNamed(f *os.File, name string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Lstat(name)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// removeStale removes the temporary files of target base in dir that no
// live Write holds (see holdTemp): only names of exactly base's temporary
// naming, and only regular files. It is best effort; failures are left
// for the next save.
func removeStale(dir, base string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return
	}
	for _, name := range names {
		if isTempOf(name, base) {
			removeIfStale(filepath.Join(dir, name))
		}
	}
}

func removeIfStale(path string) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return
	}
	if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) != nil {
		return // a live Write's, or no locks on this file system
	}
	if stillNamed(f, path) {
		os.Remove(path)
	}
}
