package kernels

import "fmt"

// Sgemv computes y = alpha*op(A)*x + beta*y (the level 2 BLAS SGEMV of
// Dongarra, Du Croz, Hammarling & Hanson, "An extended set of FORTRAN
// Basic Linear Algebra Subprograms", ACM TOMS 14(1), 1988; here row-major
// with unit strides). A is m×n with row stride lda >= max(1, n); op(A) is A, or A^T
// when trans. Without trans x holds n values and y m; with trans x holds m
// and y n (only that many are used; the slices may be longer).
//
// When beta is 0, y is written, never read (NaN in y does not leak); when
// alpha is 0, A and x are not read. When m or n is 0 it returns at once
// after checking the sizes and lda, before looking at any slice, and
// leaves y as it is whatever beta is (as the reference BLAS and gonum's
// do), so the slices may then be nil or short. It runs on the calling
// goroutine at memory bandwidth: each row of A is read once, four rows at
// a time. Bad arguments (negative sizes, lda too small, a slice too short) panic with
// a message naming the argument.
func Sgemv(trans bool, m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	if checkSgemv(trans, m, n, a, lda, x, y) {
		return
	}
	sgemvWith(use().gemm, nil, trans, m, n, alpha, a, lda, x, beta, y)
}

// checkSgemv panics on arguments that sgemv would reject, naming the first
// bad one, and reports whether Sgemv has nothing to do (m or n is 0). The
// sizes and lda are checked first and the slice lengths only when there is
// work, as in the reference BLAS.
func checkSgemv(trans bool, m, n int, a []float32, lda int, x, y []float32) (empty bool) {
	if m < 0 {
		panic(fmt.Sprintf("kernels.Sgemv: m < 0 (m = %d)", m))
	}
	if n < 0 {
		panic(fmt.Sprintf("kernels.Sgemv: n < 0 (n = %d)", n))
	}
	if lda < max(1, n) {
		panic(fmt.Sprintf("kernels.Sgemv: lda = %d, want at least %d", lda, max(1, n)))
	}
	if m == 0 || n == 0 {
		return true
	}
	checkMatLen("Sgemv", "a", len(a), m, n, lda)
	xn, yn := n, m
	if trans {
		xn, yn = m, n
	}
	if len(x) < xn {
		panic(fmt.Sprintf("kernels.Sgemv: len(x) = %d, want at least %d", len(x), xn))
	}
	if len(y) < yn {
		panic(fmt.Sprintf("kernels.Sgemv: len(y) = %d, want at least %d", len(y), yn))
	}
	return false
}

// sgemvWith computes a validated Sgemv with g's kernels, using ar's
// scratch (nil: one from the free list).
func sgemvWith(g *gemmImpl, ar *gemmArena, trans bool, m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	xn, yn := n, m
	if trans {
		xn, yn = m, n
	}
	x, y = x[:xn], y[:yn]
	if yn == 0 {
		return
	}
	if alpha == 0 || xn == 0 {
		gemmScaleC(1, yn, beta, y, yn)
		return
	}
	if ar == nil {
		ar = gemmArenas.Get()
		defer gemmArenas.Put(ar)
	}
	if trans {
		sgemvT(g, &ar.lanes, m, n, alpha, a, lda, x, beta, y)
	} else {
		sgemvN(g, &ar.lanes, m, n, alpha, a, lda, x, beta, y)
	}
}

// sgemvN computes y = alpha*A*x + beta*y: four dot products at a time, so
// x is read once per four rows of A.
// d is scratch for the four sums (it lives in the arena because the
// kernel is called through a function value, which would make a local
// escape).
func sgemvN(g *gemmImpl, d *[4]float32, m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	if g.gemvN != nil {
		g.gemvN(m, n, alpha, a, lda, x, beta, y)
		return
	}
	for i := 0; i < m; i += 4 {
		rows := min(4, m-i)
		if rows == 4 {
			g.dot4(n, a[i*lda:], lda, x, d)
		} else {
			// The last rows: the same kernel with every lane on one row.
			var e [4]float32
			for r := 0; r < rows; r++ {
				g.dot4(n, a[(i+r)*lda:], 0, x, d)
				e[r] = d[0]
			}
			*d = e
		}
		for r := 0; r < rows; r++ {
			if beta == 0 {
				y[i+r] = alpha * d[r]
			} else {
				y[i+r] = float32(alpha*d[r]) + float32(beta*y[i+r]) // unfused, as in gemmMicroGo
			}
		}
	}
}

// sgemvT computes y = alpha*A^T*x + beta*y as y = beta*y followed by
// y += (alpha*x[i])*A[i,:], four rows of A per pass over y.
// coef is scratch for the four coefficients, as d is for sgemvN.
func sgemvT(g *gemmImpl, coef *[4]float32, m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	gemmScaleC(1, n, beta, y, n)
	if g.gemvT != nil {
		g.gemvT(m, n, alpha, a, lda, x, y)
		return
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		*coef = [4]float32{alpha * x[i], alpha * x[i+1], alpha * x[i+2], alpha * x[i+3]}
		g.axpy4(n, a[i*lda:], lda, coef, y)
	}
	for ; i < m; i++ {
		saxpyGo(alpha*x[i], a[i*lda:i*lda+n], y)
	}
}
