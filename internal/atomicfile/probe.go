package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Probe returns the error Write would give for path before any content is
// written, so that a program can refuse an output before long work rather
// than fail after it: the errors of Check, and the failure to create a file
// in path's directory (a read-only file system, a directory without write
// permission, no space for a directory entry). It creates and removes a
// temporary file of Write's naming beside path; path itself is not
// touched. A path written in place (a fifo, a device) is only checked.
// The error is an *fs.PathError with Op "write" and Path path.
func Probe(path string) error {
	t, err := resolve(path)
	if err != nil || t.inPlace {
		return err
	}
	if err := probeCreate(filepath.Dir(t.path), filepath.Base(t.path)); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// ProbeDir returns an error when files cannot be created in the directory
// dir, or in the directory that os.MkdirAll(dir) would make: the nearest
// existing ancestor must be a directory in which a file can be created.
// It creates and removes a temporary file there. The error is an
// *fs.PathError with Op "write" and Path dir.
func ProbeDir(dir string) error {
	fail := func(err error) error { return &fs.PathError{Op: "write", Path: dir, Err: err} }
	if dir == "" {
		return fail(errors.New("empty directory name"))
	}
	d := dir
	for {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return fail(fmt.Errorf("%s is not a directory", d))
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fail(err)
		}
		up := filepath.Dir(d)
		if up == d {
			return fail(err)
		}
		d = up
	}
	if err := probeCreate(d, "probe"); err != nil {
		return fail(err)
	}
	return nil
}

// probeCreate creates and removes a temporary file for base in dir and
// returns the reason it could not, without the temporary file's name.
func probeCreate(dir, base string) error {
	f, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		if errors.Is(err, syscall.EROFS) {
			return fmt.Errorf("cannot create files in %s: it is on a read-only file system", dir)
		}
		return fmt.Errorf("cannot create files in %s: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("cannot remove files in %s: %w", dir, err)
	}
	return nil
}
