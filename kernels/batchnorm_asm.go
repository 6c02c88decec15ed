//go:build !purego && (amd64 || arm64)

package kernels

import "unsafe"

// bnAsm are a level's batch normalisation kernels in assembly, each on
// pointers to its slices' first elements and the length of the first.
type bnAsm struct {
	dssum   func(x *float32, n int) float64
	dsdot   func(x, y *float32, n int) float64
	dssqdev func(x *float32, n int, mu float64) float64
	norm    func(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)
	dx      func(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
}

// batchNormOf returns a's kernels on slices, whose lengths the exported
// functions have checked.
func batchNormOf(a bnAsm) bnKernels {
	return bnKernels{
		dssum:   func(x []float32) float64 { return a.dssum(unsafe.SliceData(x), len(x)) },
		dsdot:   func(x, y []float32) float64 { return a.dsdot(unsafe.SliceData(x), unsafe.SliceData(y), len(x)) },
		dssqdev: func(x []float32, mu float64) float64 { return a.dssqdev(unsafe.SliceData(x), len(x), mu) },
		norm: func(y, xhat, x []float32, mean, scale float64, gamma, beta float32) {
			a.norm(unsafe.SliceData(y), unsafe.SliceData(xhat), unsafe.SliceData(x), len(x), mean, scale, gamma, beta)
		},
		dx: func(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64) {
			a.dx(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(xhat), len(dx), m, sumDy, sumDyXhat, scale)
		},
	}
}
