package run

import (
	"errors"
	"os"
	"time"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// lockWait is how long an output's lock held by another process is waited
// for before the run is refused. The ranks of an mpirun job can outlive
// mpirun by a moment while they exit, so a job script that runs brawn
// again at once would otherwise find its outputs still locked.
var lockWait = 5 * time.Second

// lockRetry waits between two attempts at a lock another process holds.
var lockRetry = func() { time.Sleep(50 * time.Millisecond) }

// lockWaiting is atomicfile.LockPath, waiting up to lockWait while the
// lock's holder is another process. A holder in this process, or one
// whose pid the lock file does not give, is not waited for.
func lockWaiting(path string) (*atomicfile.Lock, error) {
	deadline := time.Now().Add(lockWait)
	for {
		l, err := atomicfile.LockPath(path)
		var le *atomicfile.LockedError
		if !errors.As(err, &le) || le.PID <= 0 || le.PID == os.Getpid() || !time.Now().Before(deadline) {
			return l, err
		}
		lockRetry()
	}
}
