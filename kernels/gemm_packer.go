package kernels

// SgemmPackedB is SgemmThreads(threads, transA, false, ...) with B, k×n,
// given by packB, which writes each block of B into the micro-panels the
// micro-kernel reads (Goto and van de Geijn's packing of B, done by the
// caller). An operand built only to be packed, such as a convolution's
// im2col matrix, then never exists in full: it is gathered from its
// source block by block, while the block is hot in cache. The blocks,
// tiles and the split over goroutines are those of the packed route of
// Sgemm, so the result is bit-identical for any thread count, and equal
// to Sgemm's on the materialised B whenever Sgemm takes its packed route.
// It panics, naming the argument, on bad sizes or leading dimensions, a
// short a or c, or a nil packB.
func SgemmPackedB(threads int, transA bool, m, n, k int, alpha float32, a []float32, lda int, packB PanelPacker, beta float32, c []float32, ldc int) {
	if packB == nil {
		panic("kernels.SgemmPackedB: packB is nil")
	}
	checkGemmArgs("SgemmPackedB", transA, m, n, k, a, lda, c, ldc, nil, nil, 0)
	x := gemmArgs{transA: transA, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, c: c, lda: lda, ldb: max(1, n), ldc: ldc, packB: packB}
	sgemmWith(active.Load().gemm, threads, &x)
}
