package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// pending records the temporary files of the Writes in progress, so that a
// process ending in the middle of one can remove them (RemoveTemporary).
var pending struct {
	sync.Mutex
	names map[string]bool
}

// removeOnce makes RemoveTemporary take pending's lock only once.
var removeOnce sync.Once

// createTemp creates, locks (holdTemp) and records a temporary file for
// base in dir, named tempPrefix(base) and random digits, with permissions
// perm less the process's umask, as any file the process creates. The
// lock covers both, so that RemoveTemporary never misses a file.
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	pending.Lock()
	defer pending.Unlock()
	for tries := 0; ; tries++ {
		f, err := createExclusive(dir, tempPrefix(base), perm)
		if err != nil {
			return nil, err
		}
		if !holdTemp(f) {
			// Another process took it for stale and removes it.
			f.Close()
			if tries < 100 {
				continue
			}
			return nil, fmt.Errorf("%s: another process kept removing the temporary files of %s", dir, base)
		}
		if pending.names == nil {
			pending.names = map[string]bool{}
		}
		pending.names[f.Name()] = true
		return f, nil
	}
}

// TempCreated, when not nil, is called by Write with the name of its
// temporary file once that file exists and is recorded (RemoveTemporary
// would remove it), before any data are written: a test's handshake, so
// that a child process can stop in the middle of a write and be signalled
// there, however long a real write would take. Programs leave it nil.
var TempCreated func(name string)

// endingWrite, if not nil, runs when a Write is about to take pending's
// lock to remove or forget its temporary file: a test's handshake, so that
// it can see the Write wait for a lock RemoveTemporary keeps, rather than
// wait some time for it not to return.
var endingWrite func()

// lockToEnd takes pending's lock for a Write that ends (removeTemp, forget).
func lockToEnd() {
	if endingWrite != nil {
		endingWrite()
	}
	pending.Lock()
}

// removeTemp removes a temporary file that will not be renamed.
func removeTemp(name string) {
	lockToEnd()
	defer pending.Unlock()
	os.Remove(name)
	delete(pending.names, name)
}

// forget stops recording a temporary file that was renamed over its target.
func forget(name string) {
	lockToEnd()
	defer pending.Unlock()
	delete(pending.names, name)
}

// RemoveTemporary removes the temporary files of the Writes in progress,
// for a program about to end in the middle of a save (on a second
// interrupt): no partial file is left beside a target, and the target
// keeps its old content. It removes the lock files of the locks this
// process holds (LockPath) too; the kernel releases the locks themselves
// when the process ends. It keeps its locks for good, so that every Write,
// LockPath or Unlock that then comes to create, rename or remove a
// temporary or lock file waits rather than report a failure or start a
// new file before the program ends: call it only just before ending the process. It returns the
// errors of removals that failed (a file already gone is not one); calls
// after the first do nothing.
func RemoveTemporary() error {
	var err error
	removeOnce.Do(func() {
		pending.Lock()
		var errs []error
		for name := range pending.names {
			if e := os.Remove(name); e != nil && !errors.Is(e, fs.ErrNotExist) {
				errs = append(errs, e)
			}
			delete(pending.names, name)
		}
		err = errors.Join(errs...)
		removeLockFiles()
	})
	return err
}

// createExclusive creates a new file in dir named prefix and random
// digits, as os.CreateTemp does, but with permissions perm (less the
// umask) rather than 0600.
func createExclusive(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for tries := 0; ; tries++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && tries < 10000 {
			continue
		}
		return f, err
	}
}
