package bench

// gemmFunc has the argument list of kernels.Sgemm plus the thread count.
type gemmFunc func(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

// gemmImpl is one column of the comparison.
type gemmImpl struct {
	name   string
	naive  bool              // single-goroutine code, measured at 1 thread only
	before func(threads int) // selects level or library threads; may be nil
	call   gemmFunc
}
