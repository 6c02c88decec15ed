//go:build !purego

package kernels

// The avx512 level's packers, shared by its 8×32 and 12×32 tiles; their
// assembly is in gemm_pack_amd64.s (the transposing ones) and
// gemm_avx512_amd64.s.

// packLanes8AVX512 packs a full 8-row panel of op(A) = A (rows contiguous
// in p): dst[p*8+l] = src[l*ld+p] for l < 8, p < kb.
func packLanes8AVX512(dst, src []float32, ld, kb int) { packLanesT(dst, src, ld, kb, 8, packLanes8T) }

// packLanes8T sets dst[p*8+l] = src[l*ld+p] for l < 8 and p < kb; kb must
// be a positive multiple of 8.
//
//go:noescape
func packLanes8T(kb int, src *float32, ld int, dst *float32)

// packLanes32AVX512 packs a full 32-wide panel whose lanes run contiguously
// in p (op(B) = Bᵀ): dst[p*32+l] = src[l*ld+p] for l < 32, p < kb.
func packLanes32AVX512(dst, src []float32, ld, kb int) {
	packLanesT(dst, src, ld, kb, 32, packLanes32T)
}

// packLanes32T sets dst[p*32+l] = src[l*ld+p] for l < 32 and p < kb; kb
// must be a positive multiple of 8.
//
//go:noescape
func packLanes32T(kb int, src *float32, ld int, dst *float32)

// packRows32AVX512 packs panels whole 32-wide panels of a block whose
// lanes run along the rows of src (op(B) = B): dst[q*kb*32+p*32+l] =
// src[p*ld+q*32+l] for p < kb, q < panels, l < 32.
func packRows32AVX512(dst, src []float32, ld, kb, panels int) {
	_ = src[(kb-1)*ld+panels*32-1]
	_ = dst[panels*kb*32-1]
	packRows32(kb, panels, &src[0], ld, &dst[0])
}

// packRows32 is the assembly of packRows32AVX512; kb and panels must be at
// least 1.
//
//go:noescape
func packRows32(kb, panels int, src *float32, ld int, dst *float32)

// packRows8AVX512 packs panels whole 8-wide panels of a block whose lanes
// run along the rows of src (op(A) = Aᵀ): dst[q*kb*8+p*8+l] =
// src[p*ld+q*8+l] for p < kb, q < panels, l < 8.
func packRows8AVX512(dst, src []float32, ld, kb, panels int) {
	_ = src[(kb-1)*ld+panels*8-1]
	_ = dst[panels*kb*8-1]
	packRows8(kb, panels, &src[0], ld, &dst[0])
}

// packRows8 is the assembly of packRows8AVX512; kb and panels must be at
// least 1.
//
//go:noescape
func packRows8(kb, panels int, src *float32, ld int, dst *float32)

// packPartialAVX512 packs one panel w (8 or 32) wide of which only the
// first lanes (1 to w-1) are filled, from a block whose lanes run along
// the rows of src: dst[p*w+l] = src[p*ld+l] for l < lanes, 0 beyond.
func packPartialAVX512(dst, src []float32, ld, kb, lanes, w int) {
	_ = src[(kb-1)*ld+lanes-1]
	_ = dst[kb*w-1]
	packPartialMasked(kb, lanes, w, &src[0], ld, &dst[0])
}

// packPartialMasked is the assembly of packPartialAVX512; kb >= 1,
// 1 <= lanes < w <= 32.
//
//go:noescape
func packPartialMasked(kb, lanes, w int, src *float32, ld int, dst *float32)
