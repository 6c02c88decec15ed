package workpool

import "sync/atomic"

// Counts of every Pool's parallel regions, kept process-wide so a caller
// can see how many regions, and how many worker hand-offs (each one may
// wake a parked thread, 70-125 µs on a virtual machine), a piece of work
// took, whichever pools it used (see Counts).
var regions, handOffs atomic.Int64

// Counts returns how many parallel regions (Run and RunFunc calls that
// asked for at least one worker) and how many worker hand-offs (a region
// queued for one worker) every Pool has made since the process started.
// Subtract two readings to count a piece of work.
func Counts() (regionsRun, workersQueued int64) {
	return regions.Load(), handOffs.Load()
}
