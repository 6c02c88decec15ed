//go:build !purego

package kernels

import "unsafe"

// packPanelRow runs the neon kernel at that level, else the pure-Go one.
func packPanelRow(dst []float32, step, w, l0 int, x []float32, mask []uint32) {
	if active.Load().level == NEON {
		packPanelRowNEON(unsafe.SliceData(dst), step, w, l0, unsafe.SliceData(x), unsafe.SliceData(mask), len(x))
		return
	}
	packPanelRowGo(dst, step, w, l0, x, mask)
}

// packPanelRowNEON is packPanelRowGo on 4 lanes, each piece's last 1..3
// values moved one at a time.
//
//go:noescape
func packPanelRowNEON(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)
