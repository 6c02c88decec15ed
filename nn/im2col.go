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
func (l *Conv2d) im2col(col []float32, ld int, x []float32) {
	h, w := l.in[1], l.in[2]
	kh, kw := l.KernelSize[0], l.KernelSize[1]
	r := 0
	for c := range l.InChannels {
		xc := x[c*h*w : (c+1)*h*w]
		for p := range kh {
			for q := range kw {
				dst := col[r*ld : r*ld+l.p]
				r++
				off := q*l.Dilation[1] - l.left // input column of output column 0
				j0, j1 := l.validCols(off, w)
				if l.flat() {
					base := (p*l.Dilation[0]-l.top)*w + off
					i0, i1 := l.validRows(p)
					clear(dst[:i0*w])
					clear(dst[i1*w:])
					lo, hi := max(i0*w+base, 0), min(i1*w+base, len(xc))
					copy(dst[lo-base:hi-base], xc[lo:hi])
					l.clearEdges(dst, i0, i1, j0, j1)
					continue
				}
				for i := range l.ho {
					row := dst[i*l.wo : (i+1)*l.wo]
					ih := i*l.Stride[0] - l.top + p*l.Dilation[0]
					if ih < 0 || ih >= h {
						clear(row)
						continue
					}
					src := xc[ih*w : (ih+1)*w]
					clear(row[:j0])
					if l.Stride[1] == 1 {
						copy(row[j0:j1], src[j0+off:j1+off])
					} else {
						for j := j0; j < j1; j++ {
							row[j] = src[j*l.Stride[1]+off]
						}
					}
					clear(row[j1:])
				}
			}
		}
	}
}

// col2im sets dx [C, H, W] to the sum, over the col elements that im2col
// takes from each input position, of dcol's values there (dcol's rows
// are ld apart). It zeroes the entries of dcol that stand for the
// padding.
func (l *Conv2d) col2im(dx, dcol []float32, ld int) {
	h, w := l.in[1], l.in[2]
	kh, kw := l.KernelSize[0], l.KernelSize[1]
	clear(dx)
	r := 0
	for c := range l.InChannels {
		dxc := dx[c*h*w : (c+1)*h*w]
		for p := range kh {
			for q := range kw {
				src := dcol[r*ld : r*ld+l.p]
				r++
				off := q*l.Dilation[1] - l.left
				j0, j1 := l.validCols(off, w)
				if l.flat() {
					// The padding's entries of src are zeroed, so that the
					// rows can be added as one block.
					base := (p*l.Dilation[0]-l.top)*w + off
					i0, i1 := l.validRows(p)
					l.clearEdges(src, i0, i1, j0, j1)
					lo, hi := max(i0*w+base, 0), min(i1*w+base, len(dxc))
					kernels.Add(dxc[lo:hi], dxc[lo:hi], src[lo-base:hi-base])
					continue
				}
				for i := range l.ho {
					ih := i*l.Stride[0] - l.top + p*l.Dilation[0]
					if ih < 0 || ih >= h {
						continue
					}
					row := src[i*l.wo : (i+1)*l.wo]
					dst := dxc[ih*w : (ih+1)*w]
					if l.Stride[1] == 1 {
						d := dst[j0+off : j1+off]
						for j, v := range row[j0:j1] {
							d[j] += v
						}
					} else {
						for j := j0; j < j1; j++ {
							dst[j*l.Stride[1]+off] += row[j]
						}
					}
				}
			}
		}
	}
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

// validRows returns the output rows [i0, i1) whose input row
// i·Sh − top + p·Dh lies inside the input, for kernel row p.
func (l *Conv2d) validRows(p int) (i0, i1 int) {
	s, off := l.Stride[0], p*l.Dilation[0]-l.top
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
// of a col row.
func (l *Conv2d) clearEdges(row []float32, i0, i1, j0, j1 int) {
	if j0 == 0 && j1 == l.wo {
		return
	}
	row = row[:i1*l.wo]
	for r := i0 * l.wo; r < len(row); r += l.wo {
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
// j·Sw + off lies inside a row of w values.
func (l *Conv2d) validCols(off, w int) (j0, j1 int) {
	s := l.Stride[1]
	if off < 0 {
		j0 = (-off + s - 1) / s
	}
	if last := w - 1 - off; last >= 0 {
		j1 = last/s + 1
	}
	j0, j1 = min(j0, l.wo), min(j1, l.wo)
	return j0, max(j0, j1)
}
