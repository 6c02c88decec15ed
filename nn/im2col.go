package nn

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

// im2col fills col [C·Kh·Kw, Ho·Wo] from one sample x [C, H, W].
func (l *Conv2d) im2col(col, x []float32) {
	h, w := l.in[1], l.in[2]
	kh, kw := l.KernelSize[0], l.KernelSize[1]
	r := 0
	for c := range l.InChannels {
		xc := x[c*h*w : (c+1)*h*w]
		for p := range kh {
			for q := range kw {
				dst := col[r*l.p : (r+1)*l.p]
				r++
				off := q*l.Dilation[1] - l.left // input column of output column 0
				j0, j1 := l.validCols(off, w)
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
// takes from each input position, of dcol's values there.
func (l *Conv2d) col2im(dx, dcol []float32) {
	h, w := l.in[1], l.in[2]
	kh, kw := l.KernelSize[0], l.KernelSize[1]
	clear(dx)
	r := 0
	for c := range l.InChannels {
		dxc := dx[c*h*w : (c+1)*h*w]
		for p := range kh {
			for q := range kw {
				src := dcol[r*l.p : (r+1)*l.p]
				r++
				off := q*l.Dilation[1] - l.left
				j0, j1 := l.validCols(off, w)
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
