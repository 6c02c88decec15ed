package kernels

import (
	"fmt"
	"math/bits"
)

// PackPanelRow writes x into one row of a block of micro-panels w columns
// wide whose panels are step values apart (kb·w for kb rows, the layout
// of PanelPacker's dst): x[i] goes to column c0+i, which is
// dst[(c0+i)/w·step + (c0+i)%w], as its bits ANDed with mask[i], that is
// x[i] itself where mask[i] is 0xFFFFFFFF and +0 where it is 0 (whatever
// x[i] is, NaN and Inf included). A PanelPacker for a convolution's
// im2col matrix copies a shifted run of an input channel with it, the
// mask zeroing the entries that stand for the padding. x and mask must
// have the same length; dst must hold the last column. It panics, naming
// the argument, on w < 1, step < w or c0 < 0.
func PackPanelRow(dst []float32, step, w, c0 int, x []float32, mask []uint32) {
	switch {
	case w < 1:
		panic(fmt.Sprintf("kernels.PackPanelRow: w = %d, want at least 1", w))
	case step < w:
		panic(fmt.Sprintf("kernels.PackPanelRow: step = %d, want at least w = %d", step, w))
	case c0 < 0:
		panic(fmt.Sprintf("kernels.PackPanelRow: c0 = %d, want at least 0", c0))
	case len(mask) != len(x):
		panic(fmt.Sprintf("kernels.PackPanelRow: len(mask) = %d, want len(x) = %d", len(mask), len(x)))
	}
	if len(x) == 0 {
		return
	}
	q0, l0 := panelOf(c0, w)
	q1, l1 := panelOf(c0+len(x)-1, w)
	if need := q1*step + l1 + 1; len(dst) < need {
		panic(fmt.Sprintf("kernels.PackPanelRow: len(dst) = %d, want at least %d", len(dst), need))
	}
	packPanelRow(dst[q0*step:], step, w, l0, x, mask)
}

// panelOf returns the panel and the lane of column c of panels w wide,
// with shifts when w is a power of 2 (every level's tile width but
// neon's), as PackPanelRow is called for short runs.
func panelOf(c, w int) (q, lane int) {
	if w&(w-1) == 0 {
		s := bits.TrailingZeros(uint(w))
		return c >> s, c & (w - 1)
	}
	return c / w, c % w
}
