package kernels

// The writes to C that the macro-kernel makes outside the micro-kernels
// (edge tiles, the bias), and where an element of C lies when C is in
// blocks of columns (SgemmPackedBBlocks).

// writeBack is gemmWriteBack with the slice's beta of row i of C, or
// with the bias of row i added.
func (s *gemmSlice) writeBack(dst, src []float32, i int) {
	if !s.bias {
		gemmWriteBack(dst, src, s.beta)
		return
	}
	b := s.x.bias[i]
	for j, v := range src {
		dst[j] = v + b
	}
}

// writeBackSplit is writeBack of row i of C from column j on, src being
// len(src) columns that span blocks of C: a piece per block.
func (s *gemmSlice) writeBackSplit(src []float32, i, j int) {
	x := s.x
	for len(src) > 0 {
		n := min(len(src), x.cBlock-j%x.cBlock)
		at := x.cOff(i, j)
		s.writeBack(x.c[at:at+n], src[:n], i)
		src, j = src[n:], j+n
	}
}

// presetBias writes the bias into rows [i, i+rows) and columns [j,
// j+cols), in one block, of C, for a kernel to add its product to, when
// the slice adds the bias.
func (s *gemmSlice) presetBias(i, rows, j, cols int) {
	if s.bias {
		s.x.presetBias(i, rows, j, cols)
	}
}

// presetBias writes bias[r] into row r's columns [j, j+cols), in one
// block, of C, for rows r in [i, i+rows).
func (x *gemmArgs) presetBias(i, rows, j, cols int) {
	for r := i; r < i+rows; r++ {
		at := x.cOff(r, j)
		row := x.c[at : at+cols]
		for l := range row {
			row[l] = x.bias[r]
		}
	}
}

// cOff returns where C's element (i, j) is in x.c.
func (x *gemmArgs) cOff(i, j int) int {
	if x.cBlock == 0 {
		return i*x.ldc + j
	}
	b := j / x.cBlock
	return b*x.cStride + i*x.ldc + j - b*x.cBlock
}

// cWhole reports whether C's columns [j, j+n) lie in one block.
func (x *gemmArgs) cWhole(j, n int) bool {
	return x.cBlock == 0 || j/x.cBlock == (j+n-1)/x.cBlock
}

// cTwo reports whether C's columns [j, j+n) span exactly two blocks.
func (x *gemmArgs) cTwo(j, n int) bool {
	return x.cBlock > 0 && j/x.cBlock+1 == (j+n-1)/x.cBlock
}

// gemmWriteBack sets dst = src + beta·dst for one row of an edge tile
// computed into scratch, without reading dst when beta is 0.
func gemmWriteBack(dst, src []float32, beta float32) {
	switch beta {
	case 0:
		copy(dst, src)
		return
	case 1: // the level's add: v + 1·d is v + d, bit for bit
		use().add(dst, src, dst)
		return
	}
	for j, v := range src {
		dst[j] = v + float32(beta*dst[j]) // unfused, as in gemmMicroGo
	}
}
