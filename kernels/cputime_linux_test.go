package kernels

import (
	"syscall"
	"time"
)

// threadCPUTime returns the CPU time the calling OS thread has used
// (getrusage RUSAGE_THREAD), and true. Benchmarks lock the goroutine to its
// thread and report work per CPU-second, which stays meaningful when other
// processes share the cores.
func threadCPUTime() (time.Duration, bool) {
	const rusageThread = 1 // RUSAGE_THREAD, Linux
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
