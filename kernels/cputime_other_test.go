//go:build !linux

package kernels

import "time"

// threadCPUTime is unavailable here: benchmarks report wall-clock rates only.
func threadCPUTime() (time.Duration, bool) { return 0, false }
