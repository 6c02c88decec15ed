package kernels

// gemvDot4Go sets d[r] = sum_j a[r*lda+j]*x[j] for r < 4 and j < n (the
// generic level's kernel for Sgemv without transpose; lda may be 0 to put
// every lane on one row). Each row is summed in four interleaved partial
// sums, like the vector levels.
func gemvDot4Go(n int, a []float32, lda int, x []float32, d *[4]float32) {
	x = x[:n]
	for r := range d {
		d[r] = sdotGo(a[r*lda:r*lda+n], x)
	}
}

// gemvAxpy4Go computes y[j] += sum_r coef[r]*a[r*lda+j] for j < n (the
// generic level's kernel for Sgemv with transpose). Products are rounded
// explicitly, so that no compiler fuses them into FMAs (see gemmMicroGo).
func gemvAxpy4Go(n int, a []float32, lda int, coef *[4]float32, y []float32) {
	y = y[:n]
	a0, a1, a2, a3 := a[:n], a[lda:lda+n], a[2*lda:2*lda+n], a[3*lda:3*lda+n]
	c0, c1, c2, c3 := coef[0], coef[1], coef[2], coef[3]
	for j := range y {
		y[j] += float32(c0*a0[j]) + float32(c1*a1[j]) + float32(c2*a2[j]) + float32(c3*a3[j])
	}
}
