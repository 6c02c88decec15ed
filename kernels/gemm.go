package kernels

// gemmArgs is one Sgemm call, validated: C = alpha*op(A)*op(B) + beta*C.
type gemmArgs struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
}

// gemmBlocked computes rows [i0, i1) and columns [j0, j1) of C with g's
// micro-kernel, following Goto & van de Geijn (2008): for each nc-wide
// block of columns and kc-deep slice of k, pack op(B) once (it stays in
// L3), then for each mc-tall block of rows pack op(A) (it stays in L2) and
// sweep the micro-kernel over its tiles, a kc×nr panel of B staying in L1.
//
// i0 and j0 must be multiples of g.mr and g.nr: tiles then sit at the same
// places whatever part of C a goroutine computes, and every element of C
// sees the same sequence of floating-point operations, which is what makes
// the result independent of the thread count.
func gemmBlocked(g *gemmImpl, ar *gemmArena, x *gemmArgs, i0, i1, j0, j1 int) {
	mr, nr := g.mr, g.nr
	k := x.k
	packA, packB, edge := ar.buffers(g, i1-i0, j1-j0, k)
	for jc := j0; jc < j1; jc += g.nc {
		nb := min(g.nc, j1-jc)
		for pc := 0; pc < k; pc += g.kc {
			kb := min(g.kc, k-pc)
			gemmPackB(packB, x.transB, x.b, x.ldb, pc, kb, jc, nb, nr)
			beta := x.beta
			if pc > 0 {
				beta = 1 // later slices of k accumulate onto the first's result
			}
			for ic := i0; ic < i1; ic += g.mc {
				mb := min(g.mc, i1-ic)
				gemmPackA(packA, x.transA, x.a, x.lda, ic, mb, pc, kb, mr)
				gemmMacro(g, x, packA, packB, edge, ic, mb, jc, nb, kb, beta)
			}
		}
	}
}

// gemmMacro runs the micro-kernel over the mb×nb block of C at (ic, jc)
// from packed blocks of A (mb×kb) and B (kb×nb). Edge tiles are computed
// into edge and only their valid part is written back.
func gemmMacro(g *gemmImpl, x *gemmArgs, packA, packB, edge []float32, ic, mb, jc, nb, kb int, beta float32) {
	mr, nr := g.mr, g.nr
	c, ldc := x.c, x.ldc
	for jr := 0; jr < nb; jr += nr {
		bp := packB[jr*kb : jr*kb+nr*kb]
		cols := min(nr, nb-jr)
		ir := 0
		if full := mb / mr; g.column != nil && cols == nr && full > 0 {
			g.column(kb, full, packA, bp, c[(ic)*ldc+jc+jr:], ldc, x.alpha, beta)
			ir = full * mr
		}
		for ; ir < mb; ir += mr {
			ap := packA[ir*kb : ir*kb+mr*kb]
			rows := min(mr, mb-ir)
			off := (ic+ir)*ldc + jc + jr
			if rows == mr && cols == nr {
				g.kernel(kb, ap, bp, c[off:], ldc, x.alpha, beta)
				continue
			}
			g.kernel(kb, ap, bp, edge, nr, x.alpha, 0)
			for r := 0; r < rows; r++ {
				dst := c[off+r*ldc : off+r*ldc+cols]
				src := edge[r*nr : r*nr+cols]
				if beta == 0 {
					copy(dst, src)
					continue
				}
				for j, v := range src {
					dst[j] = v + beta*dst[j]
				}
			}
		}
	}
}

// gemmScaleC computes C = beta*C over the m×n matrix, writing zeros
// without reading C when beta is 0 (the BLAS rule for alpha = 0 or k = 0).
func gemmScaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
		} else {
			sscalGo(beta, row)
		}
	}
}
