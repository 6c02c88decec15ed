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
//
//go:noescape
func expShiftSumAVX512(dst, x []float32, m float32) float32

// sumExpShiftAVX512 returns Σ e^(x[i]-m) without storing the terms.
//
//go:noescape
func sumExpShiftAVX512(x []float32, m float32) float32

// softmaxRowsAVX512 is softmaxRowsAVX2 on 16 lanes.
//
//go:noescape
func softmaxRowsAVX512(dst, a []float32, rows, cols int)
