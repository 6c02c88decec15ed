package kernels

import "github.com/klauspost/cpuid/v2"

// genericGemm returns the generic level's SGEMM: a 4×4 micro-kernel and
// the generic packers and Sgemv kernels. Its k slices are genericKC deep
// on every CPU, whatever its L1 (the other blocks follow the caches, which
// changes no bits): the portable level's results must not depend on the
// machine (see Signature).
func genericGemm() *gemmImpl {
	g := withCacheBlocks(&gemmImpl{level: Generic, mr: 4, nr: 4, kernel: gemmMicroGo, dot4: gemvDot4Go, axpy4: gemvAxpy4Go})
	g.kc, g.mc, g.nc = gemmBlocks(g.mr, g.nr, genericKC*2*g.nr*4, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)
	return g
}

// genericKC is the generic level's k slice depth: gemmBlocks' largest,
// which an L1 of 16 KiB or more gives.
const genericKC = 512

// gemmMicroGo is the generic level's 4×4 micro-kernel (see gemmImpl):
// sixteen accumulators held in registers across the whole kc loop.
//
// The generic level's kernels round every product explicitly
// (float32(a*b)) before the sum it feeds: Go lets a compiler fuse a*b+c
// into one FMA, and does on arm64, riscv64, s390x, ppc64le, loong64 and
// amd64 with GOAMD64=v3, which would make the generic level's bits depend
// on the architecture. With the conversions, it gives the same bits on
// every architecture.
func gemmMicroGo(kc int, a, b, c []float32, ldc int, alpha, beta float32) {
	a = a[:kc*4]
	b = b[:kc*4]
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	var c20, c21, c22, c23 float32
	var c30, c31, c32, c33 float32
	for p := 0; p+4 <= len(a) && p+4 <= len(b); p += 4 {
		ap := a[p : p+4 : p+4]
		bp := b[p : p+4 : p+4]
		a0, a1, a2, a3 := ap[0], ap[1], ap[2], ap[3]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += float32(a0 * b0)
		c01 += float32(a0 * b1)
		c02 += float32(a0 * b2)
		c03 += float32(a0 * b3)
		c10 += float32(a1 * b0)
		c11 += float32(a1 * b1)
		c12 += float32(a1 * b2)
		c13 += float32(a1 * b3)
		c20 += float32(a2 * b0)
		c21 += float32(a2 * b1)
		c22 += float32(a2 * b2)
		c23 += float32(a2 * b3)
		c30 += float32(a3 * b0)
		c31 += float32(a3 * b1)
		c32 += float32(a3 * b2)
		c33 += float32(a3 * b3)
	}
	gemmStore4(c[0*ldc:0*ldc+4], c00, c01, c02, c03, alpha, beta)
	gemmStore4(c[1*ldc:1*ldc+4], c10, c11, c12, c13, alpha, beta)
	gemmStore4(c[2*ldc:2*ldc+4], c20, c21, c22, c23, alpha, beta)
	gemmStore4(c[3*ldc:3*ldc+4], c30, c31, c32, c33, alpha, beta)
}

// gemmStore4 writes alpha*(v0..v3) + beta*c into c, not reading c when
// beta is 0.
func gemmStore4(c []float32, v0, v1, v2, v3, alpha, beta float32) {
	c = c[:4]
	if beta == 0 {
		c[0], c[1], c[2], c[3] = alpha*v0, alpha*v1, alpha*v2, alpha*v3
		return
	}
	c[0] = float32(alpha*v0) + float32(beta*c[0])
	c[1] = float32(alpha*v1) + float32(beta*c[1])
	c[2] = float32(alpha*v2) + float32(beta*c[2])
	c[3] = float32(alpha*v3) + float32(beta*c[3])
}
