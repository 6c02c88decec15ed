package kernels

import "fmt"

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

// TransposeStrided sets dst[i*ldd+j] = src[j*rows+i] for i < rows and
// j < cols: it writes the [rows, cols] transpose of src, [cols, rows]
// contiguous, into rows of dst ldd elements apart, leaving dst's other
// elements as they were, on the same kernel as Transpose. A layer that
// computes a block of its output columns transposed (nn.Linear's forward
// pass by blocks of units) puts it in place with it. It panics on a
// negative shape or ldd < max(1, cols), and, for a matrix that is not
// empty, when src does not hold exactly rows·cols values or dst is
// shorter than (rows-1)·ldd+cols; dst and src must not overlap.
func TransposeStrided(dst []float32, ldd int, src []float32, rows, cols int) {
	checkDims("TransposeStrided", rows, cols)
	if ldd < max(1, cols) {
		panic(fmt.Sprintf("kernels.TransposeStrided: ldd = %d, want at least %d", ldd, max(1, cols)))
	}
	if rows == 0 || cols == 0 {
		return
	}
	checkMatLen("TransposeStrided", "dst", len(dst), rows, cols, ldd)
	checkLen("TransposeStrided", "src", len(src), rows*cols)
	transposeInto(use().gemm, dst, ldd, src, rows, cols, 0)
}
