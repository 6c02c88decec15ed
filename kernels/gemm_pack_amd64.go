//go:build !purego

package kernels

// packLanes16AVX2 packs a full 16-wide panel whose lanes run contiguously
// in p (op(B) = B^T): dst[p*16+l] = src[l*ld+p] for l < 16, p < kb.
func packLanes16AVX2(dst, src []float32, ld, kb int) { packLanesT(dst, src, ld, kb, 16, packLanes16T) }

// packLanesT packs a full w-wide panel whose lanes run contiguously in p:
// dst[p*w+l] = src[l*ld+p] for l < w, p < kb; the multiple-of-8 part of kb
// by trans (8×8 transposes in assembly, for kb a positive multiple of 8),
// the rest in Go.
func packLanesT(dst, src []float32, ld, kb, w int, trans func(kb int, src *float32, ld int, dst *float32)) {
	_ = src[(w-1)*ld+kb-1]
	_ = dst[w*kb-1]
	kb8 := kb &^ 7
	if kb8 > 0 {
		trans(kb8, &src[0], ld, &dst[0])
	}
	for p := kb8; p < kb; p++ {
		d := dst[p*w : p*w+w]
		for l := range d {
			d[l] = src[l*ld+p]
		}
	}
}

// packLanes16T sets dst[p*16+l] = src[l*ld+p] for l < 16 and p < kb; kb
// must be a positive multiple of 8.
//
//go:noescape
func packLanes16T(kb int, src *float32, ld int, dst *float32)

// packLanes6AVX2 packs a full 6-row panel of op(A) = A (rows contiguous in
// p): dst[p*6+l] = src[l*ld+p] for l < 6, p < kb; the multiple-of-8 part
// of kb as 8×8 AVX transposes, the rest in Go.
func packLanes6AVX2(dst, src []float32, ld, kb int) {
	_ = src[5*ld+kb-1]
	_ = dst[6*kb-1]
	kb8 := kb &^ 7
	if kb8 > 0 {
		packLanes6T(kb8, &src[0], ld, &dst[0])
	}
	if kb8 < kb {
		packLanes6(dst[kb8*6:], src[kb8:], ld, kb-kb8)
	}
}

// packLanes6T sets dst[p*6+l] = src[l*ld+p] for l < 6 and p < kb; kb must
// be a positive multiple of 8.
//
//go:noescape
func packLanes6T(kb int, src *float32, ld int, dst *float32)

// packRows16AVX2 and packRows6AVX2 pack panels whole w-wide panels (w = 16
// or 6) of a block whose lanes run along the rows of src (op(B) = B, or
// op(A) = Aᵀ): dst[q*kb*w+p*w+l] = src[p*ld+q*w+l] for p < kb, q < panels,
// l < w.
func packRows16AVX2(dst, src []float32, ld, kb, panels int) {
	_ = src[(kb-1)*ld+panels*16-1]
	_ = dst[panels*kb*16-1]
	packRows16(kb, panels, &src[0], ld, &dst[0])
}

func packRows6AVX2(dst, src []float32, ld, kb, panels int) {
	_ = src[(kb-1)*ld+panels*6-1]
	_ = dst[panels*kb*6-1]
	packRows6(kb, panels, &src[0], ld, &dst[0])
}

// packRows16 and packRows6 are the assembly of packRows16AVX2 and
// packRows6AVX2; kb and panels must be at least 1.
//
//go:noescape
func packRows16(kb, panels int, src *float32, ld int, dst *float32)

//go:noescape
func packRows6(kb, panels int, src *float32, ld int, dst *float32)

// packPartialAVX2 packs one panel w = 6 or 16 wide, of which only the
// first lanes (1 to w-1) are filled, from a block whose lanes run along
// the rows of src: dst[p*w+l] = src[p*ld+l] for l < lanes, 0 beyond.
func packPartialAVX2(dst, src []float32, ld, kb, lanes, w int) {
	_ = src[(kb-1)*ld+lanes-1]
	_ = dst[kb*w-1]
	packPartialRows(kb, lanes, w, &src[0], ld, &dst[0])
}

// packPartialRows is the assembly of packPartialAVX2; kb >= 1, w is 6 or
// 16 and 1 <= lanes < w.
//
//go:noescape
func packPartialRows(kb, lanes, w int, src *float32, ld int, dst *float32)

// transposeRows8AVX2 sets c[i*ldc+j] = t[j*ldt+i] for j < 8 and i < m,
// m a multiple of 8: eight rows of t written down eight columns of c.
func transposeRows8AVX2(c []float32, ldc int, t []float32, ldt, m int) {
	_ = t[7*ldt+m-1]
	_ = c[(m-1)*ldc+7]
	transposeRows8(m/8, &t[0], ldt, &c[0], ldc)
}

// transposeRows8 is the assembly of transposeRows8AVX2; blocks >= 1.
//
//go:noescape
func transposeRows8(blocks int, t *float32, ldt int, c *float32, ldc int)
