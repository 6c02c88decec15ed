package bench

// NaiveIJK computes C = alpha*op(A)*op(B) + beta*C on row-major matrices with
// the textbook triple loop, i outer, j middle, k inner: each element of C is
// one dot product, which walks op(B) down a column (stride ldb when B is not
// transposed). Arguments are as for kernels.Sgemm: op(A) is m×k, op(B) is
// k×n, C is m×n, and lda, ldb, ldc are row strides. When beta is 0, C is
// overwritten without being read. It checks nothing: the caller passes
// consistent sizes.
func NaiveIJK(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for l := 0; l < k; l++ {
				s += elem(a, lda, transA, i, l) * elem(b, ldb, transB, l, j)
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

// NaiveIKJ computes the same product as NaiveIJK, with its arguments (op(A)
// m×k, op(B) k×n, C m×n, row-major with row strides lda, ldb, ldc), in the
// loop order i, k, j:
// the inner loop adds a scaled row of op(B) to a row of C, which walks memory
// contiguously when B is not transposed. It is the natural "cache-friendly"
// loop a Go programmer writes without blocking or packing.
func NaiveIKJ(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
		} else if beta != 1 {
			for j := range crow {
				crow[j] *= beta
			}
		}
		for l := 0; l < k; l++ {
			av := alpha * elem(a, lda, transA, i, l)
			if transB {
				for j := range crow {
					crow[j] += av * b[j*ldb+l]
				}
				continue
			}
			brow := b[l*ldb : l*ldb+n]
			for j, bv := range brow {
				crow[j] += av * bv
			}
		}
	}
}

// elem returns op(X)[r][c] for a row-major X with row stride ld.
func elem(x []float32, ld int, trans bool, r, c int) float32 {
	if trans {
		return x[c*ld+r]
	}
	return x[r*ld+c]
}
