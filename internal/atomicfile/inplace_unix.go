//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// fifoReaderWait is how long openInPlace waits for a fifo's reader.
var fifoReaderWait = 30 * time.Second

// openInPlace opens path, not a regular file, for appending. A fifo is
// opened once a process reads it, as a blocking open would, but waiting
// fifoReaderWait at most: a fifo that nobody reads is an error, not a
// save without end that no SIGTERM can stop. O_NONBLOCK makes the open
// fail with ENXIO while there is no reader (fifo(7)); Go's poller makes
// the writes after it wait as blocking ones would.
func openInPlace(path string) (*os.File, error) {
	start := time.Now()
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|unix.O_NONBLOCK, 0)
		if !errors.Is(err, unix.ENXIO) {
			return f, err
		}
		if time.Since(start) >= fifoReaderWait {
			return nil, fmt.Errorf("%s is a fifo that no process opened for reading within %v: start its reader first", path, fifoReaderWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
