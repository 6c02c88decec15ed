package kernels

// genericTable returns the pure-Go level. Its functions are also the
// scalar reference the assembly levels are tested against (besides a
// float64 reference in the tests).
func genericTable() *table {
	t := &table{
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
		saxpby: saxpbyGo,
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
	t.setPool2x2(&genericPool2x2)
	t.setBatchNorm(&genericBatchNorm)
	return t
}

// setPool2x2 makes the row kernels r t's 2×2 pooling kernels.
func (t *table) setPool2x2(r *pool2x2Rows) {
	t.maxpool, t.maxpoolbw = r.maxPool2x2, r.maxPool2x2Backward
	t.avgpool, t.avgpoolbw = r.avgPool2x2, r.avgPool2x2Backward
	t.maxtap = r.maxPoolTap
}
