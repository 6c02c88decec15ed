package atomicfile

import (
	"fmt"
	"os"
	"sync"
)

// held records the locks this process holds, so that a process ending in
// the middle of a save removes their lock files too (RemoveTemporary).
var held struct {
	sync.Mutex
	locks map[*Lock]bool
}

// hold records l, taken with held's mutex locked.
func hold(l *Lock) {
	if l.f == nil {
		return
	}
	if held.locks == nil {
		held.locks = map[*Lock]bool{}
	}
	held.locks[l] = true
}

// removeLockFiles removes the lock files of the locks held, which the
// kernel releases when the process ends: none is left behind. held's
// mutex stays locked, as RemoveTemporary keeps pending's.
func removeLockFiles() {
	held.Lock()
	for l := range held.locks {
		os.Remove(l.name)
		delete(held.locks, l)
	}
}

// Lock is an advisory lock on an output path, so that two programs do not
// write the same file in turn. It is an flock(2) on a lock file beside the
// target, "." + base + ".lock" (see sideName), which holds the locking
// process's id; the kernel releases the lock when the process ends, however
// it ends, and a later LockPath takes over the file left behind. Programs
// that do not call LockPath are not kept out. Where flock is not
// available (non-Unix systems, or a file system without it) the lock is
// not taken and LockPath succeeds.
type Lock struct {
	f    *os.File // nil when no lock was taken
	name string
}

// LockedError is LockPath's error when another process holds the lock.
type LockedError struct {
	Path     string // the path given to LockPath
	LockFile string // the lock file
	PID      int    // the holder's process id; 0 when unknown
}

// Error implements error, naming the path, the holder's pid when known
// and the lock file.
func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s is locked by another process (pid %d; lock file %s)", e.Path, e.PID, e.LockFile)
	}
	return fmt.Sprintf("%s is locked by another process (lock file %s)", e.Path, e.LockFile)
}

// Unlock removes the lock file and releases the lock. It may be called on
// a nil Lock and more than once.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	held.Lock()
	defer held.Unlock()
	delete(held.locks, l)
	// Removed while locked: a process waiting on this file finds it
	// unlinked once it gets the lock, and starts over (lockFile).
	os.Remove(l.name)
	l.f.Close()
	l.f = nil
}
