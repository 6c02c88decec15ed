//go:build !purego

package kernels

import "unsafe"

// NEON versions of the BLAS level 1 kernels (blas1_arm64.s). Lengths are
// the caller's duty: y is as long as x. Each Go function passes its slices
// to the assembly as pointers and one length, as the amd64 levels do.

// saxpyNEON computes y[i] += a*x[i] with one fused multiply-add.
func saxpyNEON(a float32, x, y []float32) {
	saxpyNEONAsm(a, unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// saxpyNEONAsm is the assembly of saxpyNEON, on n elements from each pointer.
//
//go:noescape
func saxpyNEONAsm(a float32, x, y *float32, n int)

// sscalNEON computes x[i] *= a.
func sscalNEON(a float32, x []float32) {
	sscalNEONAsm(a, unsafe.SliceData(x), len(x))
}

// sscalNEONAsm is the assembly of sscalNEON, on n elements from x.
//
//go:noescape
func sscalNEONAsm(a float32, x *float32, n int)

// sdotNEON returns Σ x[i]*y[i], accumulated with fused multiply-adds.
func sdotNEON(x, y []float32) float32 {
	return sdotNEONAsm(unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// sdotNEONAsm is the assembly of sdotNEON, on n elements from each pointer.
//
//go:noescape
func sdotNEONAsm(x, y *float32, n int) float32

// sasumNEON returns Σ |x[i]|.
func sasumNEON(x []float32) float32 { return sasumNEONAsm(unsafe.SliceData(x), len(x)) }

// sasumNEONAsm is the assembly of sasumNEON, on n elements from x.
//
//go:noescape
func sasumNEONAsm(x *float32, n int) float32

// sumNEON returns Σ x[i].
func sumNEON(x []float32) float32 { return sumNEONAsm(unsafe.SliceData(x), len(x)) }

// sumNEONAsm is the assembly of sumNEON, on n elements from x.
//
//go:noescape
func sumNEONAsm(x *float32, n int) float32

// sumsqNEON returns Σ x[i]².
func sumsqNEON(x []float32) float32 { return sumsqNEONAsm(unsafe.SliceData(x), len(x)) }

// sumsqNEONAsm is the assembly of sumsqNEON, on n elements from x.
//
//go:noescape
func sumsqNEONAsm(x *float32, n int) float32
