//go:build !purego

package kernels

// neonGemm returns the NEON level's SGEMM: an 8×12 micro-kernel, the
// generic packers and the Sgemv kernels of gemm_arm64.s.
func neonGemm() *gemmImpl {
	return withCacheBlocks(&gemmImpl{level: NEON, mr: 8, nr: 12, kernel: gemmMicroNEON,
		dot4: gemvDot4Asm, axpy4: gemvAxpy4Asm})
}

// gemmMicroNEON is the NEON level's 8×12 micro-kernel (see gemmImpl).
func gemmMicroNEON(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[kc*8-1]
	_ = b[kc*12-1]
	_ = c[7*ldc+11]
	sgemmKernel8x12(kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

// sgemmKernel8x12 computes one 8×12 tile, C = alpha*A·B + beta*C, from
// packed panels a (kc×8) and b (kc×12), C's rows ldc floats apart; with
// beta = 0 it does not read C. kc must be at least 1.
//
//go:noescape
func sgemmKernel8x12(kc int, a, b, c *float32, ldc int, alpha, beta float32)
