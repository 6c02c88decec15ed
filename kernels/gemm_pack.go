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
//
// pk holds the level's faster packers for this operand's panel width,
// any of them nil (see panelPackers).
func gemmPack(dst []float32, lanesContig bool, src []float32, ld, d0, nd, p0, kb, w int, pk *panelPackers) {
	if full := nd / w * w; lanesContig && full > 0 {
		// Whole panels: walk the source row by row, so memory is read
		// sequentially, and deal each row out to the panels.
		if pk.rows != nil {
			pk.rows(dst, src[p0*ld+d0:], ld, kb, full/w)
		} else {
			for p := 0; p < kb; p++ {
				row := src[(p0+p)*ld+d0 : (p0+p)*ld+d0+full]
				packRow(dst[p*w:], row, kb*w, w)
			}
		}
		if full == nd {
			return
		}
		dst, d0, nd = dst[full*kb:], d0+full, nd-full
	}
	for q := 0; q*w < nd; q++ {
		panel := dst[q*w*kb : (q+1)*w*kb]
		lanes := min(w, nd-q*w)
		d := d0 + q*w
		switch {
		case lanesContig && pk.partial != nil:
			pk.partial(panel, src[p0*ld+d:], ld, kb, lanes)
		case lanesContig:
			for p := 0; p < kb; p++ {
				row := (p0 + p) * ld
				dp := panel[p*w : p*w+w]
				copy(dp, src[row+d:row+d+lanes])
				clear(dp[lanes:])
			}
		case lanes == w && pk.lanes != nil:
			pk.lanes(panel, src[d*ld+p0:], ld, kb)
		case lanes == w && w == 6:
			packLanes6(panel, src[d*ld+p0:], ld, kb)
		case lanes == w && w == 8:
			packLanes8(panel, src[d*ld+p0:], ld, kb)
		default:
			if lanes < w {
				clear(panel)
			}
			packLanesN(panel, src[d*ld+p0:], ld, kb, w, lanes)
		}
	}
}

// packRow deals row (a whole number of w-float groups) out to dst[0:w],
// dst[stride:stride+w], ...: one row of the source into every panel. The
// tile widths the micro-kernels use are moved in 16- and 8-byte pieces:
// the compiler moves a [4]float32 or [2]float32 inline, but calls memmove
// for any larger array (the slices might overlap), which cost a fifth of
// a packed GEMM's time.
func packRow(dst, row []float32, stride, w int) {
	n := len(row) / w
	switch w {
	case 16:
		for q := 0; q < n; q++ {
			d, r := dst[q*stride:q*stride+16], row[q*16:q*16+16]
			*(*[4]float32)(d) = *(*[4]float32)(r)
			*(*[4]float32)(d[4:]) = *(*[4]float32)(r[4:])
			*(*[4]float32)(d[8:]) = *(*[4]float32)(r[8:])
			*(*[4]float32)(d[12:]) = *(*[4]float32)(r[12:])
		}
	case 12:
		for q := 0; q < n; q++ {
			d, r := dst[q*stride:q*stride+12], row[q*12:q*12+12]
			*(*[4]float32)(d) = *(*[4]float32)(r)
			*(*[4]float32)(d[4:]) = *(*[4]float32)(r[4:])
			*(*[4]float32)(d[8:]) = *(*[4]float32)(r[8:])
		}
	case 8:
		for q := 0; q < n; q++ {
			d, r := dst[q*stride:q*stride+8], row[q*8:q*8+8]
			*(*[4]float32)(d) = *(*[4]float32)(r)
			*(*[4]float32)(d[4:]) = *(*[4]float32)(r[4:])
		}
	case 6:
		for q := 0; q < n; q++ {
			d, r := dst[q*stride:q*stride+6], row[q*6:q*6+6]
			*(*[4]float32)(d) = *(*[4]float32)(r)
			*(*[2]float32)(d[4:]) = *(*[2]float32)(r[4:])
		}
	case 4:
		for q := 0; q < n; q++ {
			*(*[4]float32)(dst[q*stride:]) = *(*[4]float32)(row[q*4:])
		}
	default:
		for q := 0; q < n; q++ {
			copy(dst[q*stride:q*stride+w], row[q*w:q*w+w])
		}
	}
}

// packLanes6 packs six lanes that each run contiguously in p (rows of A
// without transpose): dst[p*6+l] = src[l*ld+p], p < kb, reading the six
// runs side by side and writing dst sequentially.
func packLanes6(dst, src []float32, ld, kb int) {
	r0 := src[:kb]
	r1 := src[ld : ld+kb]
	r2 := src[2*ld : 2*ld+kb]
	r3 := src[3*ld : 3*ld+kb]
	r4 := src[4*ld : 4*ld+kb]
	r5 := src[5*ld : 5*ld+kb]
	dst = dst[:6*kb]
	for p := range r0 {
		d := (*[6]float32)(dst[p*6:])
		d[0], d[1], d[2], d[3], d[4], d[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
	}
}

// packLanes8 is packLanes6 for eight lanes.
func packLanes8(dst, src []float32, ld, kb int) {
	r0 := src[:kb]
	r1 := src[ld : ld+kb]
	r2 := src[2*ld : 2*ld+kb]
	r3 := src[3*ld : 3*ld+kb]
	r4 := src[4*ld : 4*ld+kb]
	r5 := src[5*ld : 5*ld+kb]
	r6 := src[6*ld : 6*ld+kb]
	r7 := src[7*ld : 7*ld+kb]
	dst = dst[:8*kb]
	for p := range r0 {
		d := (*[8]float32)(dst[p*8:])
		d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		d[4], d[5], d[6], d[7] = r4[p], r5[p], r6[p], r7[p]
	}
}

// packLanesN is packLanes6 for w lanes of which the first lanes (at most
// 32) are filled, four depths at a time so each lane's run is read in
// 16-byte pieces.
func packLanesN(dst, src []float32, ld, kb, w, lanes int) {
	var runs [32][]float32
	for l := range lanes {
		runs[l] = src[l*ld : l*ld+kb]
	}
	dst = dst[:w*kb]
	p := 0
	for ; p+4 <= kb; p += 4 {
		d := dst[p*w : p*w+4*w]
		for l, run := range runs[:lanes] {
			v := (*[4]float32)(run[p:])
			d[l], d[w+l], d[2*w+l], d[3*w+l] = v[0], v[1], v[2], v[3]
		}
	}
	for ; p < kb; p++ {
		for l, run := range runs[:lanes] {
			dst[p*w+l] = run[p]
		}
	}
}

// gemmPackA packs rows [i0, i0+mb) and columns [p0, p0+kb) of op(A) into
// panels of g.mr rows (see gemmPack), with g's packers for A.
func gemmPackA(g *gemmImpl, dst []float32, transA bool, a []float32, lda, i0, mb, p0, kb int) {
	gemmPack(dst, transA, a, lda, i0, mb, p0, kb, g.mr, &g.packA)
}

// gemmPackB packs rows [p0, p0+kb) and columns [j0, j0+nb) of op(B) into
// panels of nr columns (see gemmPack), with g's packers for B.
func gemmPackB(g *gemmImpl, dst []float32, transB bool, b []float32, ldb, p0, kb, j0, nb int) {
	gemmPack(dst, !transB, b, ldb, j0, nb, p0, kb, g.nr, &g.packB)
}
