package kernels

import (
	"runtime"

	"github.com/klauspost/cpuid/v2"
)

// CPUInfo describes the processor as brawn sees it. Cache sizes are in
// bytes per core (L1D, L2) or per package (L3), 0 when the CPU does not
// report them.
type CPUInfo struct {
	Brand       string   // the model name cpuid reports (cpuid.CPU.BrandName), "" if none
	Arch        string   // runtime.GOARCH
	Cores       int      // logical CPUs reported by the OS (runtime.NumCPU)
	Features    []string // the SIMD features that matter here: AVX, AVX2, FMA3, AVX512F, ASIMD...
	L1D, L2, L3 int      // cache sizes in bytes, as above
	Level       Level    // the active kernel level
	Levels      []Level  // every level this CPU and build can run
}

// Model returns Brand, or "unknown CPU" when the CPU reports no model
// name (arm64 without a name register, as under qemu).
func (c CPUInfo) Model() string {
	if c.Brand == "" {
		return "unknown CPU"
	}
	return c.Brand
}

// Info reports the CPU's brand, SIMD features and cache sizes (from
// github.com/klauspost/cpuid/v2) and the kernel levels.
func Info() CPUInfo {
	ci := CPUInfo{
		Brand:  cpuid.CPU.BrandName,
		Arch:   runtime.GOARCH,
		Cores:  runtime.NumCPU(),
		L1D:    max(cpuid.CPU.Cache.L1D, 0),
		L2:     max(cpuid.CPU.Cache.L2, 0),
		L3:     max(cpuid.CPU.Cache.L3, 0),
		Level:  Active(),
		Levels: Available(),
	}
	for _, f := range []cpuid.FeatureID{cpuid.SSE2, cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.ASIMD, cpuid.FP, cpuid.SVE} {
		if cpuid.CPU.Has(f) {
			ci.Features = append(ci.Features, f.String())
		}
	}
	return ci
}
