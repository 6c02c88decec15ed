package kernels

// Narrow products with A transposed, C = alpha·Aᵀ·op(B) + beta·C with few
// columns (an output layer's weight gradient, Xᵀ·dY), as outer products:
// A is stored k×m, so its row p holds the p-th term of every row of C
// side by side, and a level's outer kernel loads 16 of C's rows as one
// vector and multiplies it by each of op(B)'s values in row p,
// broadcast. Neither operand is packed and no lane is idle whatever n
// is; the kernel's accumulators hold columns of C, which it stores as
// rows of Cᵀ in scratch, transposed into C at the end as on the
// transposed route (gemm_narrow.go), which would otherwise compute this
// product with row tiles of Cᵀ rounded up to the kernel's rows.

// gemmOuterRows is how many rows of C an outer kernel call computes at
// most: four 16-float vectors.
const gemmOuterRows = 64

// gemmUseOuter reports whether x goes to the outer-product route: the
// level has an outer kernel, A is transposed, C has 4 to 2·mr columns, at
// least 32 rows (with 16, three of a call's four vectors run masked, and
// the transposed route measured faster) and no bias or column blocks,
// and the product has at most 2·gemmMinFlopsPerThread FLOPs, as on the
// dot route: it runs on one goroutine, and larger products go to the
// transposed route, which splits them over goroutines. The choice
// depends on the shape only, never on the thread count.
func gemmUseOuter(g *gemmImpl, x *gemmArgs) bool {
	if g.outer == nil || !x.transA || x.n < 4 || x.n > 2*g.mr || x.m < 32 || x.bias != nil || x.cBlock > 0 {
		return false
	}
	return 2*float64(x.m)*float64(x.n)*float64(x.k) <= 2*gemmMinFlopsPerThread
}

// gemmOuter computes x by the outer-product route: op(B) is read in place
// when B is not transposed and laid out k×n otherwise; each block of
// gemmOuterRows rows of C is computed four columns at a time (then two,
// then one) into the n×m scratch Cᵀ, each element a sum over p in order.
func gemmOuter(g *gemmImpl, x *gemmArgs) {
	ar := gemmArenas.Get()
	defer gemmArenas.Put(ar)
	m, n, k := x.m, x.n, x.k
	b, ldb := x.b, x.ldb
	if x.transB {
		ar.dotB = alignedFloats(ar.dotB, k*n)
		packTransposed(ar.dotB, x.b, x.ldb, n, k, n)
		b, ldb = ar.dotB, n
	}
	ar.trans = alignedFloats(ar.trans, n*m)
	t := ar.trans
	for i := 0; i < m; i += gemmOuterRows {
		rows := min(gemmOuterRows, m-i)
		for j := 0; j < n; {
			cols := 4
			if n-j < 4 {
				cols = n - j
				if cols == 3 {
					cols = 2
				}
			}
			g.outer(cols, k, x.a[i:], x.lda, b[j:], ldb, t[j*m+i:], m, rows, x.alpha)
			j += cols
		}
	}
	transposeInto(g, x.c, x.ldc, t, m, n, x.beta)
}
