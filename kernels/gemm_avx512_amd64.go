//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// The avx512 level's SGEMM: an 8×32 micro-kernel. A tile of 8 rows by two
// 16-float vectors takes 16 of the 32 vector registers as accumulators,
// two for a row of B and four for broadcasts of A: each step loads 2
// vectors of B and 8 floats of A for 16 FMAs (5 loads per 8 FMAs, where
// the avx2 level's 6×16 tile needs 8 per 12). On CPUs that run 512-bit
// FMAs as two 256-bit halves (AMD Zen 4) the FLOP rate per instruction is
// the same as AVX2's, so the gain is fewer loads and loop instructions per
// FMA, and tiles that divide the usual layer and batch sizes (multiples of
// 8 and 32): a 12×32 tile, which the registers also allow, ran as fast in
// cache but lost 3-5% on 128- and 256-row products to its edge tiles. The
// last, partial panel of B is computed in place with masked moves on only
// as many lanes (8, 16 or 32) as it needs. The Sgemv kernels are the
// level's own (sgemv_avx512_amd64.go), and so is the outer kernel of
// narrow products with A transposed (gemm_outer.go); the dot-product and
// transposing kernels of the other narrow products are the avx2 level's.
func avx512Gemm() *gemmImpl {
	return avx512GemmTuned(avx512TuningFor(cpuid.CPU.VendorID, cpuid.CPU.Family))
}

// avx512GemmTuned is avx512Gemm with tuning t (see avx512Tuning).
func avx512GemmTuned(t avx512Tuning) *gemmImpl {
	g := &gemmImpl{level: AVX512, mr: 8, nr: 32, kernel: gemmMicroAVX512, column: gemmColumnAVX512, columnCols: gemmColumnColsAVX512,
		columnBias: gemmColumnBiasAVX512, columnBiasSplit: gemmColumnBiasSplitAVX512,
		strided: gemmStridedAVX512, stridedTiles: gemmStridedTilesAVX512,
		dot3x4: gemmDotAVX2, dot2x5: gemmDot2x5AVX2, trans8: transposeRows8AVX2, outer: gemmOuterAVX512,
		packA: panelPackers{lanes: packLanes8AVX512, rows: packRows8AVX512, partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX512(dst, src, ld, kb, lanes, 8)
		}},
		packB: panelPackers{lanes: packLanes32AVX512, rows: packRows32AVX512, partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX512(dst, src, ld, kb, lanes, 32)
		}},
		dot4: gemvDot4AVX512, axpy4: gemvAxpy4AVX512, gemvN: gemvNAVX512, gemvT: gemvTAVX512}
	// B's panels are read in place for products of up to 64 rows (8 row
	// tiles, each reading the 32-wide panel again): the strided kernel
	// streams a panel's kc rows from L1 after the first tile as fast as a
	// packed panel, and the packing is saved. Against packing B, in place
	// took 4-20% less time at 24×2048×64, 32×784×256, 40×300×200,
	// 64×256×128, 64×512×512 and 64×784×128 (NN and TN), the same at
	// 64×1024×1024, and ran slower in one of two runs at 128×784×128
	// (fastest of 12 runs, a shared 2-core Zen 4).
	g.usesB = 8
	g.kc, g.mc, g.nc = avx512BlocksFor(t, cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)
	g.band, g.bandMaxB = avx512BandFor(t, cpuid.CPU.Cache.L2)
	g.fewRows = avx512FewRowsGemm(t)
	return g
}

// gemmMicroAVX512 is the avx512 level's 8×32 micro-kernel (see gemmImpl).
func gemmMicroAVX512(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[kc*8-1]
	_ = b[kc*32-1]
	_ = c[7*ldc+31]
	sgemmKernel8x32(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, 1)
}

// gemmColumnAVX512 runs the 8×32 micro-kernel over tiles full tiles down
// a column (see gemmImpl.column) in one assembly call.
func gemmColumnAVX512(kc, tiles int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[tiles*kc*8-1]
	_ = b[kc*32-1]
	_ = c[(tiles*8-1)*ldc+31]
	sgemmKernel8x32(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, tiles)
}

// gemmColumnBiasAVX512 runs the 8×32 micro-kernel with the bias over
// tiles full tiles down a column (see gemmImpl.columnBias).
func gemmColumnBiasAVX512(kc, tiles int, a, b, c []float32, ldc int, bias []float32) {
	_ = a[tiles*kc*8-1]
	_ = b[kc*32-1]
	_ = c[(tiles*8-1)*ldc+31]
	_ = bias[tiles*8-1]
	sgemmKernel8x32Bias(kc, &a[0], &b[0], &c[0], ldc, &bias[0], tiles)
}

// sgemmKernel8x32Bias is sgemmKernel8x32 with alpha 1 and beta 0 and
// bias[i] added to row i of C (see gemmImpl.columnBias).
//
//go:noescape
func sgemmKernel8x32Bias(kc int, a, b, c *float32, ldc int, bias *float32, tiles int)

// gemmColumnBiasSplitAVX512 is gemmColumnBiasAVX512 for a panel whose
// columns [0, cut) go to c and [cut, 32) to c1 (see
// gemmImpl.columnBiasSplit).
func gemmColumnBiasSplitAVX512(kc, tiles int, a, b, c, c1 []float32, ldc, cut int, bias []float32) {
	if cut < 1 || cut >= 32 {
		panic("kernels: gemmColumnBiasSplitAVX512: cut out of range")
	}
	_ = a[tiles*kc*8-1]
	_ = b[kc*32-1]
	_ = c[(tiles*8-1)*ldc+cut-1]
	_ = c1[(tiles*8-1)*ldc+31-cut]
	_ = bias[tiles*8-1]
	sgemmKernel8x32BiasSplit(kc, &a[0], &b[0], &c[0], ldc, &bias[0], tiles, &c1[0], cut)
}

// sgemmKernel8x32BiasSplit is sgemmKernel8x32Bias writing the panel's
// columns [0, cut) at c and [cut, 32) at c1 (column cut at c1[0]), with
// masked stores; 1 <= cut <= 31.
//
//go:noescape
func sgemmKernel8x32BiasSplit(kc int, a, b, c *float32, ldc int, bias *float32, tiles int, c1 *float32, cut int)

// gemmColumnColsAVX512 is gemmColumnAVX512 for a partial panel of B, cols
// (1 to 31) wide (see gemmImpl.columnCols).
func gemmColumnColsAVX512(kc, tiles int, a, b, c []float32, ldc, cols int, alpha, beta float32) {
	_ = a[tiles*kc*8-1]
	_ = b[kc*32-1]
	_ = c[(tiles*8-1)*ldc+cols-1]
	sgemmKernel8x32Cols(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, tiles, cols)
}

// sgemmKernel8x32Cols is sgemmKernel8x32 reading and writing only the
// first cols (1 to 31) columns of C, with masked moves; with cols <= 16
// (or 8) it computes only those 16 (or 8) lanes.
//
//go:noescape
func sgemmKernel8x32Cols(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles, cols int)

// gemmStridedAVX512 is the avx512 level's strided micro-kernel (see
// gemmImpl.strided): gemmStridedTilesAVX512 over one tile.
func gemmStridedAVX512(kc int, a []float32, rsA, csA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
	gemmStridedTilesAVX512(kc, 1, a, rsA, csA, 0, b, csB, c, ldc, cols, alpha, beta)
}

// gemmStridedTilesAVX512 is the avx512 level's strided micro-kernel over
// a column of tiles (see gemmImpl.stridedTiles).
func gemmStridedTilesAVX512(kc, tiles int, a []float32, rsA, csA, tsA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
	_ = a[(tiles-1)*tsA+7*rsA+(kc-1)*csA]
	_ = b[(kc-1)*csB+31]
	_ = c[(tiles*8-1)*ldc+cols-1]
	sgemmKernel8x32Strided(kc, &a[0], rsA, csA, &b[0], csB, &c[0], ldc, cols, alpha, beta, tsA, tiles)
}

// sgemmKernel8x32Strided computes tiles 8×32 tiles down a column of C
// like sgemmKernel8x32 but reads tile t's A value (i, p) at
// a[t*tsA+i*rsA+p*csA] and B's row p at b[p*csB:], so operands can be
// used where they lie, without packing, and touches only the first cols
// (1 to 32) columns of C's rows 8t to 8t+7. kc and tiles must be at
// least 1.
//
//go:noescape
func sgemmKernel8x32Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols int, alpha, beta float32, tsA, tiles int)

// sgemmKernel8x32 computes tiles 8×32 tiles down a column of C, C =
// alpha*A·B + beta*C, tile t from the packed panel a[t*kc*8:] (kc×8) and
// b (kc×32) into rows 8t.. of C, whose rows are ldc floats apart; with
// beta = 0 it does not read C. kc and tiles must be at least 1. One call
// is at most an mc×kc block of A times one panel of B, so it returns
// within microseconds and does not hold up garbage collection.
//
//go:noescape
func sgemmKernel8x32(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles int)

// avx512FewRowsGemm returns, for tuning t, the SGEMM the avx512 level
// hands products of few rows to where its tiles leave fewer rows idle
// (see gemmForRows): the avx2 level's 6-row tiles at half rate, the
// avx512 level's 12-row ones at full rate.
func avx512FewRowsGemm(t avx512Tuning) *gemmImpl {
	if t == avx512HalfRate {
		return avx2Gemm()
	}
	return avx512Rows12Gemm(t)
}
