//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// registerArch registers the NEON level when the CPU reports Advanced SIMD
// (ASIMD), which every arm64 Linux system has; without it arm64 stays on
// the generic level, so no NEON instruction ever runs on a CPU that lacks
// it.
func registerArch() {
	if cpu.ARM64.HasASIMD {
		register(neonTable())
	}
}
