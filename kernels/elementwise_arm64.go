//go:build !purego

package kernels

// NEON versions of the elementwise kernels (elementwise_arm64.s). Callers
// pass slices of equal length; the lengths are not checked here.

//go:noescape
func addNEON(dst, a, b []float32)

//go:noescape
func subNEON(dst, a, b []float32)

//go:noescape
func mulNEON(dst, a, b []float32)

//go:noescape
func addsNEON(dst, a []float32, s float32)

//go:noescape
func axpbyNEON(a float32, x []float32, b float32, y []float32)

//go:noescape
func reluNEON(dst, x []float32)

//go:noescape
func reluBackwardNEON(dx, dy, x []float32)

//go:noescape
func leakyNEON(dst, x []float32, slope float32)

//go:noescape
func leakyBackwardNEON(dx, dy, x []float32, slope float32)

// addBiasRowsNEON adds bias to each of rows consecutive rows of len(bias)
// elements at the start of c; len(c) must be at least rows*len(bias).
//
//go:noescape
func addBiasRowsNEON(c, bias []float32, rows int)

// colSumRowsNEON adds rows consecutive rows of len(dst) elements at the
// start of a into dst, in order; len(a) must be at least rows*len(dst).
//
//go:noescape
func colSumRowsNEON(dst, a []float32, rows int)
