//go:build !purego

package kernels

// NEON versions of the BLAS level 1 kernels (blas1_arm64.s). Callers pass
// slices of equal length; the lengths are not checked here.

//go:noescape
func saxpyNEON(a float32, x, y []float32)

//go:noescape
func sscalNEON(a float32, x []float32)

//go:noescape
func sdotNEON(x, y []float32) float32

//go:noescape
func sasumNEON(x []float32) float32

//go:noescape
func sumNEON(x []float32) float32

//go:noescape
func sumsqNEON(x []float32) float32
