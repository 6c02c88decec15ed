//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// avx512Tuning is the avx512 SGEMM's choices that depend on how the CPU
// runs 512-bit FMAs: how deep it slices k (avx512BlocksFor) and which
// tiles take products of few rows (avx512FewRowsGemm). avx512TuningFor
// picks one from the CPU's vendor and family; avx512GemmTuned builds the
// level with either, so both are tested on any CPU that has the level.
type avx512Tuning int

const (
	// avx512HalfRate is measured on AMD Zen 4, which runs a 512-bit FMA
	// as two 256-bit halves: a step's 16 FMAs take 16 cycles.
	//
	// kc is sized for three times L1 (384 on a 32 KiB L1D), so the kc×32
	// panel of B exceeds L1 and streams from L2, which serves it easily
	// at that rate, and fewer slices cost fewer passes over C; the A
	// block may take half of L2. Single-threaded 512³ went from about 103
	// to 108 GFLOP/s against the avx2 level's rule (rough, shared
	// machine). Products of few rows go to the avx2 level's 6-row tiles
	// where those leave fewer rows idle: 10 rows, 2 of 12 idle rather
	// than 6 of 16, measured about 10% faster, a ymm FMA costing half a
	// zmm one.
	avx512HalfRate avx512Tuning = iota
	// avx512FullRate is measured on an Intel Xeon (Sapphire Rapids class,
	// KVM, 48 KiB L1D, 2 MiB L2), whose two 512-bit FMA units run a step
	// in 8 cycles.
	//
	// kc is sized so the kc×32 panel of B takes two thirds of L1 (kc
	// 256, a 32 KiB panel, on a 48 KiB L1D), the rest holding an A panel
	// and a tile of C, and the A block a quarter of L2: a panel streamed
	// from L2 starves the FMAs at this rate (the micro-kernel over 64
	// tiles with C's rows 1024 floats apart: median 188 GFLOP/s at kc
	// 512, 202 at kc 256). Products of few rows stay on 512-bit tiles,
	// a ymm FMA costing as much as a zmm one: at 10×128×128 (A
	// transposed) and 128×10×128 (A transposed, the transposed route)
	// the 8-row tiles ran 15-25% faster than the avx2 level's 6-row
	// ones, and 12-row tiles (avx512Rows12Gemm) leave 2 rows of 12 idle
	// rather than 6 of 16.
	avx512FullRate
)

// amdZen4Family is the CPUID family of AMD's Zen 3 and Zen 4 cores (19h),
// of which Zen 4 has AVX-512.
const amdZen4Family = 0x19

// avx512TuningFor returns the avx512 SGEMM's tuning for a CPU of the
// given vendor and family: the Zen 4 measurement for AMD family 19h, the
// full-rate one for every other CPU. Those include Intel's AVX-512 cores,
// some of which have one 512-bit FMA unit rather than two (a B panel that
// fits L1 slows none of them), and AMD Zen 5 (family 1Ah), which is not
// measured: its desktop and server cores run 512-bit FMAs at full width.
func avx512TuningFor(v cpuid.Vendor, family int) avx512Tuning {
	if v == cpuid.AMD && family == amdZen4Family {
		return avx512HalfRate
	}
	return avx512FullRate
}

// avx512BlocksFor returns the avx512 level's kc, mc and nc (see gemmImpl)
// for tuning t and the CPU's cache sizes in bytes (0 or negative when the
// CPU does not report one).
func avx512BlocksFor(t avx512Tuning, l1, l2, l3 int) (kc, mc, nc int) {
	const mr, nr = 8, 32
	l1, l2 = max(l1, 0), max(l2, 0)
	if t == avx512HalfRate {
		return gemmBlocks(mr, nr, 3*l1, 2*l2, l3)
	}
	kc, mc, nc = gemmBlocks(mr, nr, 4*l1/3, l2, l3)
	// A block of B small enough for bands (avx512BandFor) at any depth
	// gemmDepthBlock may stretch kc to: at 2048³, 1536³ and 256×4096×1024
	// on the Xeon of avx512FullRate (2 MiB L2, nc 896 rather than 8192),
	// one goroutine ran 2-8% faster (25 alternated rounds, quartiles of
	// the ratio above 1.02), A being packed once per block of B.
	_, maxB := avx512BandFor(t, l2)
	nc = min(nc, max(nr, maxB/roundUp(kc+kc/8, 8)/nr*nr))
	return kc, mc, nc
}

// avx512BandFor returns the avx512 8×32 SGEMM's bands (see gemmImpl.band)
// for tuning t and the CPU's L2 size in bytes (0 or negative when not
// reported): at full rate, bands of 4 row tiles wherever the block of B
// takes at most half of L2, where it stays while each band sweeps it; at
// half rate none (not measured there).
//
// On the Intel Xeon of avx512FullRate, C's rows in a 1024³ product are 4
// KiB apart, each on its own page, and a 512-row block swept down each
// panel of B touches 512 pages in turn. The macro-kernel alone on packed
// blocks (1024 columns, kc 256, beta 1) ran at 183 GFLOP/s with such a C,
// 195 with the same C laid out contiguously and 198 in bands of 4 row
// tiles (the zmm FMA loop at 226 in the same run). Bands over a block of
// B larger than half of L2 lost: 3-6% at 2048³ (a 2 MiB block). Whole
// products, the builds alternated in one process: 1024³ 2-5% faster on
// one goroutine and 3-5% on two; 512³, 256³ and the MLP's products within
// ±2%. Wider products are cut into blocks of B that take bands
// (avx512BlocksFor); the convolutions' products, whose B is packed panel
// by panel, take none.
func avx512BandFor(t avx512Tuning, l2 int) (band, maxB int) {
	if t == avx512HalfRate {
		return 0, 0
	}
	if l2 <= 0 {
		l2 = 512 << 10 // gemmBlocks' default
	}
	return 4, l2 / 2 / 4
}
