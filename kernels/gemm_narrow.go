package kernels

// Narrow products: C with few columns (an output layer's 10 classes) and
// many rows. The micro-kernel vectorises along C's columns, nr at a time,
// so n = 10 leaves 6 of the AVX2 kernel's 16 lanes idle. Computing the
// transpose instead, Cᵀ = op(B)ᵀ·op(A)ᵀ, puts the n columns on the
// kernel's rows (mr at a time, 6 on AVX2: 10 = 6 + 4 of 12) and m on its
// lanes; the n×m result goes to scratch and is transposed into C.

// gemmUseTransposed reports whether x is computed as its transpose: C has
// from 2 to 2·mr columns (two row tiles of the transposed product; wider,
// the direct product wastes fewer lanes) and enough rows to fill two lane
// panels. Up to mr columns the transposed product wins whatever the
// layout; from mr+1 to 2·mr it wins only when A is transposed, so that
// the transposed product reads A in place as its B operand (with A not
// transposed it would have to pack A with a transpose, which measured
// slower than the direct product at 128×10×128 on AVX2). The choice
// depends on the shape only, never on the thread count, so the result
// stays bit-identical whatever the threads.
func gemmUseTransposed(g *gemmImpl, x *gemmArgs) bool {
	if g.nr < 8 || x.n < 2 || x.n > 2*g.mr || x.m < 2*g.nr {
		return false
	}
	return x.n <= g.mr || x.transA
}

// gemmTransposed computes x as Cᵀ = op(B)ᵀ·op(A)ᵀ on up to threads
// goroutines into an n×m scratch, then sets C = (Cᵀ)ᵀ + beta·C (C only
// written when beta is 0). alpha is applied by the product.
func gemmTransposed(g *gemmImpl, threads int, x *gemmArgs) {
	m, n := x.m, x.n
	ar := gemmArenas.Get()
	// Room for whole row tiles of Cᵀ, so its last tile is computed in
	// place rather than in an edge tile and copied.
	rows := roundUp(n, g.mr)
	ar.trans = alignedFloats(ar.trans, rows*m)
	t := ar.trans
	// op(B)ᵀ is B read with the opposite transpose flag, and likewise A.
	xt := gemmArgs{transA: !x.transB, transB: !x.transA, m: n, n: m, k: x.k,
		alpha: x.alpha, beta: 0, a: x.b, lda: x.ldb, b: x.a, ldb: x.lda, c: t, ldc: m, cRows: rows}
	if p := gemmThreads(g, threads, n, m, x.k); p > 1 {
		gemmParallel(g, p, &xt)
	} else {
		gemmBlocked(g, ar, &xt, 0, n, 0, m)
	}
	transposeInto(g, x.c, x.ldc, t, m, n, x.beta)
	gemmArenas.Put(ar)
}

// transposeInto sets c[i*ldc+j] = t[j*m+i] + beta*c[i*ldc+j] for i < m,
// j < n, without reading c when beta is 0. With beta 0, the level's
// 8-row transposer (g.trans8, if any) takes blocks of 8 rows of t and 8
// columns of c, and packTransposed the rest: t's rows read four in step,
// so each row of c receives four adjacent values at a time.
func transposeInto(g *gemmImpl, c []float32, ldc int, t []float32, m, n int, beta float32) {
	if beta == 0 {
		m8, n8 := 0, 0
		if g.trans8 != nil {
			m8, n8 = m/8*8, n/8*8
		}
		for j := 0; j < n8 && m8 > 0; j += 8 {
			g.trans8(c[j:], ldc, t[j*m:], m, m8)
		}
		if m8 < m && n8 > 0 { // the last m-m8 rows of c, columns < n8
			packTransposed(c[m8*ldc:], t[m8:], m, n8, m-m8, ldc)
		}
		if n8 < n { // columns n8.. of c, every row
			packTransposed(c[n8:], t[n8*m:], m, n-n8, m, ldc)
		}
		return
	}
	c = c[:(m-1)*ldc+n]
	for j := 0; j < n; j++ {
		at := j
		for _, v := range t[j*m : j*m+m] {
			c[at] = v + float32(beta*c[at]) // unfused, as in gemmMicroGo
			at += ldc
		}
	}
}

// gemmForRows returns the SGEMM to compute a product of rows rows of C
// (of Cᵀ on the transposed route) with: g.fewRows when the product has at
// most two of g's row tiles and g.fewRows's tiles leave fewer rows idle,
// else g. The avx512 level's 8-row tiles leave 6 of 16 rows idle on a
// 10-row product (an output layer's weight gradient, 10×128×128), the
// avx2 level's 6-row tiles 2 of 12, which measured about 10% faster on
// AMD Zen 4, where a ymm FMA costs half a zmm one (see avx512Tuning). The
// choice depends on the shape and the CPU only, so results stay
// bit-identical for any thread count.
func gemmForRows(g *gemmImpl, rows int) *gemmImpl {
	f := g.fewRows
	if f == nil || rows > 2*g.mr || roundUp(rows, f.mr)-rows >= roundUp(rows, g.mr)-rows {
		return g
	}
	return f
}
