package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// pending records the temporary files of the Writes in progress, so that a
// process ending in the middle of one can remove them (RemoveTemporary).
var pending struct {
	sync.Mutex
	names  map[string]bool
	closed bool // RemoveTemporary was called: no new temporary files
}

// errExiting is returned by Writes that start after RemoveTemporary.
var errExiting = errors.New("the program is exiting: no new files are written")

// createTemp creates and records a temporary file for base in dir. The
// lock covers both, so that RemoveTemporary never misses a file.
func createTemp(dir, base string) (*os.File, error) {
	pending.Lock()
	defer pending.Unlock()
	if pending.closed {
		return nil, &fs.PathError{Op: "write", Path: base, Err: errExiting}
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, err
	}
	if pending.names == nil {
		pending.names = map[string]bool{}
	}
	pending.names[f.Name()] = true
	return f, nil
}

// removeTemp removes a temporary file that will not be renamed.
func removeTemp(name string) {
	pending.Lock()
	defer pending.Unlock()
	os.Remove(name)
	delete(pending.names, name)
}

// forget stops recording a temporary file that was renamed over its target.
func forget(name string) {
	pending.Lock()
	defer pending.Unlock()
	delete(pending.names, name)
}

// RemoveTemporary removes the temporary files of the Writes in progress,
// and makes Writes that start later fail, for a program about to exit in
// the middle of a save (on a second interrupt): the targets keep their old
// content and no partial file is left beside them. The Writes in progress
// fail when they come to rename their file. It returns the errors of
// removals that failed (a file already gone is not one); it is safe to call
// from any goroutine, more than once.
func RemoveTemporary() error {
	pending.Lock()
	defer pending.Unlock()
	pending.closed = true
	var errs []error
	for name := range pending.names {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
		delete(pending.names, name)
	}
	return errors.Join(errs...)
}
