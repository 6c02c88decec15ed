package kernels

// Row-wise kernels work on a [rows, cols] row-major matrix a stored densely:
// element (i, j) is a[i*cols+j] and len(a) must be rows*cols.
//
// As in the reference BLAS, each kernel checks rows and cols first and,
// when its result is empty, returns at once without looking at the slices
// (which may then be nil or of any length); otherwise it checks the slice
// lengths. A result that is not empty is always written: RowMax over zero
// columns gives -Inf, RowSum zero and ColSum over zero rows zero.

// checkMatrix panics unless a holds exactly the rows×cols matrix.
func checkMatrix(fn string, a []float32, rows, cols int) {
	checkLen(fn, "a", len(a), rows*cols)
}

// RowMax sets dst[i] to the maximum of row i. A row holding a NaN gives NaN
// (as torch.max does); a row of zero columns gives -Inf. len(dst) must be
// rows.
func RowMax(dst, a []float32, rows, cols int) {
	checkDims("RowMax", rows, cols)
	if rows == 0 {
		return
	}
	checkMatrix("RowMax", a, rows, cols)
	checkLen("RowMax", "dst", len(dst), rows)
	use().rowmax(dst, a, rows, cols)
}

// RowArgmax sets dst[i] to the column index of the maximum of row i; ties
// give the first index, and a row holding a NaN gives the index of its
// first NaN (as numpy.argmax and torch.argmax do). cols must be at least 1
// when rows > 0 (an empty row has no argmax); it panics otherwise.
func RowArgmax(dst []int, a []float32, rows, cols int) {
	checkDims("RowArgmax", rows, cols)
	if rows == 0 {
		return
	}
	if cols == 0 {
		panic("kernels.RowArgmax: cols = 0")
	}
	checkMatrix("RowArgmax", a, rows, cols)
	checkLen("RowArgmax", "dst", len(dst), rows)
	use().rowarg(dst, a, rows, cols)
}

// RowSum sets dst[i] to the sum of row i.
func RowSum(dst, a []float32, rows, cols int) {
	checkDims("RowSum", rows, cols)
	if rows == 0 {
		return
	}
	checkMatrix("RowSum", a, rows, cols)
	checkLen("RowSum", "dst", len(dst), rows)
	use().rowsum(dst, a, rows, cols)
}

// Softmax sets each row of dst to softmax of the same row of a:
// exp(a[i,j]-max_i) / sum_j exp(a[i,j]-max_i), the normalized exponential
// of Bridle, "Probabilistic interpretation of feedforward classification
// network outputs", 1990 (torch.softmax over dim 1). Subtracting the row
// max (Goodfellow, Bengio & Courville, Deep Learning, 2016, §4.1) keeps it
// finite for logits of any size. A row holding NaN or +Inf, or made only
// of -Inf, gives a row of NaN (as torch.softmax does); -Inf entries of other
// rows give 0. dst may alias a; len(dst) must be rows*cols.
func Softmax(dst, a []float32, rows, cols int) {
	checkDims("Softmax", rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	checkMatrix("Softmax", a, rows, cols)
	checkLen("Softmax", "dst", len(dst), rows*cols)
	use().softmax(dst, a, rows, cols)
}

// LogSoftmax sets each row of dst to a[i,j] - max_i - log(sum_j
// exp(a[i,j]-max_i)), the log of Softmax computed as x minus the
// log-sum-exp with the max shifted out (Goodfellow, Bengio & Courville,
// 2016, §4.1; torch.log_softmax over dim 1), so that it is finite where
// Softmax underflows to 0. NaN as for
// Softmax; dst may alias a.
func LogSoftmax(dst, a []float32, rows, cols int) {
	checkDims("LogSoftmax", rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	checkMatrix("LogSoftmax", a, rows, cols)
	checkLen("LogSoftmax", "dst", len(dst), rows*cols)
	use().logsm(dst, a, rows, cols)
}

// AddBias adds bias[j] to every row of the [rows, cols] matrix c:
// c[i,j] += bias[j]. len(bias) must be cols.
func AddBias(c, bias []float32, rows, cols int) {
	checkDims("AddBias", rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	checkLen("AddBias", "c", len(c), rows*cols)
	checkLen("AddBias", "bias", len(bias), cols)
	use().addbias(c, bias, rows, cols)
}

// ColSum sets dst[j] to sum_i a[i,j], the bias gradient of a batch. Rows are
// added in order 0..rows-1 so the result does not depend on the level's
// vector width. len(dst) must be cols.
func ColSum(dst, a []float32, rows, cols int) {
	checkDims("ColSum", rows, cols)
	if cols == 0 {
		return
	}
	checkMatrix("ColSum", a, rows, cols)
	checkLen("ColSum", "dst", len(dst), cols)
	use().colsum(dst, a, rows, cols)
}
