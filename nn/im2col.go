package nn

import "github.com/brawn-ml/brawn/kernels"

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
func (g *convGeom) im2col(col []float32, ld int, x []float32) {
	h, w := g.in[1], g.in[2]
	for r, t := range g.taps {
		dst := col[r*ld : r*ld+g.p]
		xc := x[t.c*h*w : (t.c+1)*h*w]
		if g.flat() {
			base := t.ih0*w + t.off
			clear(dst[:t.i0*w])
			clear(dst[t.i1*w:])
			if lo, hi := max(t.i0*w+base, 0), min(t.i1*w+base, len(xc)); lo < hi {
				copy(dst[lo-base:hi-base], xc[lo:hi]) // else the kernel row lies wholly in the padding
			}
			g.clearEdges(dst, t)
			continue
		}
		for i := range g.ho {
			row := dst[i*g.wo : (i+1)*g.wo]
			ih := i*g.stride[0] + t.ih0
			if ih < 0 || ih >= h {
				clear(row)
				continue
			}
			src := xc[ih*w : (ih+1)*w]
			clear(row[:t.j0])
			if g.stride[1] == 1 {
				copy(row[t.j0:t.j1], src[t.j0+t.off:t.j1+t.off])
			} else {
				for j := t.j0; j < t.j1; j++ {
					row[j] = src[j*g.stride[1]+t.off]
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
func (g *convGeom) col2im(dx, dcol []float32, ld int) {
	h, w := g.in[1], g.in[2]
	clear(dx)
	for r, t := range g.taps {
		src := dcol[r*ld : r*ld+g.p]
		dxc := dx[t.c*h*w : (t.c+1)*h*w]
		if g.flat() {
			// The padding's entries of src are zeroed, so that the rows
			// can be added as one block.
			base := t.ih0*w + t.off
			g.clearEdges(src, t)
			if lo, hi := max(t.i0*w+base, 0), min(t.i1*w+base, len(dxc)); lo < hi {
				kernels.Add(dxc[lo:hi], dxc[lo:hi], src[lo-base:hi-base])
			}
			continue
		}
		for i := range g.ho {
			ih := i*g.stride[0] + t.ih0
			if ih < 0 || ih >= h {
				continue
			}
			row := src[i*g.wo : (i+1)*g.wo]
			dst := dxc[ih*w : (ih+1)*w]
			if g.stride[1] == 1 {
				d := dst[t.j0+t.off : t.j1+t.off]
				for j, v := range row[t.j0:t.j1] {
					d[j] += v
				}
			} else {
				for j := t.j0; j < t.j1; j++ {
					dst[j*g.stride[1]+t.off] += row[j]
				}
			}
		}
	}
}

// clearEdges zeroes columns [0, j0) and [j1, Wo) of output rows [i0, i1)
// of t's col row.
func (g *convGeom) clearEdges(row []float32, t tap) {
	j0, j1 := t.j0, t.j1
	if j0 == 0 && j1 == g.wo {
		return
	}
	row = row[:t.i1*g.wo]
	switch {
	case j0 == 1 && j1 == g.wo: // one column on the left, as a 3-wide kernel's
		for r := t.i0 * g.wo; r < len(row); r += g.wo {
			row[r] = 0
		}
		return
	case j0 == 0 && j1 == g.wo-1: // and on the right
		for r := t.i0*g.wo + j1; r < len(row); r += g.wo {
			row[r] = 0
		}
		return
	}
	for r := t.i0 * g.wo; r < len(row); r += g.wo {
		// A few entries each: loops beat clear's calls.
		for j := r; j < r+j0; j++ {
			row[j] = 0
		}
		for j := r + j1; j < r+g.wo; j++ {
			row[j] = 0
		}
	}
}
