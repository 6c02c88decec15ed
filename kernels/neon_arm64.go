//go:build !purego

package kernels

// neonTable returns the NEON level: the generic table with every kernel
// that has an arm64 assembly version replaced by it.
func neonTable() *table {
	t := genericTable()
	t.level = NEON
	t.gemm = neonGemm()

	t.saxpy = saxpyNEONChunked
	t.sscal = sscalNEONChunked
	t.sdot = sdotNEONChunked
	t.sasum = func(x []float32) float32 { return reduceChunked(sasumNEON, x) }
	t.sum = func(x []float32) float32 { return reduceChunked(sumNEON, x) }
	t.sumsq = func(x []float32) float32 { return reduceChunked(sumsqNEON, x) }

	t.add = func(dst, a, b []float32) { chunk3(addNEON, dst, a, b) }
	t.sub = func(dst, a, b []float32) { chunk3(subNEON, dst, a, b) }
	t.mul = func(dst, a, b []float32) { chunk3(mulNEON, dst, a, b) }
	t.adds = addsNEONChunked
	t.saxpby = saxpbyNEONChunked
	t.relu = func(dst, x []float32) { chunk2(reluNEON, dst, x) }
	t.relubw = func(dx, dy, x []float32) { chunk3(reluBackwardNEON, dx, dy, x) }
	t.leaky = leakyNEONChunked
	t.leakbw = leakyBackwardNEONChunked

	t.exp = func(dst, x []float32) { chunk2(expNEON, dst, x) }
	t.sigm = func(dst, x []float32) { chunk2(sigmoidNEON, dst, x) }
	t.tanh = func(dst, x []float32) { chunk2(tanhNEON, dst, x) }

	t.rowmax = rowMaxNEON
	t.rowarg = rowArgmaxNEON
	t.rowsum = rowSumNEON
	t.softmax = softmaxNEON
	t.logsm = logSoftmaxNEON
	t.addbias = addBiasNEON
	t.colsum = colSumNEON

	t.sgd = sgdNEONChunked
	t.adam = adamNEONChunked
	t.u8f = bytesToFloat32NEON
	t.setPool2x2(&neonPool2x2)
	t.setBatchNorm(&neonBatchNorm)
	return t
}

// addBiasNEON adds bias to blocks of whole rows of at most neonChunk
// elements per call (a longer row goes through chunk3 on its own).
func addBiasNEON(c, bias []float32, rows, cols int) {
	if cols == 0 {
		return
	}
	if cols > neonChunk {
		for i := 0; i < rows; i++ {
			row := c[i*cols : (i+1)*cols]
			chunk3(addNEON, row, row, bias)
		}
		return
	}
	bias = bias[:cols]
	step := neonChunk / cols
	for i := 0; i < rows; i += step {
		n := min(step, rows-i)
		addBiasRowsNEON(c[i*cols:(i+n)*cols], bias, n)
	}
}

// colSumNEON adds the rows into dst in order 0..rows-1, each element
// getting the same sequence of float32 additions as in the generic level:
// blocks of whole rows of at most neonChunk elements per call, or row by
// row in chunks when a row is longer.
func colSumNEON(dst, a []float32, rows, cols int) {
	clear(dst)
	if cols == 0 {
		return
	}
	if cols > neonChunk {
		for i := 0; i < rows; i++ {
			chunk3(addNEON, dst, dst, a[i*cols:(i+1)*cols])
		}
		return
	}
	step := neonChunk / cols
	for i := 0; i < rows; i += step {
		n := min(step, rows-i)
		colSumRowsNEON(dst, a[i*cols:(i+n)*cols], n)
	}
}
