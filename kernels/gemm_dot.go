package kernels

// Narrow products with A not transposed, C = alpha·A·op(B) + beta·C with
// few columns (an output layer's forward pass), are computed as dot
// products: A's rows and Bᵀ's rows both run along k, so a level's dot
// micro-kernel vectorises along k and wastes no lane on C's narrowness,
// where the regular micro-kernel would leave most of its columns idle and
// the transposed product would have to pack A with a transpose.

// gemmUseDot reports whether x goes to the dot-product route: the level
// has a dot micro-kernel, A is not transposed, C has 4 to 2·mr columns and
// at least 3 rows, and the product is small enough for one goroutine
// (larger ones are split over goroutines by the regular route). The
// choice depends on the shape only, never on the thread count.
func gemmUseDot(g *gemmImpl, x *gemmArgs) bool {
	if g.dot3x4 == nil || x.transA || x.n < 4 || x.n > 2*g.mr || x.m < 3 {
		return false
	}
	return 2*float64(x.m)*float64(x.n)*float64(x.k) <= 2*gemmMinFlopsPerThread
}

// gemmDotKernel is a dot-product micro-kernel for blocks of rows×cols.
type gemmDotKernel struct {
	rows, cols int
	run        func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, groups int)
}

// gemmDot computes x by the dot-product route: Bᵀ is read in place when B
// is transposed and packed (n rows of k) otherwise; C is swept in blocks
// of the kernel's columns (5 when n is 5 or 10 and the level has a 2×5
// kernel, else 4) and, down each, groups of its rows. Where m or n is not
// a multiple of those, the last block is shifted back to overlap the one
// before it, computed into scratch, and only its new rows and columns are
// written, so no element of C gets beta applied twice.
func gemmDot(g *gemmImpl, x *gemmArgs) {
	ar := gemmArenas.Get()
	defer gemmArenas.Put(ar)
	m, n, k := x.m, x.n, x.k
	kern := gemmDotKernel{3, 4, g.dot3x4}
	if g.dot2x5 != nil && n%5 == 0 {
		kern = gemmDotKernel{2, 5, g.dot2x5}
	}
	bt, ldbt := x.b, x.ldb
	if !x.transB {
		ar.dotB = alignedFloats(ar.dotB, n*k)
		bt, ldbt = ar.dotB, k
		packTransposed(bt, x.b, x.ldb, k, n, k)
	}
	r, w := kern.rows, kern.cols
	full := m / r * r
	for j := 0; j < n; j += w {
		j0 := min(j, n-w)
		gemmDotBlock(&kern, ar, x, bt[j0*ldbt:], ldbt, 0, full, j0, 0, j-j0)
		if full < m {
			gemmDotBlock(&kern, ar, x, bt[j0*ldbt:], ldbt, m-r, m, j0, r-(m-full), j-j0)
		}
	}
}

// gemmDotBlock computes rows [i0, i1) (a multiple of the kernel's rows)
// and the kernel's columns from j0 of x's product from Bᵀ's rows j0.. at
// bt, and writes them to C but for the first skipR rows and skipC
// columns, already written.
func gemmDotBlock(kern *gemmDotKernel, ar *gemmArena, x *gemmArgs, bt []float32, ldbt, i0, i1, j0, skipR, skipC int) {
	w := kern.cols
	groups := (i1 - i0) / kern.rows
	a := x.a[i0*x.lda:]
	if skipR == 0 && skipC == 0 {
		kern.run(x.k, a, x.lda, bt, ldbt, x.c[i0*x.ldc+j0:], x.ldc, x.alpha, x.beta, groups)
		return
	}
	ar.trans = alignedFloats(ar.trans, (i1-i0)*w)
	t := ar.trans
	kern.run(x.k, a, x.lda, bt, ldbt, t, w, x.alpha, 0, groups)
	for r := skipR; r < i1-i0; r++ {
		at := (i0+r)*x.ldc + j0
		gemmWriteBack(x.c[at+skipC:at+w], t[r*w+skipC:r*w+w], x.beta)
	}
}

// packTransposed sets dst[j*ld+p] = b[p*ldb+j] for p < k, j < n: the
// transpose of a k×n matrix into rows ld apart. Four rows of b are read
// in step, so each row of dst receives four adjacent values at a time
// (2.3 times faster than one row at a time for a 128×10 matrix on AVX2).
func packTransposed(dst, b []float32, ldb, k, n, ld int) {
	p := 0
	for ; p+4 <= k; p += 4 {
		r0 := b[p*ldb : p*ldb+n]
		r1 := b[(p+1)*ldb : (p+1)*ldb+n]
		r2 := b[(p+2)*ldb : (p+2)*ldb+n]
		r3 := b[(p+3)*ldb : (p+3)*ldb+n]
		at := p
		for j, v := range r0 {
			d := (*[4]float32)(dst[at : at+4])
			d[0], d[1], d[2], d[3] = v, r1[j], r2[j], r3[j]
			at += ld
		}
	}
	for ; p < k; p++ {
		at := p
		for _, v := range b[p*ldb : p*ldb+n] {
			dst[at] = v
			at += ld
		}
	}
}
