package kernels

import (
	"fmt"
	"math"
)

// ShiftedRows describes a k×n matrix B whose row p is a run of a source
// slice ANDed with a run of a mask slice,
//
//	B[p][j] = src[srcOff[p]+j] & mask[maskOff[p]+j]   (as bits)
//
// the im2col matrix of a stride-1 convolution whose output is as wide as
// its input (nn's Conv2d): each row is a shifted run of a padded input
// channel, the mask zeroing the entries that stand for the padding. Pack
// writes a micro-panel of it with one call: a load, an AND and a store
// per vector, row after row into contiguous memory, rather than a call
// per row with each row scattered over every panel. A ShiftedRows is read-only after NewShiftedRows, so
// goroutines may share it.
type ShiftedRows struct {
	offs            []int32 // srcOff[p], maskOff[p] for each row p
	maxSrc, maxMask int     // the largest of each, for Pack's checks
}

// NewShiftedRows returns the ShiftedRows with rows' offsets srcOff[p] and
// maskOff[p]. It panics, naming the argument, if the slices' lengths
// differ or an offset is negative or above math.MaxInt32.
func NewShiftedRows(srcOff, maskOff []int) *ShiftedRows {
	if len(srcOff) != len(maskOff) {
		panic(fmt.Sprintf("kernels.NewShiftedRows: len(maskOff) = %d, want len(srcOff) = %d", len(maskOff), len(srcOff)))
	}
	r := &ShiftedRows{offs: make([]int32, 2*len(srcOff))}
	for p := range srcOff {
		for i, o := range [2]int{srcOff[p], maskOff[p]} {
			if o < 0 || o > math.MaxInt32 {
				panic(fmt.Sprintf("kernels.NewShiftedRows: %s[%d] = %d, want 0 to %d", [2]string{"srcOff", "maskOff"}[i], p, o, math.MaxInt32))
			}
			r.offs[2*p+i] = int32(o)
		}
		r.maxSrc, r.maxMask = max(r.maxSrc, srcOff[p]), max(r.maxMask, maskOff[p])
	}
	return r
}

// Rows returns the number of rows of B.
func (r *ShiftedRows) Rows() int { return len(r.offs) / 2 }

// Pack sets dst[p·w+l] = B[p0+p][j+l] for p < kb and l < cols, and 0 for
// cols ≤ l < w: the micro-panel w wide of rows [p0, p0+kb) of B at
// columns j.. (the layout of a PanelPacker's dst, one panel). src and
// mask must hold every row's run up to column j+cols−1. It panics,
// naming the argument, on w < 1, cols outside [1, w], rows outside B,
// j < 0, or a short dst, src or mask.
func (r *ShiftedRows) Pack(dst []float32, w, cols, p0, kb, j int, src []float32, mask []uint32) {
	switch {
	case w < 1:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: w = %d, want at least 1", w))
	case cols < 1 || cols > w:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: cols = %d, want 1 to w = %d", cols, w))
	case p0 < 0 || kb < 0 || p0+kb > r.Rows():
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: rows [%d, %d), want within [0, %d)", p0, p0+kb, r.Rows()))
	case j < 0:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: j = %d, want at least 0", j))
	case len(dst) < kb*w:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: len(dst) = %d, want at least %d", len(dst), kb*w))
	case kb == 0:
		return
	case len(src) < r.maxSrc+j+cols:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: len(src) = %d, want at least %d", len(src), r.maxSrc+j+cols))
	case len(mask) < r.maxMask+j+cols:
		panic(fmt.Sprintf("kernels.ShiftedRows.Pack: len(mask) = %d, want at least %d", len(mask), r.maxMask+j+cols))
	}
	packShifted(dst, w, cols, j, r.offs[2*p0:2*(p0+kb)], src, mask)
}
