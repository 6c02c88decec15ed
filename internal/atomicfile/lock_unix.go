//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive flock on the lock file name (for path).
// flock locks belong to an open file description, so a second open in the
// same process conflicts too. A lock file removed by its holder's Unlock
// between our open and our lock is no longer the lock: try again.
func lockFile(path, name string) (*Lock, error) {
	for tries := 0; tries < 100; tries++ {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW, 0o644)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if errors.Is(err, unix.EWOULDBLOCK) {
			pid := readPID(f)
			f.Close()
			return nil, &LockedError{Path: path, LockFile: name, PID: pid}
		}
		if err != nil {
			f.Close() // no flock on this file system: go on unlocked
			os.Remove(name)
			return &Lock{}, nil
		}
		if !stillNamed(f, name) {
			f.Close()
			continue
		}
		if err := f.Truncate(0); err == nil {
			f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
		return &Lock{f: f, name: name}, nil
	}
	return nil, fmt.Errorf("locking %s: the lock file %s kept being replaced", path, name)
}

// readPID returns the process id a lock file holds, or 0.
func readPID(f *os.File) int {
	b, err := io.ReadAll(io.LimitReader(f, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
