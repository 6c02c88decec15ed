//go:build !purego

package kernels

import "unsafe"

// neonBatchNorm are the NEON level's batch normalisation kernels
// (batchnorm_arm64.s): float64 arithmetic on 2 lanes, each 4 float32
// inputs widened to two vectors, the last 1..3 elements in scalar
// float64.
var neonBatchNorm = bnKernels{
	dssum: func(x []float32) float64 { return dssumNEONAsm(unsafe.SliceData(x), len(x)) },
	dsdot: func(x, y []float32) float64 {
		return dsdotNEONAsm(unsafe.SliceData(x), unsafe.SliceData(y), len(x))
	},
	dssqdev: func(x []float32, mu float64) float64 { return dssqdevNEONAsm(unsafe.SliceData(x), len(x), mu) },
	norm: func(y, xhat, x []float32, mean, scale float64, gamma, beta float32) {
		normalizeNEONAsm(unsafe.SliceData(y), unsafe.SliceData(xhat), unsafe.SliceData(x), len(x), mean, scale, gamma, beta)
	},
	dx: func(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64) {
		normalizeBackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(xhat), len(dx), m, sumDy, sumDyXhat, scale)
	},
}

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

// normalizeNEONAsm is the NEON Normalize on n elements; y nil skips the
// affine output.
//
//go:noescape
func normalizeNEONAsm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)

// normalizeBackwardNEONAsm is the NEON NormalizeBackward on n elements.
//
//go:noescape
func normalizeBackwardNEONAsm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
