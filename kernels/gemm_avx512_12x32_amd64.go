//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// avx512Rows12Gemm returns the avx512 level's SGEMM for products of 9 to
// 12 rows (an output layer's 10 classes, on the direct or the transposed
// route) on CPUs with full-rate 512-bit FMAs: a 12×32 tile, which leaves
// 2 of 12 rows idle on 10 where the 8×32 tiles leave 6 of 16. Its 24
// accumulators take two rows of B and twelve broadcasts of A a step (14
// loads per 24 FMAs). It has only the strided kernel, which also serves
// packed panels; such products read B in place (at most two row tiles),
// so the packed path is rare, and its packers are the avx512 level's for
// B and the generic ones (with the masked partial packer) for A.
func avx512Rows12Gemm(t avx512Tuning) *gemmImpl {
	g := &gemmImpl{level: AVX512, mr: 12, nr: 32, kernel: gemmMicro12x32AVX512, strided: gemmStrided12x32AVX512,
		trans8: transposeRows8AVX2,
		packA: panelPackers{partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX512(dst, src, ld, kb, lanes, 12)
		}},
		packB: panelPackers{lanes: packLanes32AVX512, rows: packRows32AVX512, partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX512(dst, src, ld, kb, lanes, 32)
		}},
		dot4: gemvDot4AVX512, axpy4: gemvAxpy4AVX512, gemvN: gemvNAVX512, gemvT: gemvTAVX512}
	// The 8×32 tiles' blocks (the same B panels), mc rounded down to
	// whole 12-row tiles.
	g.kc, g.mc, g.nc = avx512BlocksFor(t, cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)
	g.mc = max(g.mr, g.mc/g.mr*g.mr)
	return g
}

// gemmMicro12x32AVX512 is the 12×32 micro-kernel (see gemmImpl) on packed
// panels: the strided kernel with A's rows 1 and columns 12 apart.
func gemmMicro12x32AVX512(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	gemmStrided12x32AVX512(kc, a, 1, 12, b, 32, c, ldc, 32, alpha, beta)
}

// gemmStrided12x32AVX512 is the 12×32 strided micro-kernel (see
// gemmImpl.strided).
func gemmStrided12x32AVX512(kc int, a []float32, rsA, csA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
	_ = a[11*rsA+(kc-1)*csA]
	_ = b[(kc-1)*csB+31]
	_ = c[11*ldc+cols-1]
	sgemmKernel12x32Strided(kc, &a[0], rsA, csA, &b[0], csB, &c[0], ldc, cols, alpha, beta)
}

// sgemmKernel12x32Strided computes one 12×32 tile, C = alpha·A·B +
// beta·C, reading A's value (i, p) at a[i*rsA+p*csA] and B's row p at
// b[p*csB:], and touching only the first cols (1 to 32) columns of C,
// whose rows are ldc floats apart; with beta = 0 it does not read C. kc
// must be at least 1.
//
//go:noescape
func sgemmKernel12x32Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols int, alpha, beta float32)
