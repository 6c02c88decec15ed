package kernels

// Transpose sets dst[i*cols+j] = src[j*rows+i] for i < rows and j < cols:
// dst is the [rows, cols] row-major transpose of src, [cols, rows]. It runs
// on the level's 8×8 transposing kernel (the one SGEMM's narrow products
// use) where it has one, so a layer that computes its output transposed
// (nn.Linear's small-batch forward form) pays a fraction of a scalar
// loop's cost to put it back. It panics on a negative shape or when dst or
// src does not hold exactly rows·cols values; dst and src must not
// overlap.
func Transpose(dst, src []float32, rows, cols int) {
	checkDims("Transpose", rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	checkLen("Transpose", "dst", len(dst), rows*cols)
	checkLen("Transpose", "src", len(src), rows*cols)
	transposeInto(use().gemm, dst, cols, src, rows, cols, 0)
}
