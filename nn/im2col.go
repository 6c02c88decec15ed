package nn

import (
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// im2col and col2im lower a Conv2d to matrix products (Chellapilla et al.
// 2006, "High Performance Convolutional Neural Networks for Document
// Processing"). For one sample x [C, H, W], col has a row per (c, p, q) of
// the kernel, in the weight's order (c, then kernel row p, then column
// q), and a column per output pixel (i, j):
//
//	col[(c·Kh + p)·Kw + q, i·Wo + j] = x[c, i·Sh − top + p·Dh, j·Sw − left + q·Dw]
//
// or 0 where that falls in the padding. col2im is its adjoint: it adds
// each col element back into the input position it came from.

// im2col fills col [C·Kh·Kw, Ho·Wo], whose rows are ld apart, from one
// sample x [C, H, W].
func (l *Conv2d) im2col(col []float32, ld int, x []float32) {
	h, w := l.in[1], l.in[2]
	for r, t := range l.taps {
		dst := col[r*ld : r*ld+l.p]
		xc := x[t.c*h*w : (t.c+1)*h*w]
		if l.flat() {
			base := t.ih0*w + t.off
			clear(dst[:t.i0*w])
			clear(dst[t.i1*w:])
			lo, hi := max(t.i0*w+base, 0), min(t.i1*w+base, len(xc))
			copy(dst[lo-base:hi-base], xc[lo:hi])
			l.clearEdges(dst, t)
			continue
		}
		for i := range l.ho {
			row := dst[i*l.wo : (i+1)*l.wo]
			ih := i*l.Stride[0] + t.ih0
			if ih < 0 || ih >= h {
				clear(row)
				continue
			}
			src := xc[ih*w : (ih+1)*w]
			clear(row[:t.j0])
			if l.Stride[1] == 1 {
				copy(row[t.j0:t.j1], src[t.j0+t.off:t.j1+t.off])
			} else {
				for j := t.j0; j < t.j1; j++ {
					row[j] = src[j*l.Stride[1]+t.off]
				}
			}
			clear(row[t.j1:])
		}
	}
}

// col2im sets dx [C, H, W] to the sum, over the col elements that im2col
// takes from each input position, of dcol's values there (dcol's rows
// are ld apart). It zeroes the entries of dcol that stand for the
// padding.
func (l *Conv2d) col2im(dx, dcol []float32, ld int) {
	h, w := l.in[1], l.in[2]
	clear(dx)
	for r, t := range l.taps {
		src := dcol[r*ld : r*ld+l.p]
		dxc := dx[t.c*h*w : (t.c+1)*h*w]
		if l.flat() {
			// The padding's entries of src are zeroed, so that the rows
			// can be added as one block.
			base := t.ih0*w + t.off
			l.clearEdges(src, t)
			lo, hi := max(t.i0*w+base, 0), min(t.i1*w+base, len(dxc))
			kernels.Add(dxc[lo:hi], dxc[lo:hi], src[lo-base:hi-base])
			continue
		}
		for i := range l.ho {
			ih := i*l.Stride[0] + t.ih0
			if ih < 0 || ih >= h {
				continue
			}
			row := src[i*l.wo : (i+1)*l.wo]
			dst := dxc[ih*w : (ih+1)*w]
			if l.Stride[1] == 1 {
				d := dst[t.j0+t.off : t.j1+t.off]
				for j, v := range row[t.j0:t.j1] {
					d[j] += v
				}
			} else {
				for j := t.j0; j < t.j1; j++ {
					dst[j*l.Stride[1]+t.off] += row[j]
				}
			}
		}
	}
}

// tap is one row of col: input channel c and kernel position (p, q), with
// where output pixel (i, j) reads the input: row i·Sh + ih0, column
// j·Sw + off; inside the input for output rows [i0, i1) and columns
// [j0, j1).
type tap struct {
	c, ih0, off    int
	i0, i1, j0, j1 int
	// mask, on flat layers, has an entry per output pixel: all ones
	// where it is in rows [i0, i1) and columns [j0, j1), 0 where the tap
	// reads the padding (see conv2d_gather.go). Taps with the same
	// ranges share it.
	mask []uint32
}

// makeTaps returns the rows of col in order; Build keeps them, as they
// are the same for every sample.
func (l *Conv2d) makeTaps() []tap {
	var taps []tap
	masks := map[[4]int][]uint32{}
	l.flatPad = [2]int{}
	for c := range l.InChannels {
		for p := range l.KernelSize[0] {
			for q := range l.KernelSize[1] {
				t := tap{c: c, ih0: p*l.Dilation[0] - l.top, off: q*l.Dilation[1] - l.left}
				t.i0, t.i1 = l.validRows(t.ih0)
				t.j0, t.j1 = l.validCols(t.off)
				if l.flat() {
					t.mask = l.tapMask(masks, t)
					base := t.ih0*l.in[2] + t.off
					l.flatPad[0] = max(l.flatPad[0], -base)
					l.flatPad[1] = max(l.flatPad[1], l.p+base-l.in[1]*l.in[2])
				}
				taps = append(taps, t)
			}
		}
	}
	return taps
}

// tapMask returns the mask of t's output rows [i0, i1) and columns
// [j0, j1) over the output pixels, made once per ranges in masks.
func (l *Conv2d) tapMask(masks map[[4]int][]uint32, t tap) []uint32 {
	key := [4]int{t.i0, t.i1, t.j0, t.j1}
	if m, ok := masks[key]; ok {
		return m
	}
	m := make([]uint32, l.p)
	for i := t.i0; i < t.i1; i++ {
		for j := t.j0; j < t.j1; j++ {
			m[i*l.wo+j] = math.MaxUint32
		}
	}
	masks[key] = m
	return m
}

// flat reports whether a row of col is a row of x shifted as a whole: with
// stride 1 and an output as wide as the input, output pixel (i, j) reads
// x[(i + p·Dh − top)·W + j + q·Dw − left], one offset for the whole
// row. im2col then copies each (c, p, q) row in one piece and zeroes the
// entries that fall in the padding (which the copy filled from the
// neighbouring input row), rather than copying Wo values per output row.
func (l *Conv2d) flat() bool {
	return l.Stride == [2]int{1, 1} && l.wo == l.in[2]
}

// validRows returns the output rows [i0, i1) whose input row i·Sh + off
// lies inside the input.
func (l *Conv2d) validRows(off int) (i0, i1 int) {
	s := l.Stride[0]
	if off < 0 {
		i0 = (-off + s - 1) / s
	}
	if last := l.in[1] - 1 - off; last >= 0 {
		i1 = last/s + 1
	}
	i0, i1 = min(i0, l.ho), min(i1, l.ho)
	return i0, max(i0, i1)
}

// clearEdges zeroes columns [0, j0) and [j1, Wo) of output rows [i0, i1)
// of t's col row.
func (l *Conv2d) clearEdges(row []float32, t tap) {
	j0, j1 := t.j0, t.j1
	if j0 == 0 && j1 == l.wo {
		return
	}
	row = row[:t.i1*l.wo]
	switch {
	case j0 == 1 && j1 == l.wo: // one column on the left, as a 3-wide kernel's
		for r := t.i0 * l.wo; r < len(row); r += l.wo {
			row[r] = 0
		}
		return
	case j0 == 0 && j1 == l.wo-1: // and on the right
		for r := t.i0*l.wo + j1; r < len(row); r += l.wo {
			row[r] = 0
		}
		return
	}
	for r := t.i0 * l.wo; r < len(row); r += l.wo {
		// A few entries each: loops beat clear's calls.
		for j := r; j < r+j0; j++ {
			row[j] = 0
		}
		for j := r + j1; j < r+l.wo; j++ {
			row[j] = 0
		}
	}
}

// validCols returns the output columns [j0, j1) whose input column
// j·Sw + off lies inside the input.
func (l *Conv2d) validCols(off int) (j0, j1 int) {
	s, w := l.Stride[1], l.in[2]
	if off < 0 {
		j0 = (-off + s - 1) / s
	}
	if last := w - 1 - off; last >= 0 {
		j1 = last/s + 1
	}
	j0, j1 = min(j0, l.wo), min(j1, l.wo)
	return j0, max(j0, j1)
}
