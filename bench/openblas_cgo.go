//go:build openblas && cgo

package bench

import "github.com/brawn-ml/brawn/bench/internal/openblas"

// OpenBLASAvailable reports whether this build has the OpenBLAS column
// (build tag openblas, with cgo).
const OpenBLASAvailable = true

// openblasImpl is cblas_sgemm with OpenBLAS's own thread count set to the
// row's.
func openblasImpl() (gemmImpl, bool) {
	return gemmImpl{
		name:   "openblas",
		before: openblas.SetThreads,
		call: func(_ int, tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
			openblas.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		},
	}, true
}
