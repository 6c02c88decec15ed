//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// hasNEON reports whether the CPU has Advanced SIMD (ASIMD), as
// github.com/klauspost/cpuid/v2 reads it from the OS (HWCAP on Linux).
// Every arm64 Linux system has it; without it arm64 stays on the generic
// level, so no NEON instruction ever runs on a CPU that lacks it.
var hasNEON = cpuid.CPU.Has(cpuid.ASIMD)

// archTables returns the NEON level when the CPU has it (hasNEON).
func archTables() []*table {
	if hasNEON {
		return []*table{neonTable()}
	}
	return nil
}
