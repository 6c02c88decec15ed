//go:build !purego

package kernels

import "unsafe"

// packPanelRow runs the avx512 or the avx2 kernel at those levels, else
// the pure-Go one.
func packPanelRow(dst []float32, step, w, l0 int, x []float32, mask []uint32) {
	switch active.Load().level {
	case AVX512:
		packPanelRowAVX512Asm(unsafe.SliceData(dst), step, w, l0, unsafe.SliceData(x), unsafe.SliceData(mask), len(x))
	case AVX2:
		packPanelRowAVX2Asm(unsafe.SliceData(dst), step, w, l0, unsafe.SliceData(x), unsafe.SliceData(mask), len(x))
	default:
		packPanelRowGo(dst, step, w, l0, x, mask)
	}
}

// packPanelRowAVX512Asm is packPanelRowGo on 16 lanes, each piece's last
// 1..15 values moved through a mask.
//
//go:noescape
func packPanelRowAVX512Asm(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)

// packPanelRowAVX2Asm is packPanelRowGo on 8 lanes, each piece's last
// 1..7 values moved one at a time.
//
//go:noescape
func packPanelRowAVX2Asm(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)
