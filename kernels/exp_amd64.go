//go:build !purego

package kernels

import "unsafe"

// Vectorised exponential and the kernels built on it (exp_amd64.s).
//
// e^x is computed as 2^n·e^r with n = round(x·log2 e) and
// r = x - n·ln2 in [-ln2/2, ln2/2] (Cody–Waite: ln2 split into a 9-bit
// head, so n·head is exact, and a tail); e^r = 1 + r + r²·q(r) with q a
// degree-4 polynomial interpolating (e^r-1-r)/r² at Chebyshev nodes, whose
// relative error with float32 coefficients is below 0.19 u on the
// interval. 2^n is applied as two factors 2^⌊n/2⌋·2^(n-⌊n/2⌋), each a normal
// float32, so results in the subnormal range are rounded once, correctly
// scaled. x is first clamped to [-105, 88.8] with NaN passing through, so
// overflow gives +Inf, underflow 0 and NaN NaN. The maximum errors against
// float64 measured by TestULPSweep are in the doc comments of Exp,
// Sigmoid and Tanh.

// expAVX2 computes dst[i] = e^x[i].
func expAVX2(dst, x []float32) {
	expAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// expAVX2Asm is the assembly of expAVX2, on n elements from each pointer.
//
//go:noescape
func expAVX2Asm(dst, x *float32, n int)

// sigmoidAVX2 computes dst[i] = 1/(1+e^-x[i]) as e/(1+e) for x < 0 and
// 1/(1+e) otherwise, with e = e^-|x|, so neither side loses accuracy.
func sigmoidAVX2(dst, x []float32) {
	sigmoidAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// sigmoidAVX2Asm is the assembly of sigmoidAVX2, on n elements from each pointer.
//
//go:noescape
func sigmoidAVX2Asm(dst, x *float32, n int)

// tanhAVX2 computes dst[i] = tanh(x[i]) = m/(m+2) with m = e^(2x)-1
// evaluated as 2^n·(e^r-1) + (2^n-1), accurate near 0; x is clamped to
// [-10, 10], where tanh is ±1 in float32. The sign of x is ORed into the
// result, so that -0 gives -0 as tanh is odd.
func tanhAVX2(dst, x []float32) {
	tanhAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// tanhAVX2Asm is the assembly of tanhAVX2, on n elements from each pointer.
//
//go:noescape
func tanhAVX2Asm(dst, x *float32, n int)

// expShiftSumAVX2 sets dst[i] = e^(x[i]-m) and returns their sum.
func expShiftSumAVX2(dst, x []float32, m float32) float32 {
	return expShiftSumAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), m)
}

// expShiftSumAVX2Asm is the assembly of expShiftSumAVX2, on n elements from each pointer.
//
//go:noescape
func expShiftSumAVX2Asm(dst, x *float32, n int, m float32) float32

// sumExpShiftAVX2 returns Σ e^(x[i]-m) without storing the terms.
func sumExpShiftAVX2(x []float32, m float32) float32 {
	return sumExpShiftAVX2Asm(unsafe.SliceData(x), len(x), m)
}

// sumExpShiftAVX2Asm is the assembly of sumExpShiftAVX2, on n elements from x.
//
//go:noescape
func sumExpShiftAVX2Asm(x *float32, n int, m float32) float32

// softmaxRowsAVX2 sets each row of the rows×cols matrices dst to the
// softmax of the row of a, in one call: maximum, e^(x-max) with the sum,
// then the scaling by 1/sum, all as the row-at-a-time path computes them.
// cols must be at least 1; dst may alias a.
func softmaxRowsAVX2(dst, a []float32, rows, cols int) {
	softmaxRowsAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), rows, cols)
}

// softmaxRowsAVX2Asm is the assembly of softmaxRowsAVX2, with pointers for its slices.
//
//go:noescape
func softmaxRowsAVX2Asm(dst, a *float32, rows, cols int)
