//go:build !purego

package kernels

import "unsafe"

// The avx512 level's exp family (exp_avx512_amd64.s): the method and the
// instruction sequence of the avx2 level's (exp_amd64.go) on 16 lanes, so
// Exp, Sigmoid and Tanh give the avx2 level's bits, and its error bounds
// (TestAVX512MatchesAVX2 checks the bits).

// expAVX512 computes dst[i] = e^x[i].
func expAVX512(dst, x []float32) {
	expAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// expAVX512Asm is the assembly of expAVX512, on n elements from each pointer.
//
//go:noescape
func expAVX512Asm(dst, x *float32, n int)

// sigmoidAVX512 computes dst[i] = 1/(1+e^-x[i]), as sigmoidAVX2 does.
func sigmoidAVX512(dst, x []float32) {
	sigmoidAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// sigmoidAVX512Asm is the assembly of sigmoidAVX512, on n elements from each pointer.
//
//go:noescape
func sigmoidAVX512Asm(dst, x *float32, n int)

// tanhAVX512 computes dst[i] = tanh(x[i]), as tanhAVX2 does.
func tanhAVX512(dst, x []float32) {
	tanhAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// tanhAVX512Asm is the assembly of tanhAVX512, on n elements from each pointer.
//
//go:noescape
func tanhAVX512Asm(dst, x *float32, n int)

// expShiftSumAVX512 sets dst[i] = e^(x[i]-m) and returns their sum.
func expShiftSumAVX512(dst, x []float32, m float32) float32 {
	return expShiftSumAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), m)
}

// expShiftSumAVX512Asm is the assembly of expShiftSumAVX512, on n elements from each pointer.
//
//go:noescape
func expShiftSumAVX512Asm(dst, x *float32, n int, m float32) float32

// sumExpShiftAVX512 returns Σ e^(x[i]-m) without storing the terms.
func sumExpShiftAVX512(x []float32, m float32) float32 {
	return sumExpShiftAVX512Asm(unsafe.SliceData(x), len(x), m)
}

// sumExpShiftAVX512Asm is the assembly of sumExpShiftAVX512, on n elements from x.
//
//go:noescape
func sumExpShiftAVX512Asm(x *float32, n int, m float32) float32

// softmaxRowsAVX512 is softmaxRowsAVX2 on 16 lanes.
func softmaxRowsAVX512(dst, a []float32, rows, cols int) {
	softmaxRowsAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), rows, cols)
}

// softmaxRowsAVX512Asm is the assembly of softmaxRowsAVX512, with pointers for its slices.
//
//go:noescape
func softmaxRowsAVX512Asm(dst, a *float32, rows, cols int)
