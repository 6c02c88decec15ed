//go:build !purego

package kernels

import "unsafe"

// NEON exponential kernels (exp_arm64.s); the method and its error bound
// are described there. dst and x are equally long (the caller's duty).
// Each Go function passes its slices to the assembly as pointers and one
// length, as the amd64 levels do.

func expNEON(dst, x []float32) {
	expNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// expNEONAsm is the assembly of expNEON, on n elements from each pointer.
//
//go:noescape
func expNEONAsm(dst, x *float32, n int)

// expShiftSumNEON sets dst[i] = e^(x[i]-m) and returns the sum of dst.
func expShiftSumNEON(dst, x []float32, m float32) (sum float32) {
	return expShiftSumNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), m)
}

// expShiftSumNEONAsm is the assembly of expShiftSumNEON, on n elements
// from each pointer.
//
//go:noescape
func expShiftSumNEONAsm(dst, x *float32, n int, m float32) (sum float32)

// sumExpShiftNEON returns the sum of e^(x[i]-m).
func sumExpShiftNEON(x []float32, m float32) (sum float32) {
	return sumExpShiftNEONAsm(unsafe.SliceData(x), len(x), m)
}

// sumExpShiftNEONAsm is the assembly of sumExpShiftNEON, on n elements
// from x.
//
//go:noescape
func sumExpShiftNEONAsm(x *float32, n int, m float32) (sum float32)

func sigmoidNEON(dst, x []float32) {
	sigmoidNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// sigmoidNEONAsm is the assembly of sigmoidNEON, on n elements from each
// pointer.
//
//go:noescape
func sigmoidNEONAsm(dst, x *float32, n int)

func tanhNEON(dst, x []float32) {
	tanhNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// tanhNEONAsm is the assembly of tanhNEON, on n elements from each pointer.
//
//go:noescape
func tanhNEONAsm(dst, x *float32, n int)
