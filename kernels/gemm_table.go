package kernels

import "github.com/klauspost/cpuid/v2"

// gemmImpl is one level's SGEMM (the table's gemm field): the
// register-blocked micro-kernel, its tile shape and the cache block sizes
// the driver packs for.
//
// The micro-kernel computes one mr×nr tile of C from a packed mr×kc panel
// of A (kc groups of mr values, column after column) and a packed kc×nr
// panel of B (kc rows of nr values):
//
//	C[i][j] = alpha*sum_p A[p][i]*B[p][j] + beta*C[i][j]   (i < mr, j < nr)
//
// with C's rows ldc apart. With beta = 0 it must not read C. a holds at
// least kc*mr values, b at least kc*nr, c at least (mr-1)*ldc+nr.
type gemmImpl struct {
	level  Level
	mr, nr int
	kernel func(kc int, a, b, c []float32, ldc int, alpha, beta float32)
	// column, if not nil, runs kernel over tiles full tiles down a column
	// of C: tile t from a[t*kc*mr:] into rows t*mr.. of c. It saves a call
	// per tile, which matters when kc is small.
	column func(kc, tiles int, a, b, c []float32, ldc int, alpha, beta float32)
	// columnCols, if not nil, is column for the last, partial panel of B:
	// it reads and writes only the first cols (1 to nr-1) columns of C,
	// in place, instead of computing whole tiles into scratch.
	columnCols func(kc, tiles int, a, b, c []float32, ldc, cols int, alpha, beta float32)
	// columnBias, if not nil, is column with alpha 1 and beta 0 and
	// bias[i] added to row i of c, for products with a bias (see
	// SgemmPackedBBlocks): c = A·B + bias, rounded as the sum of the
	// product and the bias, without a pass over C to write the bias
	// first.
	columnBias func(kc, tiles int, a, b, c []float32, ldc int, bias []float32)
	// columnBiasSplit, if not nil, is columnBias for a full panel of B
	// that spans two blocks of C: it writes the panel's columns [0, cut)
	// to c and [cut, nr) to c1, column cut at c1[0], both with rows ldc
	// apart, in place of computing the column into scratch and writing it
	// back in pieces. 1 <= cut < nr.
	columnBiasSplit func(kc, tiles int, a, b, c, c1 []float32, ldc, cut int, bias []float32)
	// strided, if not nil, is kernel reading operands in place: A's value
	// (i, p) at a[i*rsA+p*csA] and B's row p at b[p*csB : p*csB+nr]; it
	// reads and writes only the first cols (1 to nr) columns of C. The
	// driver uses it to skip packing an operand that would be used only
	// once or twice (narrow and short products).
	strided func(kc int, a []float32, rsA, csA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32)
	// stridedTiles, if not nil, is strided over tiles whole tiles down a
	// column of C in one call, tile t reading A from a[t*tsA:] and
	// writing C's rows t·mr to t·mr+mr-1, each tile computed as strided
	// computes it: a product read in place then spends its time in the
	// kernel, not in a call per tile.
	stridedTiles func(kc, tiles int, a []float32, rsA, csA, tsA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32)

	// dot3x4, if not nil, is the dot-product micro-kernel for narrow
	// products (see gemm_dot.go): for g < groups it sets the 3×4 block of
	// C at c[3g*ldc:] to alpha·A_g·Bᵀ + beta·C (C not read when beta is
	// 0), A_g being rows 3g..3g+2 of a (lda apart) and Bᵀ the four rows of
	// b (ldb apart), all k long.
	dot3x4 func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, groups int)
	// dot2x5, if not nil, is dot3x4 for blocks of 2 rows and 5 columns,
	// which fit C of 5 or 10 columns exactly.
	dot2x5 func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, groups int)

	// outer, if not nil, is the outer-product kernel for narrow products
	// with A transposed (see gemm_outer.go): it sets
	// t[j*ldt+i] = alpha·sum_p a[p*lda+i]·b[p*ldb+j] for j < cols (1, 2
	// or 4) and i < rows (1 to gemmOuterRows), each sum over p < k (k >= 1)
	// in order.
	outer func(cols, k int, a []float32, lda int, b []float32, ldb int, t []float32, ldt, rows int, alpha float32)

	// trans8, if not nil, sets c[i*ldc+j] = t[j*ldt+i] for j < 8 and i < m
	// (a multiple of 8): the narrow route's transpose of its result.
	trans8 func(c []float32, ldc int, t []float32, ldt, m int)

	// packA and packB are the level's faster packers for panels of op(A)
	// (mr wide) and op(B) (nr wide); see panelPackers.
	packA, packB panelPackers

	// The Sgemv kernels: dot4 sets d[r] = sum_j a[r*lda+j]*x[j] and axpy4
	// adds sum_r coef[r]*a[r*lda+j] to y[j], for r < 4 and j < n.
	dot4  func(n int, a []float32, lda int, x []float32, d *[4]float32)
	axpy4 func(n int, a []float32, lda int, coef *[4]float32, y []float32)
	// gemvN, if not nil, sets y = alpha·A·x + beta·y (A m×n, rows lda
	// apart; y not read when beta is 0) itself instead of calling dot4
	// for every four rows.
	gemvN func(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32)
	// gemvT, if not nil, adds alpha·Aᵀx to y (A m×n, rows lda apart)
	// itself, adding the rows in order as the axpy4 route does, instead
	// of calling axpy4 for every four rows.
	gemvT func(m, n int, alpha float32, a []float32, lda int, x, y []float32)

	// fewRows, if not nil, is another level's SGEMM whose shorter row
	// tiles fit products of few rows better (see gemmForRows).
	fewRows *gemmImpl

	// usesB, if positive, replaces gemmDirectUses for panels of B: the
	// most row tiles of C for which the driver reads B's full panels in
	// place (see gemmBlocked).
	usesB int

	// band, if positive, is how many row tiles of a packed block of C
	// the macro-kernel computes across all the block's panels of B before
	// it moves down to the next band (0: the whole block's height down
	// each panel of B), on blocks of B of at most bandMaxB floats (kb×nb).
	// C's rows lie a page or more apart in large products, and a short
	// band keeps the pages the tiles touch few enough for the TLB, at the
	// cost of loading each panel of B into L1 once per band rather than
	// once per block: the block of B must stay in L2 meanwhile.
	band, bandMaxB int

	// Block sizes: kc (depth of a packed panel, sized for L1), mc (rows of
	// a packed A block, sized for L2, a multiple of mr) and nc (columns of
	// a packed B block, sized for L3, a multiple of nr).
	kc, mc, nc int
}

// withCacheBlocks sets g's cache blocks from the CPU's cache sizes (see
// gemmBlocks) and returns g.
func withCacheBlocks(g *gemmImpl) *gemmImpl {
	g.kc, g.mc, g.nc = gemmBlocks(g.mr, g.nr, cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)
	return g
}

// gemmBlocks sizes the cache blocks after Goto & van de Geijn (2008) and
// the BLIS analytical model: a kc×nr panel of B should take about half of
// L1 (the rest streams A), an mc×kc block of A about a quarter of L2 (half
// is the textbook figure; a quarter measured a few percent faster on a
// Zen 3 shared with other work, since the block survives other tasks'
// time slices better), and a kc×nc block of B a quarter of L3 (which
// other cores share). Caches the
// CPU does not report (0 or negative) get the sizes of a typical desktop
// core: 32 KiB L1D, 512 KiB L2, 8 MiB L3.
func gemmBlocks(mr, nr, l1, l2, l3 int) (kc, mc, nc int) {
	if l1 <= 0 {
		l1 = 32 << 10
	}
	if l2 <= 0 {
		l2 = 512 << 10
	}
	if l3 <= 0 {
		l3 = 8 << 20
	}
	const f32 = 4
	kc = clampInt(l1/2/(nr*f32), 64, 512) &^ 7
	mc = clampInt(l2/4/(kc*f32), mr, 1024) / mr * mr
	nc = clampInt(l3/4/(kc*f32), nr, 8192) / nr * nr
	return kc, mc, nc
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// roundUp returns v rounded up to a multiple of m.
func roundUp(v, m int) int { return (v + m - 1) / m * m }

// gemmDepthBlock returns the depth of the k slices: g.kc, stretched by up
// to an eighth when that saves a slice (the B panel still leaves room in
// L1 for A's), and then evened out over the
// slices (in multiples of 8), so no slice is left a sliver: k = 784 with
// kc = 256 gives 264, 264, 256 rather than 256, 256, 256, 16, whose last
// slice would cost a pass over C for little work. It depends on k only,
// so every part of a parallel call slices alike.
func gemmDepthBlock(g *gemmImpl, k int) int {
	slices := max(1, (k+g.kc+g.kc/8-1)/(g.kc+g.kc/8))
	return roundUp((k+slices-1)/slices, 8)
}

// panelPackers are a level's faster versions of parts of gemmPack for one
// panel width w; any may be nil.
type panelPackers struct {
	// lanes packs one full panel whose lanes run along p: dst[p*w+l] =
	// src[l*ld+p] for l < w, p < kb.
	lanes func(dst, src []float32, ld, kb int)
	// rows packs panels whole panels whose lanes run along the rows of
	// src: dst[q*kb*w+p*w+l] = src[p*ld+q*w+l] for p < kb, q < panels.
	rows func(dst, src []float32, ld, kb, panels int)
	// partial packs one panel whose lanes run along the rows of src with
	// only its first lanes (1 to w-1) filled and the rest zero.
	partial func(dst, src []float32, ld, kb, lanes int)
}

// PanelPacker packs part of an operand B that exists only implicitly, as
// the im2col matrix of a convolution does, straight into the layout
// SgemmPackedB's micro-kernel streams. It must set rows [p0, p0+kb) and
// columns [j0, j0+nb) of the k×n matrix B into dst as ⌈nb/w⌉
// micro-panels of kb×w values, panel q holding row p's columns j0+q·w ..
// j0+q·w+w−1 at dst[q·kb·w + p·w:], and zeros for the columns past
// j0+nb; len(dst) is ⌈nb/w⌉·kb·w. The panel width w is the active
// level's tile width (32 on avx512, 16 on avx2, 12 on neon, 4 on
// generic). A product split over several goroutines calls it from all of
// them at once, on disjoint column ranges, so it must only read shared
// state.
type PanelPacker func(dst []float32, p0, kb, j0, nb, w int)
