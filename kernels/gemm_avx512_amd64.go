//go:build !purego

package kernels

// The avx512 level's SGEMM: a 12×32 micro-kernel. With 32 vector
// registers a tile of 12 rows by two 16-float vectors fits in 24
// accumulators, leaving two for a row of B and four for broadcasts of A:
// each step loads 2 vectors of B and 12 floats of A for 24 FMAs (7 loads
// per 12 FMAs, where the avx2 level's 6×16 tile needs 8). On CPUs that run
// 512-bit FMAs as two 256-bit halves (AMD Zen 4) the FLOP rate per
// instruction is the same as AVX2's, so the gain is the fewer loads and
// loop instructions per FMA. The dot-product, transposing and GEMV
// kernels, and the packing of op(A) = Aᵀ (which Go does well for 12-wide
// panels), are the avx2 level's.
func init() {
	if !hasAMD64Level(AVX512) {
		return
	}
	registerGemm(&gemmImpl{level: AVX512, mr: 12, nr: 32, kernel: gemmMicroAVX512, column: gemmColumnAVX512,
		dot3x4: gemmDotAVX2, dot2x5: gemmDot2x5AVX2, trans8: transposeRows8AVX2,
		packA: panelPackers{lanes: packLanes12AVX512},
		packB: panelPackers{lanes: packLanes32AVX512, rows: packRows32AVX512, partial: packPartial32AVX512},
		dot4:  gemvDot4Asm, axpy4: gemvAxpy4Asm})
}

// gemmMicroAVX512 is the avx512 level's 12×32 micro-kernel (see gemmImpl).
func gemmMicroAVX512(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[kc*12-1]
	_ = b[kc*32-1]
	_ = c[11*ldc+31]
	sgemmKernel12x32(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, 1)
}

// gemmColumnAVX512 runs the 12×32 micro-kernel over tiles full tiles down
// a column (see gemmImpl.column) in one assembly call.
func gemmColumnAVX512(kc, tiles int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[tiles*kc*12-1]
	_ = b[kc*32-1]
	_ = c[(tiles*12-1)*ldc+31]
	sgemmKernel12x32(kc, &a[0], &b[0], &c[0], ldc, alpha, beta, tiles)
}

// sgemmKernel12x32 computes tiles 12×32 tiles down a column of C, C =
// alpha*A·B + beta*C, tile t from the packed panel a[t*kc*12:] (kc×12)
// and b (kc×32) into rows 12t.. of C, whose rows are ldc floats apart;
// with beta = 0 it does not read C. kc and tiles must be at least 1. One
// call is at most an mc×kc block of A times one panel of B, so it returns
// within microseconds and does not hold up garbage collection.
//
//go:noescape
func sgemmKernel12x32(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles int)

// packLanes12AVX512 packs a full 12-row panel of op(A) = A (rows
// contiguous in p): dst[p*12+l] = src[l*ld+p] for l < 12, p < kb; the
// multiple-of-8 part of kb as 8×8 transposes, the rest in Go.
func packLanes12AVX512(dst, src []float32, ld, kb int) {
	_ = src[11*ld+kb-1]
	_ = dst[12*kb-1]
	kb8 := kb &^ 7
	if kb8 > 0 {
		packLanes12T(kb8, &src[0], ld, &dst[0])
	}
	for p := kb8; p < kb; p++ {
		d := (*[12]float32)(dst[p*12:])
		for l := range d {
			d[l] = src[l*ld+p]
		}
	}
}

// packLanes12T sets dst[p*12+l] = src[l*ld+p] for l < 12 and p < kb; kb
// must be a positive multiple of 8.
//
//go:noescape
func packLanes12T(kb int, src *float32, ld int, dst *float32)

// packLanes32AVX512 packs a full 32-wide panel whose lanes run contiguously
// in p (op(B) = Bᵀ): dst[p*32+l] = src[l*ld+p] for l < 32, p < kb; the
// multiple-of-8 part of kb as 8×8 transposes, the rest in Go.
func packLanes32AVX512(dst, src []float32, ld, kb int) {
	_ = src[31*ld+kb-1]
	_ = dst[32*kb-1]
	kb8 := kb &^ 7
	if kb8 > 0 {
		packLanes32T(kb8, &src[0], ld, &dst[0])
	}
	for p := kb8; p < kb; p++ {
		d := (*[32]float32)(dst[p*32:])
		for l := range d {
			d[l] = src[l*ld+p]
		}
	}
}

// packLanes32T sets dst[p*32+l] = src[l*ld+p] for l < 32 and p < kb; kb
// must be a positive multiple of 8.
//
//go:noescape
func packLanes32T(kb int, src *float32, ld int, dst *float32)

// packRows32AVX512 packs panels whole 32-wide panels of a block whose
// lanes run along the rows of src (op(B) = B): dst[q*kb*32+p*32+l] =
// src[p*ld+q*32+l] for p < kb, q < panels, l < 32.
func packRows32AVX512(dst, src []float32, ld, kb, panels int) {
	_ = src[(kb-1)*ld+panels*32-1]
	_ = dst[panels*kb*32-1]
	packRows32(kb, panels, &src[0], ld, &dst[0])
}

// packRows32 is the assembly of packRows32AVX512; kb and panels must be at
// least 1.
//
//go:noescape
func packRows32(kb, panels int, src *float32, ld int, dst *float32)

// packPartial32AVX512 packs one 32-wide panel of which only the first
// lanes (1 to 31) are filled, from a block whose lanes run along the rows
// of src: dst[p*32+l] = src[p*ld+l] for l < lanes, 0 beyond.
func packPartial32AVX512(dst, src []float32, ld, kb, lanes int) {
	_ = src[(kb-1)*ld+lanes-1]
	_ = dst[kb*32-1]
	packPartial32(kb, lanes, &src[0], ld, &dst[0])
}

// packPartial32 is the assembly of packPartial32AVX512; kb >= 1 and
// 1 <= lanes < 32.
//
//go:noescape
func packPartial32(kb, lanes int, src *float32, ld int, dst *float32)
