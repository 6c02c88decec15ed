//go:build !purego

package kernels

import "unsafe"

// poolPerm holds the lane indices the pooling assembly permutes with:
// the even and the odd lanes of a pair of 16-lane vectors (the inputs of
// the windows' left and right columns; the even ones also serve as 2·lane
// for the avx2 level's 8 and the avx512 level's 16 output columns), and
// the two halves of the interleaving of two vectors (the backward
// passes' rows).
var poolPerm = [64]int32{
	0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30,
	1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
	0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
	8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31,
}

// avx2Pool2x2 and avx512Pool2x2 are the amd64 levels' 2×2 pooling row
// kernels and MaxPoolTap (see pool_generic.go): 8 and 16 output columns a
// step, the last columns of a row with masked moves, so a row of any
// width is one pass of the assembly.
var (
	avx2Pool2x2 = pool2x2Rows{
		max: func(y []float32, arg []int32, x []float32, n, ow, w, base int) {
			maxPool2x2AVX2Asm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), n, ow, w, base)
		},
		maxbw: func(dx, dy []float32, arg []int32, n, ow, w, base int) {
			maxPool2x2BackwardAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(arg), n, ow, w, base)
		},
		avg: func(y, x []float32, n, ow, w int, div float32) {
			avgPool2x2AVX2Asm(unsafe.SliceData(y), unsafe.SliceData(x), n, ow, w, div)
		},
		avgbw: func(dx, dy []float32, n, ow, w int, div float32) {
			avgPool2x2BackwardAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), n, ow, w, div)
		},
		tap: func(y []float32, arg []int32, x []float32, stride, base int) {
			maxPoolTapAVX2Asm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), len(y), stride, base)
		},
	}
	avx512Pool2x2 = pool2x2Rows{
		max: func(y []float32, arg []int32, x []float32, n, ow, w, base int) {
			maxPool2x2AVX512Asm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), n, ow, w, base)
		},
		maxbw: func(dx, dy []float32, arg []int32, n, ow, w, base int) {
			maxPool2x2BackwardAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(arg), n, ow, w, base)
		},
		avg: func(y, x []float32, n, ow, w int, div float32) {
			avgPool2x2AVX512Asm(unsafe.SliceData(y), unsafe.SliceData(x), n, ow, w, div)
		},
		avgbw: func(dx, dy []float32, n, ow, w int, div float32) {
			avgPool2x2BackwardAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), n, ow, w, div)
		},
		tap: func(y []float32, arg []int32, x []float32, stride, base int) {
			maxPoolTapAVX512Asm(unsafe.SliceData(y), unsafe.SliceData(arg), unsafe.SliceData(x), len(y), stride, base)
		},
	}
)

// maxPool2x2AVX2Asm is the avx2 level's max row kernel: n output rows of
// ow columns at y and arg from the 2·n input rows of w columns at x, the
// first at index base of its plane.
//
//go:noescape
func maxPool2x2AVX2Asm(y *float32, arg *int32, x *float32, n, ow, w, base int)

// maxPool2x2BackwardAVX2Asm is the avx2 level's max backward row kernel:
// the 2·n input-gradient rows at dx from the n rows of dy and arg.
//
//go:noescape
func maxPool2x2BackwardAVX2Asm(dx, dy *float32, arg *int32, n, ow, w, base int)

// avgPool2x2AVX2Asm is the avx2 level's average row kernel.
//
//go:noescape
func avgPool2x2AVX2Asm(y, x *float32, n, ow, w int, div float32)

// avgPool2x2BackwardAVX2Asm is the avx2 level's average backward row
// kernel.
//
//go:noescape
func avgPool2x2BackwardAVX2Asm(dx, dy *float32, n, ow, w int, div float32)

// maxPool2x2AVX512Asm is maxPool2x2AVX2Asm at the avx512 level.
//
//go:noescape
func maxPool2x2AVX512Asm(y *float32, arg *int32, x *float32, n, ow, w, base int)

// maxPool2x2BackwardAVX512Asm is maxPool2x2BackwardAVX2Asm at the avx512
// level.
//
//go:noescape
func maxPool2x2BackwardAVX512Asm(dx, dy *float32, arg *int32, n, ow, w, base int)

// avgPool2x2AVX512Asm is avgPool2x2AVX2Asm at the avx512 level.
//
//go:noescape
func avgPool2x2AVX512Asm(y, x *float32, n, ow, w int, div float32)

// avgPool2x2BackwardAVX512Asm is avgPool2x2BackwardAVX2Asm at the avx512
// level.
//
//go:noescape
func avgPool2x2BackwardAVX512Asm(dx, dy *float32, n, ow, w int, div float32)

// maxPoolTapAVX2Asm is the avx2 level's MaxPoolTap on n outputs: 8 a
// step, the last 1..7 with masked moves.
//
//go:noescape
func maxPoolTapAVX2Asm(y *float32, arg *int32, x *float32, n, stride, base int)

// maxPoolTapAVX512Asm is the avx512 level's MaxPoolTap on n outputs: 16
// a step, the last 1..15 with masked moves.
//
//go:noescape
func maxPoolTapAVX512Asm(y *float32, arg *int32, x *float32, n, stride, base int)
