//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// amd64Levels are the assembly levels this CPU and OS can run, decided
// once, before the init function that registers them runs.
var amd64Levels = readX86Features().levels()

// hasAMD64Level reports whether l is in amd64Levels.
func hasAMD64Level(l Level) bool {
	for _, x := range amd64Levels {
		if x == l {
			return true
		}
	}
	return false
}

// readX86Features reads the features x86Features holds from
// github.com/klauspost/cpuid/v2.
func readX86Features() x86Features {
	c := cpuid.CPU
	return x86Features{
		avx: c.Has(cpuid.AVX), avx2: c.Has(cpuid.AVX2), fma: c.Has(cpuid.FMA3),
		avx512f: c.Has(cpuid.AVX512F), avx512dq: c.Has(cpuid.AVX512DQ),
		avx512bw: c.Has(cpuid.AVX512BW), avx512vl: c.Has(cpuid.AVX512VL),
	}
}
