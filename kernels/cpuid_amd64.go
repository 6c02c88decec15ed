//go:build !purego

package kernels

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

// readX86Features reads the CPUID bits and XCR0 that x86Features holds.
// XGETBV is run only when CPUID reports OSXSAVE; it faults otherwise.
func readX86Features() x86Features {
	var f x86Features
	maxLeaf, _, _, _ := cpuidex(0, 0)
	if maxLeaf < 1 {
		return f
	}
	_, _, ecx1, _ := cpuidex(1, 0)
	f.fma = ecx1&(1<<12) != 0
	f.osxsave = ecx1&(1<<27) != 0
	f.avx = ecx1&(1<<28) != 0
	if maxLeaf >= 7 {
		_, ebx7, _, _ := cpuidex(7, 0)
		f.avx2 = ebx7&(1<<5) != 0
		f.avx512f = ebx7&(1<<16) != 0
		f.avx512dq = ebx7&(1<<17) != 0
		f.avx512bw = ebx7&(1<<30) != 0
		f.avx512vl = ebx7&(1<<31) != 0
	}
	if f.osxsave {
		lo, hi := xgetbv0()
		f.xcr0 = uint64(hi)<<32 | uint64(lo)
	}
	return f
}

// cpuidex runs CPUID with EAX = leaf and ECX = sub.
//
//go:noescape
func cpuidex(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

// xgetbv0 runs XGETBV with ECX = 0, returning XCR0's low and high halves.
//
//go:noescape
func xgetbv0() (lo, hi uint32)
