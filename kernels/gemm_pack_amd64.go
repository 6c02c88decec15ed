//go:build !purego

package kernels

// packLanes16AVX2 packs a full 16-wide panel whose lanes run contiguously
// in p (op(B) = B^T): dst[p*16+l] = src[l*ld+p] for l < 16, p < kb; the
// multiple-of-8 part of kb as 8×8 AVX transposes, the rest in Go.
func packLanes16AVX2(dst, src []float32, ld, kb int) {
	_ = src[15*ld+kb-1]
	_ = dst[16*kb-1]
	kb8 := kb &^ 7
	if kb8 > 0 {
		packLanes16T(kb8, &src[0], ld, &dst[0])
	}
	for p := kb8; p < kb; p++ {
		d := (*[16]float32)(dst[p*16:])
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
