//go:build !purego

package kernels

import "unsafe"

// packShifted runs the avx512 kernels (w a multiple of 16) or the avx2
// one (w a multiple of 8, whole panels) at those levels, else the pure-Go
// one: at the avx2 level on the partial panel at a product's edge, once
// per k slice of a product.
func packShifted(dst []float32, w, cols, j int, offs []int32, src []float32, mask []uint32) {
	level := active.Load().level
	d, o, s, m := unsafe.SliceData(dst), unsafe.SliceData(offs), unsafe.SliceData(src[j:]), unsafe.SliceData(mask[j:])
	switch {
	case level == AVX512 && w%16 == 0 && cols < w:
		packShiftedColsAVX512(d, w, o, len(offs)/2, s, m, cols)
		return
	case cols < w:
	case level == AVX512 && w%16 == 0:
		packShiftedAVX512(d, w, o, len(offs)/2, s, m)
		return
	case (level == AVX512 || level == AVX2) && w%8 == 0:
		packShiftedAVX2(d, w, o, len(offs)/2, s, m)
		return
	}
	packShiftedGo(dst, w, cols, j, offs, src, mask)
}

// packShiftedAVX512 sets dst[p*w+l] = src[offs[2p]+l] & mask[offs[2p+1]+l]
// for p < kb and l < w, a multiple of 16: packShiftedGo's whole panels,
// src and mask starting at the panel's first column.
//
//go:noescape
func packShiftedAVX512(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)

// packShiftedColsAVX512 is packShiftedAVX512 for a partial panel: only
// the first cols (0 to w) lanes of a row are read, the others set to 0.
//
//go:noescape
func packShiftedColsAVX512(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32, cols int)

// packShiftedAVX2 is packShiftedAVX512 on 8 lanes, w a multiple of 8.
//
//go:noescape
func packShiftedAVX2(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)
