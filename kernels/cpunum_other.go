//go:build purego || !amd64

package kernels

// cpuNumber returns 0: this build has no cheap way to read the current
// CPU, so every goroutine takes arenas from one list (see arenaPool).
func cpuNumber() int { return 0 }
