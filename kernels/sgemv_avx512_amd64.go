//go:build !purego

package kernels

// gemvDot4AVX512 is the avx512 level's dot4 (see gemmImpl): the whole row,
// tail included, in assembly, with masked loads for the last 1-15
// columns.
func gemvDot4AVX512(n int, a []float32, lda int, x []float32, d *[4]float32) {
	if n == 0 {
		*d = [4]float32{}
		return
	}
	x = x[:n]
	_ = a[3*lda+n-1]
	sgemvDot4AVX512(n, &a[0], lda, &x[0], &d[0])
}

// gemvAxpy4AVX512 is the avx512 level's axpy4 (see gemmImpl), tail
// included, with masked moves for the last 1-15 columns.
func gemvAxpy4AVX512(n int, a []float32, lda int, coef *[4]float32, y []float32) {
	if n == 0 {
		return
	}
	y = y[:n]
	_ = a[3*lda+n-1]
	sgemvAxpy4AVX512(n, &a[0], lda, &coef[0], &y[0])
}

// sgemvDot4AVX512 sets d[r] = sum_j a[r*lda+j]*x[j] for r < 4, j < n;
// n >= 1.
//
//go:noescape
func sgemvDot4AVX512(n int, a *float32, lda int, x *float32, d *float32)

// sgemvAxpy4AVX512 adds sum_r coef[r]*a[r*lda+j] to y[j] for r < 4, j < n;
// n >= 1.
//
//go:noescape
func sgemvAxpy4AVX512(n int, a *float32, lda int, coef *float32, y *float32)

// gemvTAVX512 is the avx512 level's gemvT (see gemmImpl): y += alpha·Aᵀx
// by sgemvTAVX512, in calls of at most gemvTRows rows (so a call returns
// within microseconds and does not hold up garbage collection).
func gemvTAVX512(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	if m == 0 || n == 0 {
		return
	}
	x, y = x[:m], y[:n]
	_ = a[(m-1)*lda+n-1]
	rows := max(1, gemvTElems/n)
	for i := 0; i < m; i += rows {
		r := min(rows, m-i)
		sgemvTAVX512(r, n, alpha, &a[i*lda], lda, &x[i], &y[0])
	}
}

// gemvTElems is about the most elements of A one sgemvTAVX512 call reads.
const gemvTElems = 1 << 16

// sgemvTAVX512 adds sum_i (alpha*x[i])*a[i*lda+j] to y[j] for i < m,
// j < n; m, n >= 1.
//
//go:noescape
func sgemvTAVX512(m, n int, alpha float32, a *float32, lda int, x, y *float32)

// gemvNAVX512 is the avx512 level's gemvN (see gemmImpl): y = alpha·A·x +
// beta·y by sgemvNAVX512, in calls of a multiple of 4 rows and about
// gemvTElems elements of A (so a call returns within microseconds).
func gemvNAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	if m == 0 || n == 0 {
		return
	}
	x, y = x[:n], y[:m]
	_ = a[(m-1)*lda+n-1]
	rows := max(4, gemvTElems/n&^3)
	for i := 0; i < m; i += rows {
		r := min(rows, m-i)
		sgemvNAVX512(r, n, alpha, &a[i*lda], lda, &x[0], beta, &y[i])
	}
}

// sgemvNAVX512 sets y[i] = alpha*sum_j a[i*lda+j]*x[j] + beta*y[i] for
// i < m, j < n, not reading y when beta is ±0; m, n >= 1.
//
//go:noescape
func sgemvNAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
