//go:build !purego && (amd64 || arm64)

package kernels

// gemvDot4Asm is the assembly levels' dot4 (see gemmImpl): assembly
// (sgemv_amd64.s, gemm_arm64.s) for the multiple-of-8 prefix of each row,
// Go for the rest.
func gemvDot4Asm(n int, a []float32, lda int, x []float32, d *[4]float32) {
	x = x[:n]
	_ = a[3*lda+n-1]
	n8 := n &^ 7
	if n8 == 0 {
		*d = [4]float32{}
	} else {
		sgemvDot4(n8, &a[0], lda, &x[0], &d[0])
	}
	for j := n8; j < n; j++ {
		xj := x[j]
		d[0] += a[j] * xj
		d[1] += a[lda+j] * xj
		d[2] += a[2*lda+j] * xj
		d[3] += a[3*lda+j] * xj
	}
}

// gemvAxpy4Asm is the assembly levels' axpy4 (see gemmImpl).
func gemvAxpy4Asm(n int, a []float32, lda int, coef *[4]float32, y []float32) {
	y = y[:n]
	_ = a[3*lda+n-1]
	n8 := n &^ 7
	if n8 > 0 {
		sgemvAxpy4(n8, &a[0], lda, &coef[0], &y[0])
	}
	if n8 < n {
		gemvAxpy4Go(n-n8, a[n8:], lda, coef, y[n8:])
	}
}

// sgemvDot4 sets d[r] = sum_j a[r*lda+j]*x[j] for r < 4, j < n; n must be
// a positive multiple of 8.
//
//go:noescape
func sgemvDot4(n int, a *float32, lda int, x *float32, d *float32)

// sgemvAxpy4 adds sum_r coef[r]*a[r*lda+j] to y[j] for r < 4, j < n; n
// must be a positive multiple of 8.
//
//go:noescape
func sgemvAxpy4(n int, a *float32, lda int, coef *float32, y *float32)
