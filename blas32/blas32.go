// Package blas32 adapts brawn's kernels to gonum's single-precision BLAS
// interface, blas.Float32 (gonum.org/v1/gonum/blas), so that gonum code
// runs its float32 matrix products on brawn's packed, cache-blocked,
// multi-goroutine SGEMM and its assembly level 1 and 2 kernels.
//
// Switching gonum over is one line:
//
//	import (
//		gonumblas32 "gonum.org/v1/gonum/blas/blas32"
//		brawnblas "github.com/brawn-ml/brawn/blas32"
//	)
//
//	gonumblas32.Use(brawnblas.Implementation{})
//
// Implementation embeds gonum's own pure-Go implementation and overrides
// the routines brawn accelerates: Sgemm, Sgemv, Saxpy, Sdot, Sscal and
// Sasum. Like gonum's BLAS (and CBLAS with CblasRowMajor) everything is
// row-major. brawn's kernels take unit strides, so calls with other
// increments, and calls with invalid arguments, go to the embedded gonum
// implementation, which then also raises gonum's own panics. The
// overridden routines otherwise keep gonum's semantics (argument checks,
// quick returns, results equal within rounding), except where gonum v0.17
// departs from the reference BLAS: brawn's Sgemm with alpha = 0 reads
// neither A nor B (gonum's still multiplies them when beta is not 1, so a
// NaN there reaches C), and Sgemv writes only y's elements in the vector
// (gonum's, with A transposed and beta = 0, clears all of a unit-stride y).
//
// Layer 2: above kernels; nothing in brawn imports it. It may import
// kernels, gonum.org/v1/gonum/blas and the standard library.
package blas32

import (
	"github.com/brawn-ml/brawn/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's blas.Float32 with brawn's kernels where they
// apply. The zero value is ready to use; it is safe for concurrent use.
type Implementation struct {
	gonum.Implementation
}

var _ blas.Float32 = Implementation{}

// transposed reports whether t is a valid transpose flag and whether it
// transposes (ConjTrans is Trans for real matrices).
func transposed(t blas.Transpose) (trans, ok bool) {
	switch t {
	case blas.NoTrans:
		return false, true
	case blas.Trans, blas.ConjTrans:
		return true, true
	}
	return false, false
}

// abs is |v|.
func abs(v int) int { return max(v, -v) }

// need is the shortest slice holding a rows×cols matrix with row stride ld.
func need(rows, cols, ld int) int { return (rows-1)*ld + cols }

// Sgemm computes C = alpha*op(A)*op(B) + beta*C with row-major A (m×k, or
// k×m when tA is Trans/ConjTrans), B (k×n or n×k) and C (m×n), on brawn's
// blocked SGEMM using all of GOMAXPROCS (kernels.Sgemm). Invalid arguments
// and empty C go to gonum, which panics or returns as it always does.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	transA, okA := transposed(tA)
	transB, okB := transposed(tB)
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	valid := okA && okB && m > 0 && n > 0 && k >= 0 &&
		lda >= max(1, ac) && ldb >= max(1, bc) && ldc >= n &&
		(ar == 0 || len(a) >= need(ar, ac, lda)) &&
		(br == 0 || len(b) >= need(br, bc, ldb)) &&
		len(c) >= need(m, n, ldc)
	if !valid {
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kernels.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemv computes y = alpha*op(A)*x + beta*y with row-major m×n A, on
// brawn's Sgemv when incX and incY are 1 (gonum otherwise). Elements of y
// outside the vector are never written.
func (impl Implementation) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	trans, ok := transposed(tA)
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	valid := ok && m > 0 && n > 0 && lda >= n && incX == 1 && incY == 1 &&
		len(x) >= lenX && len(y) >= lenY && len(a) >= need(m, n, lda) &&
		!(alpha == 0 && beta == 1)
	if !valid {
		// gonum's Sgemv with a transposed A and beta = 0 clears the whole
		// of a unit-stride y, so it gets y cut to the vector's extent: the
		// reference BLAS writes nothing else, and gonum's checks of y pass
		// or fail the same on the cut slice.
		if end := 1 + (lenY-1)*abs(incY); lenY > 0 && end > 0 && end < len(y) {
			y = y[:end]
		}
		impl.Implementation.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	kernels.Sgemv(trans, m, n, alpha, a, lda, x[:lenX], beta, y[:lenY])
}

// Saxpy computes y += alpha*x over n elements, on brawn's kernel for unit
// increments (gonum otherwise, and for alpha = 0, which leaves y alone).
func (impl Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	if n <= 0 || incX != 1 || incY != 1 || len(x) < n || len(y) < n || alpha == 0 {
		impl.Implementation.Saxpy(n, alpha, x, incX, y, incY)
		return
	}
	kernels.Saxpy(alpha, x[:n], y[:n])
}

// Sdot returns sum x[i]*y[i] over n elements, on brawn's kernel for unit
// increments (gonum otherwise).
func (impl Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if n <= 0 || incX != 1 || incY != 1 || len(x) < n || len(y) < n {
		return impl.Implementation.Sdot(n, x, incX, y, incY)
	}
	return kernels.Sdot(x[:n], y[:n])
}

// Sscal computes x *= alpha over n elements, on brawn's kernel for a unit
// increment (gonum otherwise, and for alpha = 0, which gonum turns into
// writing zeros).
func (impl Implementation) Sscal(n int, alpha float32, x []float32, incX int) {
	if n <= 0 || incX != 1 || len(x) < n || alpha == 0 {
		impl.Implementation.Sscal(n, alpha, x, incX)
		return
	}
	kernels.Sscal(alpha, x[:n])
}

// Sasum returns sum |x[i]| over n elements, on brawn's kernel for a unit
// increment (gonum otherwise).
func (impl Implementation) Sasum(n int, x []float32, incX int) float32 {
	if n <= 0 || incX != 1 || len(x) < n {
		return impl.Implementation.Sasum(n, x, incX)
	}
	return kernels.Sasum(x[:n])
}
