//go:build !purego

package kernels

import "unsafe"

// avx512Kernels are the avx512 level's elementwise, row-wise, optimizer
// and BLAS level 1 kernels: 16 lanes, the last 1..15 elements of a slice
// with masked moves. Per element they do the avx2 level's arithmetic in
// the same order, so every elementwise kernel (Exp, Sigmoid and Tanh
// included) and the optimizer steps give the avx2 level's bits; the
// reductions (Sdot, Sum, Sasum, SumSquares, the row sums and the softmax
// sums) add 16-lane partial sums, so they round differently.
var avx512Kernels = x86Kernels{
	level: AVX512, ntAlign: 64, optimBlock: 1,
	saxpy: saxpyAVX512, sscal: sscalAVX512, sdot: sdotAVX512, sasum: sasumAVX512, sum: sumAVX512,
	max: maxAVX512, index: indexAVX512,
	add: addAVX512, addNT: addNTAVX512, sub: subAVX512, subNT: subNTAVX512, mul: mulAVX512, mulNT: mulNTAVX512,
	adds: addsAVX512, addsNT: addsNTAVX512, saxpby: saxpbyAVX512,
	relu: reluAVX512, reluNT: reluNTAVX512, relubw: reluBackwardAVX512, relubwNT: reluBackwardNTAVX512,
	leaky: leakyAVX512, leakyNT: leakyNTAVX512, leakbw: leakyBackwardAVX512, leakbwNT: leakyBackwardNTAVX512,
	sigm: sigmoidAVX512, tanh: tanhAVX512, exp: expAVX512,
	expShiftSum: expShiftSumAVX512, sumExpShift: sumExpShiftAVX512, softmaxRows: softmaxRowsAVX512,
	sgd: sgdAVX512, adam: adamAVX512, u8f: bytesToFloat32AVX512,
}

// avx512Table returns the AVX-512 level: its own kernels (avx512Kernels),
// SGEMM (avx512Gemm) and Sgemv (sgemv_avx512_amd64.go). Short
// slices take the direct entry points, which call this level's kernels
// when it is active (direct_amd64.go).
func avx512Table() *table {
	t := x86Table(&avx512Kernels)
	t.gemm = avx512Gemm()
	t.direct = true
	t.setPool2x2(&avx512Pool2x2)
	t.setBatchNorm(&avx512BatchNorm)
	return t
}

// avx512TailMasks[k] selects the first k lanes of a 16-lane vector: the
// assembly (ZTAILMASK in avx512_amd64.h) loads it into an opmask register
// for the masked moves of a slice's last 1..15 elements.
var avx512TailMasks = [17]uint16{0, 1<<1 - 1, 1<<2 - 1, 1<<3 - 1, 1<<4 - 1, 1<<5 - 1, 1<<6 - 1, 1<<7 - 1,
	1<<8 - 1, 1<<9 - 1, 1<<10 - 1, 1<<11 - 1, 1<<12 - 1, 1<<13 - 1, 1<<14 - 1, 1<<15 - 1, 1<<16 - 1}

// BLAS level 1 (blas1_avx512_amd64.s), as the avx2 level's (blas1_amd64.go)
// but with 64 partial sums in the reductions.

// saxpyAVX512 computes y[i] += a*x[i] with one fused multiply-add.
func saxpyAVX512(a float32, x, y []float32) {
	saxpyAVX512Asm(a, unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// saxpyAVX512Asm is the assembly of saxpyAVX512, on n elements from each pointer.
//
//go:noescape
func saxpyAVX512Asm(a float32, x, y *float32, n int)

// sscalAVX512 computes x[i] *= a.
func sscalAVX512(a float32, x []float32) {
	sscalAVX512Asm(a, unsafe.SliceData(x), len(x))
}

// sscalAVX512Asm is the assembly of sscalAVX512, on n elements from each pointer.
//
//go:noescape
func sscalAVX512Asm(a float32, x *float32, n int)

// sdotAVX512 returns Σ x[i]*y[i], accumulated with fused multiply-adds.
func sdotAVX512(x, y []float32) float32 {
	return sdotAVX512Asm(unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

// sdotAVX512Asm is the assembly of sdotAVX512, on n elements from each pointer.
//
//go:noescape
func sdotAVX512Asm(x, y *float32, n int) float32

// sasumAVX512 returns Σ |x[i]|.
func sasumAVX512(x []float32) float32 {
	return sasumAVX512Asm(unsafe.SliceData(x), len(x))
}

// sasumAVX512Asm is the assembly of sasumAVX512, on n elements from x.
//
//go:noescape
func sasumAVX512Asm(x *float32, n int) float32

// sumAVX512 returns Σ x[i].
func sumAVX512(x []float32) float32 {
	return sumAVX512Asm(unsafe.SliceData(x), len(x))
}

// sumAVX512Asm is the assembly of sumAVX512, on n elements from x.
//
//go:noescape
func sumAVX512Asm(x *float32, n int) float32

// Row primitives (rowwise_avx512_amd64.s), as maxAVX2 and indexAVX2.

// maxAVX512 returns the maximum of x: NaN if x holds a NaN, -Inf if empty.
func maxAVX512(x []float32) float32 {
	return maxAVX512Asm(unsafe.SliceData(x), len(x))
}

// maxAVX512Asm is the assembly of maxAVX512, on n elements from x.
//
//go:noescape
func maxAVX512Asm(x *float32, n int) float32

// indexAVX512 returns the first index i with x[i] == v, or of the first
// NaN when v is NaN; -1 if there is none.
func indexAVX512(x []float32, v float32) int {
	return indexAVX512Asm(unsafe.SliceData(x), len(x), v)
}

// indexAVX512Asm is the assembly of indexAVX512, on n elements from x.
//
//go:noescape
func indexAVX512Asm(x *float32, n int, v float32) int

// Optimizer steps (optim_avx512_amd64.s): sgdAVX2 and adamAVX2 on any
// length, the tail with masked moves.

// sgdAVX512 is sgdAVX2 for any len(w).
func sgdAVX512(w, g, buf []float32, lr, wd, mu, damp1 float32, mode int) {
	sgdAVX512Asm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(buf), len(w), lr, wd, mu, damp1, mode)
}

// sgdAVX512Asm is the assembly of sgdAVX512, on n elements from each pointer.
//
//go:noescape
func sgdAVX512Asm(w, grad, buf *float32, n int, lr, wd, mu, damp1 float32, mode int)

// adamAVX512 is adamAVX2 for any len(w).
func adamAVX512(w, g, m, v []float32, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32) {
	adamAVX512Asm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(m), unsafe.SliceData(v), len(w), b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay)
}

// adamAVX512Asm is the assembly of adamAVX512, on n elements from each pointer.
//
//go:noescape
func adamAVX512Asm(w, grad, m, v *float32, n int, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32)
