//go:build !purego

package kernels

// gemmOuterAVX512 is the avx512 level's outer kernel (see gemmImpl.outer).
func gemmOuterAVX512(cols, k int, a []float32, lda int, b []float32, ldb int, t []float32, ldt, rows int, alpha float32) {
	_ = a[(k-1)*lda+rows-1]
	_ = b[(k-1)*ldb+cols-1]
	_ = t[(cols-1)*ldt+rows-1]
	mask := ^uint64(0)
	if rows < gemmOuterRows {
		mask = 1<<rows - 1
	}
	switch cols {
	case 4:
		gemmOuter4AVX512(k, &a[0], lda, &b[0], ldb, &t[0], ldt, mask, alpha)
	case 2:
		gemmOuter2AVX512(k, &a[0], lda, &b[0], ldb, &t[0], ldt, mask, alpha)
	case 1:
		gemmOuter1AVX512(k, &a[0], lda, &b[0], ldb, &t[0], ldt, mask, alpha)
	default:
		panic("kernels: outer kernel for 1, 2 or 4 columns only")
	}
}

// gemmOuter4AVX512 sets t[j*ldt+i] = alpha·Σ_p a[p*lda+i]·b[p*ldb+j] for
// j < 4 and the rows i < 64 whose bit is set in mask (a run from bit 0),
// the sum taken over p < k in order (k >= 1); it reads no other element
// of a or b and writes no other element of t.
//
//go:noescape
func gemmOuter4AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)

// gemmOuter2AVX512 is gemmOuter4AVX512 for j < 2.
//
//go:noescape
func gemmOuter2AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)

// gemmOuter1AVX512 is gemmOuter4AVX512 for j < 1.
//
//go:noescape
func gemmOuter1AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)
