package kernels

// gemmArgs is one Sgemm call, validated: C = alpha*op(A)*op(B) + beta*C.
type gemmArgs struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
	// packB, if not nil, packs op(B) in place of gemmPackB (b is then
	// nil and ldb unused): see SgemmPackedB.
	packB PanelPacker
	// cBlock, when positive, splits C's columns into blocks of cBlock
	// columns, block b starting at c[b*cStride:] (see
	// SgemmPackedBBlocks); with 0, C is one block.
	cBlock, cStride int
	// bias, if not nil, is added to C's rows, bias[i] to row i, with the
	// first slice of k (beta is then 0; see SgemmPackedBBlocks).
	bias []float32
	// cRows, when above m, is how many rows C has room for: rows m to
	// cRows-1 are scratch the product may overwrite (the transposed
	// route's result, padded to whole row tiles), so a tile that crosses
	// row m is computed in place rather than through the edge tile.
	cRows int
}

// gemmBlocked computes rows [i0, i1) and columns [j0, j1) of C with g's
// micro-kernel, following Goto & van de Geijn (2008): for each nc-wide
// block of columns and kc-deep slice of k, pack op(B) once (it stays in
// L3), then for each mc-tall block of rows pack op(A) (it stays in L2) and
// sweep the micro-kernel over its tiles, a kc×nr panel of B staying in L1.
//
// Packing pays only when a packed panel is used many times. A panel of
// op(A) is used once per panel of B and vice versa, so when C has at most
// gemmDirectUses panels on the other side (for B, the level's
// directUsesB row tiles when it sets them), and the level has a strided
// kernel, full panels are read in place (B only when its rows are
// contiguous, that is without transpose); only the partial panel at the
// edge is packed, to pad it with zeros.
//
// i0 and j0 must be multiples of g.mr and g.nr: tiles then sit at the same
// places whatever part of C a goroutine computes, and every element of C
// sees the same sequence of floating-point operations, which is what makes
// the result independent of the thread count.
func gemmBlocked(g *gemmImpl, ar *gemmArena, x *gemmArgs, i0, i1, j0, j1 int) {
	mr, nr := g.mr, g.nr
	k := x.k
	kc := gemmDepthBlock(g, k)
	packA, packB, edge := ar.buffers(g, i1-i0, j1-j0, k)
	// Decided on the whole product, not this goroutine's part, so every
	// part takes the same path (both paths compute the same bits anyway).
	directB := g.strided != nil && !x.transB && x.m <= g.directUsesB()*mr && x.packB == nil
	directA := g.strided != nil && x.n <= gemmDirectUses*nr
	// A packB with one block of rows packs each panel just before the
	// micro-kernel sweeps it, so that the panel is written to and read
	// from L1, where a whole block would go to L2 and come back; with
	// more blocks of rows the block is packed once for all of them.
	perPanel := x.packB != nil && i1-i0 <= g.mc
	for jc := j0; jc < j1; jc += g.nc {
		nb := min(g.nc, j1-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			switch full := nb / nr * nr; {
			case perPanel: // gemmMacro packs each panel
			case x.packB != nil:
				x.packB(packB[:roundUp(nb, nr)*kb], pc, kb, jc, nb, nr)
			case !directB:
				gemmPackB(g, packB, x.transB, x.b, x.ldb, pc, kb, jc, nb)
			case full < nb:
				gemmPackB(g, packB, x.transB, x.b, x.ldb, pc, kb, jc+full, nb-full)
			}
			s := gemmSlice{x: x, pc: pc, kb: kb, beta: x.beta, directA: directA, directB: directB, perPanel: perPanel,
				bias: pc == 0 && x.bias != nil}
			if pc > 0 {
				s.beta = 1 // later slices of k accumulate onto the first's result
			}
			for ic := i0; ic < i1; ic += g.mc {
				mb := min(g.mc, i1-ic)
				if full := mb / mr * mr; !directA {
					gemmPackA(g, packA, x.transA, x.a, x.lda, ic, mb, pc, kb)
				} else if full < mb {
					gemmPackA(g, packA, x.transA, x.a, x.lda, ic+full, mb-full, pc, kb)
				}
				gemmMacro(g, ar, &s, packA, packB, edge, ic, mb, jc, nb)
			}
		}
	}
}

// gemmDirectUses is the most times a panel may be used for the driver to
// read it in place rather than pack it.
const gemmDirectUses = 2

// directUsesB returns the most times a panel of B may be used (C's row
// tiles) for the driver to read it in place: g.usesB, or gemmDirectUses.
func (g *gemmImpl) directUsesB() int {
	if g.usesB > 0 {
		return g.usesB
	}
	return gemmDirectUses
}

// gemmSlice is the part of a call one macro-kernel works on: depths
// [pc, pc+kb), the beta to apply, and which operands are read in place.
type gemmSlice struct {
	x                *gemmArgs
	pc, kb           int
	beta             float32
	directA, directB bool
	perPanel         bool // B's panels are packed by x.packB one at a time
	bias             bool // x.bias is added (the first slice of k)
}

// gemmMacro runs the micro-kernel over the mb×nb block of C at (ic, jc)
// from the packed (or in-place) blocks of A (mb×kb) and B (kb×nb). Edge
// tiles are computed into edge and only their valid part is written back.
// With g.band set, both blocks packed and B's at most g.bandMaxB floats,
// it sweeps bands of g.band row tiles across the whole block, one band
// after the other (see gemmImpl.band); every tile is computed as without
// bands. B packed panel by panel (s.perPanel) takes no bands, which would
// pack each panel once per band.
func gemmMacro(g *gemmImpl, ar *gemmArena, s *gemmSlice, packA, packB, edge []float32, ic, mb, jc, nb int) {
	rows := g.band * g.mr
	if rows == 0 || mb <= rows || s.directA || s.directB || s.perPanel || s.kb*nb > g.bandMaxB {
		gemmMacroBand(g, ar, s, packA, packB, edge, ic, mb, jc, nb)
		return
	}
	for ir := 0; ir < mb; ir += rows {
		gemmMacroBand(g, ar, s, packA[ir*s.kb:], packB, edge, ic+ir, min(rows, mb-ir), jc, nb)
	}
}

// gemmMacroBand is gemmMacro for one band of rows: for each panel of B,
// the tiles down the band.
func gemmMacroBand(g *gemmImpl, ar *gemmArena, s *gemmSlice, packA, packB, edge []float32, ic, mb, jc, nb int) {
	mr, nr := g.mr, g.nr
	x, kb, beta := s.x, s.kb, s.beta
	c, ldc := x.c, x.ldc
	packed := !s.directA && !s.directB
	for jr := 0; jr < nb; jr += nr {
		cols := min(nr, nb-jr)
		// A panel that spans two blocks of C is computed tile by tile
		// into edge and written back in pieces.
		split := !x.cWhole(jc+jr, cols)
		bp, csB := packB[jr*kb:jr*kb+nr*kb], nr
		if s.perPanel {
			bp = packB[:nr*kb]
			x.packB(bp, s.pc, kb, jc+jr, cols, nr)
		}
		if s.directB {
			bp = packB[:nr*kb] // the packed partial panel
			if cols == nr {
				bp, csB = x.b[s.pc*x.ldb+jc+jr:], x.ldb
			}
		}
		// With the bias, the kernels that write C in place add their
		// product to the bias written there first (beta 1), unless the
		// level's column kernel adds it itself; those writing scratch
		// add it as they write back.
		tb := beta
		if s.bias {
			tb = 1
		}
		ir := 0
		if packed && mb >= mr {
			ir = gemmColumns(g, ar, s, packA, bp, ic, jc+jr, mb/mr, cols, split, tb)
		}
		if !packed && !split && mb >= 2*mr && g.stridedTiles != nil {
			ir = gemmStridedColumn(g, s, packA, bp, csB, ic, jc+jr, mb/mr, cols, tb)
		}
		for ; ir < mb; ir += mr {
			rows := min(mr, mb-ir)
			// Written in place when whole, or when C has room for it.
			whole := (rows == mr || ic+ir+mr <= x.cRows) && !split
			ap, rsA, csA := packA[:mr*kb], 1, mr // A's packed partial panel
			if !s.directA || rows == mr {
				ap, rsA, csA, _ = gemmTilesA(s, packA, mr, ic, ir)
			}
			off := x.cOff(ic+ir, jc+jr)
			if whole && (packed && cols == nr || !packed) {
				s.presetBias(ic+ir, mr, jc+jr, cols)
			}
			switch {
			case packed && whole && cols == nr:
				g.kernel(kb, ap, bp, c[off:], ldc, x.alpha, tb)
				continue
			case !packed && whole:
				// The strided kernel writes narrow tiles itself.
				g.strided(kb, ap, rsA, csA, bp, csB, c[off:], ldc, cols, x.alpha, tb)
				continue
			case packed:
				g.kernel(kb, ap, bp, edge, nr, x.alpha, 0)
			default:
				g.strided(kb, ap, rsA, csA, bp, csB, edge, nr, nr, x.alpha, 0)
			}
			for r := 0; r < rows; r++ {
				if split {
					s.writeBackSplit(edge[r*nr:r*nr+cols], ic+ir+r, jc+jr)
				} else {
					s.writeBack(c[off+r*ldc:off+r*ldc+cols], edge[r*nr:r*nr+cols], ic+ir+r)
				}
			}
		}
	}
}

// gemmStridedColumn computes the first full·mr rows of the panel of
// columns [j, j+cols) at row ic of a product read in place (s.directA or
// s.directB), whose panel of B is bp with rows csB apart, with the
// level's stridedTiles kernel, and returns the rows done. A's tiles are
// read where they lie with s.directA, else from the packed block packA.
func gemmStridedColumn(g *gemmImpl, s *gemmSlice, packA, bp []float32, csB, ic, j, full, cols int, tb float32) int {
	x, kb, mr := s.x, s.kb, g.mr
	ap, rsA, csA, tsA := gemmTilesA(s, packA, mr, ic, 0)
	s.presetBias(ic, full*mr, j, cols)
	g.stridedTiles(kb, full, ap, rsA, csA, tsA, bp, csB, x.c[x.cOff(ic, j):], x.ldc, cols, x.alpha, tb)
	return full * mr
}

// gemmTilesA returns where the strided kernels read the whole mr-row
// tiles of A from row ic+ir down, for the block at row ic: with
// s.directA in place in x.a, else in the packed block packA. Tile t's
// value (i, p) is ap[t*tsA+i*rsA+p*csA].
func gemmTilesA(s *gemmSlice, packA []float32, mr, ic, ir int) (ap []float32, rsA, csA, tsA int) {
	x, kb := s.x, s.kb
	switch {
	case s.directA && x.transA:
		return x.a[s.pc*x.lda+ic+ir:], 1, x.lda, mr
	case s.directA:
		return x.a[(ic+ir)*x.lda+s.pc:], x.lda, 1, mr * x.lda
	}
	return packA[ir*kb:], 1, mr, mr * kb
}

// gemmColumns computes the first full·mr rows of the panel of columns
// [j, j+cols) of the packed block at row ic with the level's column
// kernels, which sweep a panel of B down several tiles in one call, and
// returns the rows done (0 when no column kernel fits; the tile loop does
// them). tb is the beta of kernels that write C in place.
func gemmColumns(g *gemmImpl, ar *gemmArena, s *gemmSlice, packA, bp []float32, ic, j, full, cols int, split bool, tb float32) int {
	x, kb, nr := s.x, s.kb, g.nr
	c, ldc := x.c, x.ldc
	switch {
	case split && s.bias && x.alpha == 1 && g.columnBiasSplit != nil && cols == nr && x.cTwo(j, cols):
		// In place, a piece per block.
		cut := x.cBlock - j%x.cBlock
		g.columnBiasSplit(kb, full, packA, bp, c[x.cOff(ic, j):], c[x.cOff(ic, j+cut):], ldc, cut, x.bias[ic:])
	case split && g.column != nil:
		// The whole column into scratch, then its rows in pieces.
		col := ar.edgeColumn(g)
		g.column(kb, full, packA, bp, col, nr, x.alpha, 0)
		for r := range full * g.mr {
			s.writeBackSplit(col[r*nr:r*nr+cols], ic+r, j)
		}
	case split:
		return 0
	case g.column != nil && cols == nr:
		if s.bias && g.columnBias != nil && x.alpha == 1 {
			g.columnBias(kb, full, packA, bp, c[x.cOff(ic, j):], ldc, x.bias[ic:])
		} else {
			s.presetBias(ic, full*g.mr, j, cols)
			g.column(kb, full, packA, bp, c[x.cOff(ic, j):], ldc, x.alpha, tb)
		}
	case g.columnCols != nil && cols < nr:
		s.presetBias(ic, full*g.mr, j, cols)
		g.columnCols(kb, full, packA, bp, c[x.cOff(ic, j):], ldc, cols, x.alpha, tb)
	default:
		return 0
	}
	return full * g.mr
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
