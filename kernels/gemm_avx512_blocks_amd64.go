//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// avx512Blocking is how deep the avx512 level slices k, which depends on
// how the CPU runs 512-bit FMAs. avx512BlockingFor picks it from the CPU
// vendor; avx512GemmBlocked builds the level with either, so both are
// tested on any CPU.
type avx512Blocking int

const (
	// avx512DeepK sizes kc for three times L1 (kc 384 on a 32 KiB L1D),
	// so the kc×32 panel of B exceeds L1 and streams from L2, and lets
	// the A block take half of L2. Measured on AMD Zen 4, which runs a 512-bit FMA
	// as two 256-bit halves: there a step's 16 FMAs take 16 cycles, L2
	// serves the panel easily, and fewer slices (fewer passes over C) won
	// (single-threaded 512³ from about 103 to 108 GFLOP/s against the
	// avx2 level's rule, rough, shared machine).
	avx512DeepK avx512Blocking = iota
	// avx512L1Panel sizes kc so the kc×32 panel of B takes two thirds of
	// L1 (kc 256, a 32 KiB panel, on a 48 KiB L1D), the rest holding an
	// A panel and a tile of C, and the A block a quarter of L2. Measured
	// on an Intel Xeon (Sapphire Rapids class, KVM, 48 KiB L1D, 2 MiB
	// L2), whose two 512-bit FMA units run a step's 16 FMAs in 8 cycles:
	// a panel streamed from L2 then starves the FMAs (the micro-kernel
	// over 64 tiles with C's rows 1024 floats apart: median 188 GFLOP/s
	// at kc 512, 202 at kc 256), and single-threaded 512³ and 1024³ ran
	// faster (see avx512BlocksFor).
	avx512L1Panel
)

// avx512BlockingFor returns the avx512 level's blocking for a CPU of the
// given vendor: the Zen 4 measurement for AMD, the L1-resident panel for
// everyone else (Intel's AVX-512 cores have 512-bit FMA units; a core
// with only one is not slowed by a panel that fits L1 either).
func avx512BlockingFor(v cpuid.Vendor) avx512Blocking {
	if v == cpuid.AMD {
		return avx512DeepK
	}
	return avx512L1Panel
}

// avx512BlocksFor returns the avx512 level's kc, mc and nc (see gemmImpl)
// for blocking b and the CPU's cache sizes in bytes (0 or negative when
// the CPU does not report one).
func avx512BlocksFor(b avx512Blocking, l1, l2, l3 int) (kc, mc, nc int) {
	const mr, nr = 8, 32
	l1, l2 = max(l1, 0), max(l2, 0)
	if b == avx512DeepK {
		return gemmBlocks(mr, nr, 3*l1, 2*l2, l3)
	}
	return gemmBlocks(mr, nr, 4*l1/3, l2, l3)
}
