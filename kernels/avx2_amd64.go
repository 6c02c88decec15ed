//go:build !purego

package kernels

// avx2TailMask holds eight all-ones lanes followed by eight zero lanes. The
// 8 lanes starting at element 8-k select the first k lanes: the assembly
// uses them with VMASKMOVPS to load and store the last 1..7 elements of a
// slice without touching memory past its end.
var avx2TailMask = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

// avx2Kernels are the avx2-fma level's.
var avx2Kernels = x86Kernels{
	level: AVX2, ntAlign: 32, optimBlock: 8,
	saxpy: saxpyAVX2, sscal: sscalAVX2, sdot: sdotAVX2, sasum: sasumAVX2, sum: sumAVX2,
	max: maxAVX2, index: indexAVX2,
	add: addAVX2, addNT: addNTAVX2, sub: subAVX2, subNT: subNTAVX2, mul: mulAVX2, mulNT: mulNTAVX2,
	adds: addsAVX2, addsNT: addsNTAVX2, saxpby: saxpbyAVX2,
	relu: reluAVX2, reluNT: reluNTAVX2, relubw: reluBackwardAVX2, relubwNT: reluBackwardNTAVX2,
	leaky: leakyAVX2, leakyNT: leakyNTAVX2, leakbw: leakyBackwardAVX2, leakbwNT: leakyBackwardNTAVX2,
	sigm: sigmoidAVX2, tanh: tanhAVX2, exp: expAVX2,
	expShiftSum: expShiftSumAVX2, sumExpShift: sumExpShiftAVX2, softmaxRows: softmaxRowsAVX2,
	sgd: sgdAVX2, adam: adamAVX2, u8f: bytesToFloat32AVX2,
}

// avx2Table returns the AVX2+FMA level: its kernels (avx2Kernels) and
// SGEMM (avx2Gemm).
func avx2Table() *table {
	t := x86Table(&avx2Kernels)
	t.gemm = avx2Gemm()
	t.setPool2x2(&avx2Pool2x2)
	t.setBatchNorm(&avx2BatchNorm)
	return t
}
