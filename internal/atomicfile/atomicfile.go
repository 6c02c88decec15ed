// Package atomicfile writes files so that a reader, or a run that crashes
// half-way, sees either the old content or the complete new one, never a
// part: the data go to a temporary file in the target's directory, which is
// fsynced, renamed over the target, and the directory fsynced.
//
// The temporary file of a target named base is "." + base + ".tmp" and
// random digits, in the target's directory (a base too long for that to fit
// in 255 bytes is shortened, see sideName). On Unix a Write holds an
// flock(2) on it until the rename, and each Write first removes the
// temporary files of its own target that no process holds: those left by a
// process killed in the middle of a save.
//
// A symbolic link is followed: the file it points to is replaced and the
// link kept. An existing file that is not a regular file (a fifo, a
// character device such as /dev/null, or an open file named through /proc
// such as /dev/stdout) is written in place instead, as a shell's > would,
// since replacing it would destroy it rather than write to it.
//
// Layer 0: a leaf, below checkpoint, model, runplot, bench and the CLI. It
// may import golang.org/x/sys/unix and the standard library.
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// Write creates path atomically with permissions perm less the process's
// umask, or, replacing a file, with that file's permissions: fill writes the
// content to a buffered writer onto the temporary file. If fill or any step
// fails, path keeps its old content (or stays absent), the temporary file is
// removed, and the error is returned as the os package reports it (naming
// the temporary file or path); callers add their own context. A path that
// is a directory, or whose directory is missing or not a directory, gives
// the error Check gives, before anything is written.
//
// When path is (or links to) a fifo, a device or an open file named through
// /proc, fill writes to it directly, appending as to an open file
// descriptor; a failure then leaves what was written so far.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	t, err := resolve(path)
	if err != nil {
		return err
	}
	if t.inPlace {
		return writeInPlace(t.path, fill)
	}
	dir, base := filepath.Dir(t.path), filepath.Base(t.path)
	removeStale(dir, base)
	f, err := createTemp(dir, base, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			removeTemp(f.Name())
		}
	}()
	if TempCreated != nil {
		TempCreated(f.Name())
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if t.replacing {
		if err = f.Chmod(t.perm); err != nil {
			return err
		}
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if !keepOpenForRename {
		if err = f.Close(); err != nil {
			return err
		}
	}
	if err = os.Rename(f.Name(), t.path); err != nil {
		return err
	}
	if keepOpenForRename {
		// The data are durable (Sync); the close only drops the lock.
		f.Close()
	}
	forget(f.Name())
	return syncDir(dir)
}

// WriteFile writes data to path atomically, as Write does, with Write's
// errors.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeInPlace writes to an existing fifo, device or /proc-named open file
// without replacing it. O_APPEND makes a regular file reached through
// /proc/self/fd (a shell's > or >> redirection) grow as the shell's own
// descriptor would, rather than be overwritten from its start.
func writeInPlace(path string, fill func(w io.Writer) error) error {
	f, err := openInPlace(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fill(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir fsyncs a directory so that a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupportedSync(err) {
		return err
	}
	return nil
}

// LockPath takes the lock on the file path names, following symbolic links
// as Write does, without waiting: when another process (or another
// LockPath of this one) holds it, it returns a *LockedError. A path
// written in place (a fifo, a device) is not locked. Other errors are the
// errors of Check, or of creating the lock file. Release the lock with
// Unlock.
func LockPath(path string) (*Lock, error) {
	t, err := resolve(path)
	if err != nil || t.inPlace {
		return &Lock{}, err
	}
	name := filepath.Join(filepath.Dir(t.path), lockName(filepath.Base(t.path)))
	held.Lock()
	defer held.Unlock()
	l, err := lockFile(path, name)
	if err == nil {
		hold(l)
	}
	return l, err
}
