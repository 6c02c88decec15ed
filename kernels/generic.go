package kernels

// genericTable returns the pure-Go level. Its functions are also the
// scalar reference the assembly levels are tested against (besides a
// float64 reference in the tests).
func genericTable() *table {
	return &table{
		level:  Generic,
		gemm:   genericGemm(),
		saxpy:  saxpyGo,
		sscal:  sscalGo,
		sdot:   sdotGo,
		sasum:  sasumGo,
		sum:    sumGo,
		sumsq:  sumsqGo,
		add:    addGo,
		sub:    subGo,
		mul:    mulGo,
		adds:   addsGo,
		axpby:  axpbyGo,
		relu:   reluGo,
		relubw: reluBackwardGo,
		leaky:  leakyGo,
		leakbw: leakyBackwardGo,
		sigm:   sigmoidGo,
		tanh:   tanhGo,
		exp:    expGo,

		rowmax:  rowMaxGo,
		rowarg:  rowArgmaxGo,
		rowsum:  rowSumGo,
		softmax: softmaxGo,
		logsm:   logSoftmaxGo,
		addbias: addBiasGo,
		colsum:  colSumGo,

		sgd:  sgdGo,
		adam: adamGo,

		u8f: bytesToFloat32Go,
	}
}
