//go:build !purego

package kernels

// neonBatchNorm are the NEON level's batch normalisation kernels
// (batchnorm_arm64.s): float64 arithmetic on 2 lanes, each 4 float32
// inputs widened to two vectors, the last 1..3 elements in scalar
// float64.
var neonBatchNorm = batchNormOf(bnAsm{dssumNEONAsm, dsdotNEONAsm, dssqdevNEONAsm, normalizeNEONAsm, normalizeBackwardNEONAsm})

// dssumNEONAsm is the NEON Dssum on n elements from x.
//
//go:noescape
func dssumNEONAsm(x *float32, n int) float64

// dsdotNEONAsm is the NEON Dsdot on n elements from x and y.
//
//go:noescape
func dsdotNEONAsm(x, y *float32, n int) float64

// dssqdevNEONAsm is the NEON Dssqdev on n elements from x.
//
//go:noescape
func dssqdevNEONAsm(x *float32, n int, mu float64) float64

// normalizeNEONAsm is the NEON BatchNorm on n elements; y nil skips the
// affine output.
//
//go:noescape
func normalizeNEONAsm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)

// normalizeBackwardNEONAsm is the NEON BatchNormBackward on n elements.
//
//go:noescape
func normalizeBackwardNEONAsm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
