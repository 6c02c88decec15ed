//go:build !purego

package kernels

import "unsafe"

// AVX2+FMA BLAS level 1 kernels (blas1_amd64.s). Lengths are the caller's
// duty: y and x are as long as x. The reductions keep 32 partial sums (four
// 8-lane accumulators) and add them pairwise at the end.

// saxpyAVX2 computes y[i] += a*x[i] with one fused multiply-add.
func saxpyAVX2(a float32, x, y []float32) {
	saxpyAVX2Asm(a, unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// saxpyAVX2Asm is the assembly of saxpyAVX2, on n elements from each pointer.
//
//go:noescape
func saxpyAVX2Asm(a float32, x, y *float32, n int)

// sscalAVX2 computes x[i] *= a.
func sscalAVX2(a float32, x []float32) {
	sscalAVX2Asm(a, unsafe.SliceData(x), len(x))
}

// sscalAVX2Asm is the assembly of sscalAVX2, on n elements from each pointer.
//
//go:noescape
func sscalAVX2Asm(a float32, x *float32, n int)

// sdotAVX2 returns Σ x[i]*y[i], accumulated with fused multiply-adds.
func sdotAVX2(x, y []float32) float32 {
	return sdotAVX2Asm(unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// sdotAVX2Asm is the assembly of sdotAVX2, on n elements from each pointer.
//
//go:noescape
func sdotAVX2Asm(x, y *float32, n int) float32

// sasumAVX2 returns Σ |x[i]|.
func sasumAVX2(x []float32) float32 {
	return sasumAVX2Asm(unsafe.SliceData(x), len(x))
}

// sasumAVX2Asm is the assembly of sasumAVX2, on n elements from x.
//
//go:noescape
func sasumAVX2Asm(x *float32, n int) float32

// sumAVX2 returns Σ x[i].
func sumAVX2(x []float32) float32 {
	return sumAVX2Asm(unsafe.SliceData(x), len(x))
}

// sumAVX2Asm is the assembly of sumAVX2, on n elements from x.
//
//go:noescape
func sumAVX2Asm(x *float32, n int) float32
