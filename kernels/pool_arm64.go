//go:build !purego

package kernels

import "unsafe"

// poolLanes is 2·lane for the NEON pooling assembly's 4 output columns.
var poolLanes = [4]int32{0, 2, 4, 6}

// neonPool2x2 are the NEON level's 2×2 pooling row kernels (see
// pool_generic.go): the assembly does 4 output columns a step over the
// first ow&^3 columns of each row; the last 1..3 (and an odd last input
// column) go through the generic row kernels, as NEON has no masked
// moves.
var neonPool2x2 = pool2x2Rows{
	max: func(y []float32, arg []int32, x []float32, n, ow, w, base int) {
		if n4 := ow &^ 3; n4 > 0 {
			maxPool2x2NEONAsm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), n, n4, ow, w, base)
		}
		maxPool2x2Go(y, arg, x, n, ow&^3, ow, w, base)
	},
	maxbw: func(dx, dy []float32, arg []int32, n, ow, w, base int) {
		if n4 := ow &^ 3; n4 > 0 {
			maxPool2x2BackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(arg), n, n4, ow, w, base)
		}
		maxPool2x2BackwardGo(dx, dy, arg, n, ow&^3, ow, w, base)
	},
	avg: func(y, x []float32, n, ow, w int, div float32) {
		if n4 := ow &^ 3; n4 > 0 {
			avgPool2x2NEONAsm(unsafe.SliceData(y), unsafe.SliceData(x), n, n4, ow, w, div)
		}
		avgPool2x2Go(y, x, n, ow&^3, ow, w, div)
	},
	avgbw: func(dx, dy []float32, n, ow, w int, div float32) {
		if n4 := ow &^ 3; n4 > 0 {
			avgPool2x2BackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), n, n4, ow, w, div)
		}
		avgPool2x2BackwardGo(dx, dy, n, ow&^3, ow, w, div)
	},
	tap: maxPoolTapNEON,
}

// maxPoolTapNEON is MaxPoolTap: the assembly on whole steps of 4 outputs
// whose inputs lie inside x (with stride 2 a step reads 8, the last one
// past its last tap), the rest in Go.
func maxPoolTapNEON(y []float32, arg []int32, x []float32, stride, base int) {
	n4 := len(y) &^ 3
	if stride == 2 {
		n4 = max(0, len(y)-1) &^ 3
	}
	if n4 > 0 {
		maxPoolTapNEONAsm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), n4, stride, base)
	}
	maxPoolTapGo(y[n4:], arg[n4:], x[n4*stride:], stride, base+n4*stride)
}

// maxPoolTapNEONAsm is the NEON MaxPoolTap on the first n4 outputs (a
// positive multiple of 4).
//
//go:noescape
func maxPoolTapNEONAsm(y *float32, arg *int32, x *float32, n4, stride, base int)

// maxPool2x2NEONAsm is the NEON max row kernel on output columns [0, n4)
// (n4 a positive multiple of 4) of n rows of ow at y and arg, from the
// 2·n input rows of w columns at x, the first at index base of its plane.
//
//go:noescape
func maxPool2x2NEONAsm(y *float32, arg *int32, x *float32, n, n4, ow, w, base int)

// maxPool2x2BackwardNEONAsm is the NEON max backward row kernel on the
// windows of output columns [0, n4).
//
//go:noescape
func maxPool2x2BackwardNEONAsm(dx, dy *float32, arg *int32, n, n4, ow, w, base int)

// avgPool2x2NEONAsm is the NEON average row kernel on output columns
// [0, n4).
//
//go:noescape
func avgPool2x2NEONAsm(y, x *float32, n, n4, ow, w int, div float32)

// avgPool2x2BackwardNEONAsm is the NEON average backward row kernel on
// the windows of output columns [0, n4).
//
//go:noescape
func avgPool2x2BackwardNEONAsm(dx, dy *float32, n, n4, ow, w int, div float32)
