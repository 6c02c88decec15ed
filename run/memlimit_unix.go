//go:build unix

package run

import "syscall"

// addressSpaceLimit returns the address-space limit (RLIMIT_AS, ulimit
// -v) in bytes; false when there is none.
func addressSpaceLimit() (float64, bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		return 0, false
	}
	cur := uint64(lim.Cur) // int64 on some systems, where unlimited is -1
	if cur >= 1<<62 {      // RLIM_INFINITY: all ones on Linux, 1<<63-1 on macOS
		return 0, false
	}
	return float64(cur), true
}
