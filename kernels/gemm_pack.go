package kernels

// Packing copies a block of op(A) or op(B) into the layout the
// micro-kernel streams: contiguous micro-panels, zero-padded to whole
// tiles so edge tiles compute on zeros instead of reading past the matrix.
//
// Both operands pack the same way once op(A) is seen as its columns: an
// mr-row panel of op(A) and an nr-column panel of op(B) are each "w lanes
// deep kb". gemmPack packs lanes [d0, d0+nd) and depths [p0, p0+kb) of a
// source where element (lane d, depth p) is src[p*ld+d] when lanesContig
// (lanes run along a row: op(A) = A^T or op(B) = B) and src[d*ld+p]
// otherwise. dst receives ceil(nd/w) panels of kb×w values; panel q holds,
// for each p, lanes d0+q*w .. d0+q*w+w-1, zero past nd.
func gemmPack(dst []float32, lanesContig bool, src []float32, ld, d0, nd, p0, kb, w int) {
	for q := 0; q*w < nd; q++ {
		panel := dst[q*w*kb : (q+1)*w*kb]
		lanes := min(w, nd-q*w)
		d := d0 + q*w
		if lanesContig {
			for p := 0; p < kb; p++ {
				row := (p0 + p) * ld
				dp := panel[p*w : p*w+w]
				copy(dp, src[row+d:row+d+lanes])
				clear(dp[lanes:])
			}
			continue
		}
		for l := 0; l < lanes; l++ {
			run := src[(d+l)*ld+p0 : (d+l)*ld+p0+kb]
			for p, v := range run {
				panel[p*w+l] = v
			}
		}
		for l := lanes; l < w; l++ {
			for p := 0; p < kb; p++ {
				panel[p*w+l] = 0
			}
		}
	}
}

// gemmPackA packs rows [i0, i0+mb) and columns [p0, p0+kb) of op(A) into
// panels of mr rows (see gemmPack).
func gemmPackA(dst []float32, transA bool, a []float32, lda, i0, mb, p0, kb, mr int) {
	gemmPack(dst, transA, a, lda, i0, mb, p0, kb, mr)
}

// gemmPackB packs rows [p0, p0+kb) and columns [j0, j0+nb) of op(B) into
// panels of nr columns (see gemmPack).
func gemmPackB(dst []float32, transB bool, b []float32, ldb, p0, kb, j0, nb, nr int) {
	gemmPack(dst, !transB, b, ldb, j0, nb, p0, kb, nr)
}
