package kernels

import "fmt"

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
	sgemmWith(use().gemm, threads, &x)
}

// SgemmPackedBBlocks is SgemmPackedB with C's columns in blocks of cols:
// block b, columns [b·cols, b·cols+cols) of C, is the matrix at
// c[b·stride:] whose rows are ldc apart. A convolution's product over a
// span of samples, each sample's pixels a block of columns, then writes
// every sample's output in place in an NCHW batch (stride being a
// sample's size), where one C would hold the samples side by side and
// need a pass to copy them out. The blocks must not overlap: stride is at
// least (m−1)·ldc + cols when n > cols.
//
// bias, if not nil, holds m values, bias[i] being added to row i of C
// (beta must then be 0): the sum over the product's first slice of k is
// rounded and the bias added to it, and later slices added to that. When
// k fits one slice (a few hundred, the level's kc), that gives the bits
// of adding the bias to the product's result after it, with no pass over
// C to do so.
//
// It panics, naming the argument, as SgemmPackedB, and on cols < 1,
// overlapping blocks, a short bias or a bias with a non-zero beta. As
// SgemmPackedB, it checks the sizes and leading dimensions first and
// returns at once when C is empty, reading no slice.
func SgemmPackedBBlocks(threads int, transA bool, m, n, k int, alpha float32, a []float32, lda int, packB PanelPacker, bias []float32, beta float32, c []float32, ldc, cols, stride int) {
	const fn = "SgemmPackedBBlocks"
	switch {
	case packB == nil:
		panic("kernels." + fn + ": packB is nil")
	case bias != nil && beta != 0:
		panic(fmt.Sprintf("kernels.%s: beta = %v with a bias, want 0", fn, beta))
	case cols < 1:
		panic(fmt.Sprintf("kernels.%s: cols = %d, want at least 1", fn, cols))
	}
	// The first block is checked as a C of its own, and c must reach the
	// last one's last element.
	checkGemmArgs(fn, transA, m, min(n, cols), k, a, lda, c, ldc, nil, nil, 0)
	if m == 0 || n == 0 {
		return
	}
	if n > cols {
		if stride < (m-1)*ldc+cols {
			panic(fmt.Sprintf("kernels.%s: stride = %d, want at least (m-1)·ldc + cols = %d", fn, stride, (m-1)*ldc+cols))
		}
		last := (n - 1) / cols
		if need := last*stride + (m-1)*ldc + n - last*cols; len(c) < need {
			panic(fmt.Sprintf("kernels.%s: len(c) = %d, want at least %d", fn, len(c), need))
		}
	}
	if bias != nil && len(bias) < m {
		panic(fmt.Sprintf("kernels.%s: len(bias) = %d, want at least m = %d", fn, len(bias), m))
	}
	x := gemmArgs{transA: transA, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, c: c, lda: lda, ldb: max(1, n), ldc: ldc, packB: packB, cBlock: cols, cStride: stride, bias: bias}
	sgemmWith(use().gemm, threads, &x)
}
