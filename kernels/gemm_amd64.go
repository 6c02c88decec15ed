//go:build !purego

package kernels

// avx2Gemm returns the avx2-fma level's SGEMM: a 6×16 micro-kernel (also
// down a column of tiles and on operands in place), the dot-product
// kernels of narrow products, 8×8-transposing packers and the Sgemv
// kernels of sgemv_amd64.s.
func avx2Gemm() *gemmImpl {
	return withCacheBlocks(&gemmImpl{level: AVX2, mr: 6, nr: 16, kernel: gemmMicroAVX2, column: gemmColumnAVX2, strided: gemmStridedAVX2, stridedTiles: gemmStridedTilesAVX2,
		dot3x4: gemmDotAVX2, dot2x5: gemmDot2x5AVX2, trans8: transposeRows8AVX2,
		packA: panelPackers{lanes: packLanes6AVX2, rows: packRows6AVX2, partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX2(dst, src, ld, kb, lanes, 6)
		}},
		packB: panelPackers{lanes: packLanes16AVX2, rows: packRows16AVX2, partial: func(dst, src []float32, ld, kb, lanes int) {
			packPartialAVX2(dst, src, ld, kb, lanes, 16)
		}},
		dot4: gemvDot4Asm, axpy4: gemvAxpy4Asm})
}

// gemmLaneMask holds 16 all-ones lanes then 16 zero lanes: the 16 lanes
// from element 16-n select the first n lanes of a 16-wide tile row (for
// masked loads and stores of edge tiles and partial panels).
var gemmLaneMask = [32]int32{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}

// gemmMicroAVX2 is the AVX2 level's 6×16 micro-kernel (see gemmImpl).
func gemmMicroAVX2(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[kc*6-1]
	_ = b[kc*16-1]
	_ = c[5*ldc+15]
	sgemmKernel6x16(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, 1)
}

// gemmColumnAVX2 runs the 6×16 micro-kernel over tiles full tiles down a
// column (see gemmImpl.column) in one assembly call.
func gemmColumnAVX2(kc, tiles int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[tiles*kc*6-1]
	_ = b[kc*16-1]
	_ = c[(tiles*6-1)*ldc+15]
	sgemmKernel6x16(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, tiles)
}

// sgemmKernel6x16 computes tiles 6×16 tiles down a column of C, C =
// alpha*A·B + beta*C, tile t from the packed panel a[t*kc*6:] (kc×6) and b
// (kc×16) into rows 6t.. of C, whose rows are ldc floats apart; with beta
// = 0 it does not read C. kc and tiles must be at least 1. One call is at
// most an mc×kc block of A times one panel of B, so it returns within
// microseconds and does not hold up garbage collection.
//
//go:noescape
func sgemmKernel6x16(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles int)

// gemmStridedAVX2 is the AVX2 level's strided micro-kernel (see
// gemmImpl.strided): gemmStridedTilesAVX2 over one tile.
func gemmStridedAVX2(kc int, a []float32, rsA, csA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
	gemmStridedTilesAVX2(kc, 1, a, rsA, csA, 0, b, csB, c, ldc, cols, alpha, beta)
}

// gemmStridedTilesAVX2 is the AVX2 level's strided micro-kernel over a
// column of tiles (see gemmImpl.stridedTiles).
func gemmStridedTilesAVX2(kc, tiles int, a []float32, rsA, csA, tsA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
	_ = a[(tiles-1)*tsA+5*rsA+(kc-1)*csA]
	_ = b[(kc-1)*csB+15]
	_ = c[(tiles*6-1)*ldc+cols-1]
	sgemmKernel6x16Strided(kc, &a[0], rsA, csA, &b[0], csB, &c[0], ldc, cols, alpha, beta, tsA, tiles)
}

// sgemmKernel6x16Strided computes tiles 6×16 tiles down a column of C
// like sgemmKernel6x16 but reads tile t's A value (i, p) at
// a[t*tsA+i*rsA+p*csA] and B's row p at b[p*csB:], so operands can be
// used where they lie, without packing, and touches only the first cols
// (1 to 16) columns of C's rows 6t to 6t+5. kc and tiles must be at
// least 1.
//
//go:noescape
func sgemmKernel6x16Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols int, alpha, beta float32, tsA, tiles int)

// gemmDotAVX2 is the AVX2 level's dot-product micro-kernel (see
// gemmImpl.dot3x4).
func gemmDotAVX2(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, groups int) {
	_ = a[(3*groups-1)*lda+k-1]
	_ = b[3*ldb+k-1]
	_ = c[(3*groups-1)*ldc+3]
	sgemmDot3x4(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, groups)
}

// sgemmDot3x4 sets groups 3×4 blocks down a column of C to alpha·A·Bᵀ +
// beta·C from dot products along k: block g from rows 3g..3g+2 of A (lda
// apart) and the four rows of Bᵀ (ldb apart), all k long, into rows
// 3g..3g+2 of C (ldc apart); with beta = 0 C is not read. k and groups
// must be at least 1; only the first k floats of each row are read.
//
//go:noescape
func sgemmDot3x4(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, groups int)

// gemmDot2x5AVX2 is the AVX2 level's 2×5 dot-product micro-kernel (see
// gemmImpl.dot2x5).
func gemmDot2x5AVX2(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, groups int) {
	_ = a[(2*groups-1)*lda+k-1]
	_ = b[4*ldb+k-1]
	_ = c[(2*groups-1)*ldc+4]
	sgemmDot2x5(k, &a[0], lda, &b[0], ldb, &c[0], ldc, alpha, beta, groups)
}

// sgemmDot2x5 is sgemmDot3x4 for blocks of 2 rows and 5 columns: for g <
// groups it sets rows 2g, 2g+1 (five columns) of C.
//
//go:noescape
func sgemmDot2x5(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, groups int)
