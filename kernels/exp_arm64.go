//go:build !purego

package kernels

// NEON exponential kernels (exp_arm64.s); the method and its error bound
// are described there. Callers pass slices of equal length.

//go:noescape
func expNEON(dst, x []float32)

// expShiftSumNEON sets dst[i] = e^(x[i]-m) and returns the sum of dst.
//
//go:noescape
func expShiftSumNEON(dst, x []float32, m float32) (sum float32)

// sumExpShiftNEON returns the sum of e^(x[i]-m).
//
//go:noescape
func sumExpShiftNEON(x []float32, m float32) (sum float32)

//go:noescape
func sigmoidNEON(dst, x []float32)

//go:noescape
func tanhNEON(dst, x []float32)
