//go:build linux

package kernels

import "golang.org/x/sys/unix"

// threadCPUTime returns the CPU time the calling OS thread has used, in
// nanoseconds. On a shared machine it excludes the time the thread waited
// for a CPU, which wall-clock ns/op includes.
func threadCPUTime() (int64, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return ts.Nano(), true
}
