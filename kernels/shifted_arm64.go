//go:build !purego

package kernels

import "unsafe"

// packShifted runs the NEON kernel at that level on whole panels whose
// width is a multiple of 4 (the NEON tiles' 12), else the pure-Go one: on
// the partial panel at a product's edge, once per k slice of a product.
func packShifted(dst []float32, w, cols, j int, offs []int32, src []float32, mask []uint32) {
	if active.Load().level == NEON && cols == w && w%4 == 0 {
		packShiftedNEON(unsafe.SliceData(dst), w, unsafe.SliceData(offs), len(offs)/2, unsafe.SliceData(src[j:]), unsafe.SliceData(mask[j:]))
		return
	}
	packShiftedGo(dst, w, cols, j, offs, src, mask)
}

// packShiftedNEON sets dst[p*w+l] = src[offs[2p]+l] & mask[offs[2p+1]+l]
// for p < kb and l < w, a positive multiple of 4: packShiftedGo's whole
// panels, src and mask starting at the panel's first column.
//
//go:noescape
func packShiftedNEON(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)
