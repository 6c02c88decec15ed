//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

func init() {
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		registerGemm(&gemmImpl{level: AVX2, mr: 6, nr: 16, kernel: gemmMicroAVX2, dot4: gemvDot4Asm, axpy4: gemvAxpy4Asm})
	}
}

// gemmMicroAVX2 is the AVX2 level's 6×16 micro-kernel (see gemmImpl).
func gemmMicroAVX2(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	_ = a[kc*6-1]
	_ = b[kc*16-1]
	_ = c[5*ldc+15]
	sgemmKernel6x16(kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
}

// sgemmKernel6x16 computes one 6×16 tile, C = alpha*A·B + beta*C, from
// packed panels a (kc×6) and b (kc×16), C's rows ldc floats apart; with
// beta = 0 it does not read C. kc must be at least 1.
//
//go:noescape
func sgemmKernel6x16(kc int, a, b, c *float32, ldc int, alpha, beta float32)
