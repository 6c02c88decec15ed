package nn

import (
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// On flat layers (see convGeom.flat) a row of col is a shifted run of
// its input channel over all the pixels, and over a span of samples when
// their planes lie back to back. convGather lays each of the group's
// channels out so (see padChannels): flatPad[0] zeros, sample 0's plane,
// sample 1's, ..., flatPad[1] zeros, chanStride floats a channel. Row
// (c, p, q) of the span's col is then one run of channel c's, column
// s·P + pixel reading sample s's pixel + base, base being the kernel
// position's shift. Where that leaves sample s's plane, into the zeros or
// a neighbouring sample's plane, the pixel's input row is outside the
// input, and the tap's mask zeroes it, as it zeroes the columns that
// wrap around into the next or the previous input row. The product's
// panels are packed from these runs by kernels.ShiftedRows, a panel a
// call.

// shiftPlan is a flat layer's col as kernels.ShiftedRows over spans of up
// to span samples: row r of group g's col is row g·k + r.
type shiftPlan struct {
	rows       *kernels.ShiftedRows
	mask       []uint32 // each distinct tap mask, repeated for span samples
	chanStride int      // floats a padded channel takes
}

// makeShiftPlan returns the flat layer's shiftPlan for spans of up to
// span samples.
func (g *convGeom) makeShiftPlan(span int) shiftPlan {
	// The last plane is H·W long, which exceeds P when the kernel's rows
	// do not all reach the padding (a span is then one sample).
	sp := shiftPlan{chanStride: g.flatPad[0] + (span-1)*g.p + max(g.p, g.in[1]*g.in[2]) + g.flatPad[1]}
	cg := g.in[0] / g.groups
	classes := map[[4]int]int{} // a tap's valid ranges → where its mask starts
	srcOff, maskOff := make([]int, len(g.taps)), make([]int, len(g.taps))
	for r, t := range g.taps {
		key := [4]int{t.i0, t.i1, t.j0, t.j1}
		at, ok := classes[key]
		if !ok {
			at = len(sp.mask)
			classes[key] = at
			for range span {
				sp.mask = append(sp.mask, g.tapMask(t)...)
			}
		}
		srcOff[r] = t.c%cg*sp.chanStride + g.flatPad[0] + t.ih0*g.in[2] + t.off
		maskOff[r] = at
	}
	sp.rows = kernels.NewShiftedRows(srcOff, maskOff)
	return sp
}

// tapMask returns t's mask over one sample's output pixels: all ones
// where the pixel is in rows [i0, i1) and columns [j0, j1), where t reads
// the input, 0 where it reads the padding.
func (g *convGeom) tapMask(t tap) []uint32 {
	m := make([]uint32, g.p)
	for i := t.i0; i < t.i1; i++ {
		for j := t.j0; j < t.j1; j++ {
			m[i*g.wo+j] = math.MaxUint32
		}
	}
	return m
}
