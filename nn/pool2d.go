package nn

import (
	"fmt"
	"math"
)

// pool2d is the geometry of a pooling window sliding over one h×w plane
// of an NCHW activation: a kh×kw kernel whose taps are dh, dw apart
// (dilation), moved sh, sw at a time (stride), over the plane padded by
// ph, pw on each side. The output plane is oh×ow. Planes are independent,
// so the passes below run plane by plane, and their inner loops run along
// a row of output (W), reading a row of input with stride sw.
type pool2d struct {
	kh, kw, sh, sw, ph, pw, dh, dw int
	h, w, oh, ow                   int
}

// newPool2d checks a pooling layer's arguments against an h×w input and
// returns its geometry, with PyTorch's output size (ceil_mode=False):
// ⌊(h + 2·ph − dh·(kh−1) − 1)/sh⌋ + 1. layer names the layer for the
// errors, which are PyTorch's conditions: positive kernel, stride and
// dilation, padding at most half the kernel, and an output of at least
// one value.
func newPool2d(layer string, h, w int, kernel, stride, padding, dilation [2]int) (pool2d, error) {
	g := pool2d{kh: kernel[0], kw: kernel[1], sh: stride[0], sw: stride[1],
		ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], h: h, w: w}
	switch {
	case g.kh < 1 || g.kw < 1:
		return g, fmt.Errorf("%s: kernel_size %v must be positive", layer, kernel)
	case g.sh < 1 || g.sw < 1:
		return g, fmt.Errorf("%s: stride %v must be positive", layer, stride)
	case g.dh < 1 || g.dw < 1:
		return g, fmt.Errorf("%s: dilation %v must be positive", layer, dilation)
	case g.ph < 0 || g.pw < 0 || 2*g.ph > g.kh || 2*g.pw > g.kw:
		return g, fmt.Errorf("%s: padding %v must be between 0 and half of kernel_size %v", layer, padding, kernel)
	}
	g.oh = (h+2*g.ph-g.dh*(g.kh-1)-1)/g.sh + 1
	g.ow = (w+2*g.pw-g.dw*(g.kw-1)-1)/g.sw + 1
	if h+2*g.ph-g.dh*(g.kh-1)-1 < 0 || w+2*g.pw-g.dw*(g.kw-1)-1 < 0 {
		return g, fmt.Errorf("%s: the input plane %d×%d (padded by %v) is smaller than the kernel %v with dilation %v: the output would be empty",
			layer, h, w, padding, kernel, dilation)
	}
	return g, nil
}

// cols returns the output columns [lo, hi) whose tap at input offset off
// (ix = ox·sw + off) falls inside the row, 0 <= ix < w.
func (g *pool2d) cols(off int) (lo, hi int) {
	if off < 0 {
		lo = (-off + g.sw - 1) / g.sw
	}
	if last := g.w - 1 - off; last >= 0 {
		hi = min(g.ow, last/g.sw+1)
	}
	return lo, max(lo, hi)
}

// row returns the input row of tap ky for output row oy, and whether it
// is inside the plane (not padding).
func (g *pool2d) row(oy, ky int) (int, bool) {
	iy := oy*g.sh - g.ph + ky*g.dh
	return iy, iy >= 0 && iy < g.h
}

// firstTap returns the first input index i0 + k·d that is not negative
// (the first tap of a window inside the plane).
func firstTap(i0, d int) int {
	for i0 < 0 {
		i0 += d
	}
	return i0
}

// maxForward sets y[o] (an oh×ow plane) to the largest value of x (an h×w
// plane) in output o's window and arg[o] to its index in the plane,
// iy·w + ix. Padding is −∞; a tie keeps the first tap in (ky, kx) order,
// and a NaN wins and stays, as in PyTorch's max_pool2d, so the output and
// the indices are PyTorch's. Every window holds at least one tap inside
// the plane (newPool2d's padding bound); arg starts at the first.
func (g *pool2d) maxForward(y []float32, arg []int32, x []float32) {
	inf := float32(math.Inf(-1))
	for oy := 0; oy < g.oh; oy++ {
		yr, ar := y[oy*g.ow:(oy+1)*g.ow], arg[oy*g.ow:(oy+1)*g.ow]
		iy0 := firstTap(oy*g.sh-g.ph, g.dh) * g.w
		for ox := range yr {
			yr[ox], ar[ox] = inf, int32(iy0+firstTap(ox*g.sw-g.pw, g.dw))
		}
		for ky := 0; ky < g.kh; ky++ {
			iy, ok := g.row(oy, ky)
			if !ok {
				continue
			}
			xr := x[iy*g.w : (iy+1)*g.w]
			for kx := 0; kx < g.kw; kx++ {
				off := kx*g.dw - g.pw
				lo, hi := g.cols(off)
				for ox := lo; ox < hi; ox++ {
					ix := ox*g.sw + off
					if v := xr[ix]; v > yr[ox] || v != v {
						yr[ox], ar[ox] = v, int32(iy*g.w+ix)
					}
				}
			}
		}
	}
}

// maxBackward sets dx (an h×w plane) to dy (oh×ow) scattered to the
// argmax of each window, summing where windows share their argmax.
func (g *pool2d) maxBackward(dx, dy []float32, arg []int32) {
	clear(dx[:g.h*g.w])
	for o, v := range dy[:g.oh*g.ow] {
		dx[arg[o]] += v
	}
}

// avgDivisors fills div (oh×ow) with each window's divisor for
// avg_pool2d: divisorOverride if positive; else, with countIncludePad,
// the window's size clipped to the padded plane, else its taps inside the
// plane (PyTorch's pool_size and divide_factor).
func (g *pool2d) avgDivisors(div []float32, countIncludePad bool, divisorOverride int) {
	for oy := 0; oy < g.oh; oy++ {
		hs := oy*g.sh - g.ph
		he := min(hs+g.kh, g.h+g.ph)
		for ox := 0; ox < g.ow; ox++ {
			ws := ox*g.sw - g.pw
			we := min(ws+g.kw, g.w+g.pw)
			n := (he - hs) * (we - ws)
			if !countIncludePad {
				n = (min(he, g.h) - max(hs, 0)) * (min(we, g.w) - max(ws, 0))
			}
			if divisorOverride > 0 {
				n = divisorOverride
			}
			div[oy*g.ow+ox] = float32(n)
		}
	}
}

// avgForward sets y[o] to the sum of x over output o's window (padding
// adds zeros) divided by div[o], summing taps in (ky, kx) order in
// float32.
func (g *pool2d) avgForward(y, x, div []float32) {
	for oy := 0; oy < g.oh; oy++ {
		yr := y[oy*g.ow : (oy+1)*g.ow]
		clear(yr)
		for ky := 0; ky < g.kh; ky++ {
			iy, ok := g.row(oy, ky)
			if !ok {
				continue
			}
			xr := x[iy*g.w : (iy+1)*g.w]
			for kx := 0; kx < g.kw; kx++ {
				off := kx*g.dw - g.pw
				lo, hi := g.cols(off)
				for ox := lo; ox < hi; ox++ {
					yr[ox] += xr[ox*g.sw+off]
				}
			}
		}
		for ox, d := range div[oy*g.ow : (oy+1)*g.ow] {
			yr[ox] /= d
		}
	}
}

// avgBackward sets dx (h×w) to the sum over the windows containing each
// input of dy[o]/div[o]; scratch holds one output row.
func (g *pool2d) avgBackward(dx, dy, div, scratch []float32) {
	clear(dx[:g.h*g.w])
	gr := scratch[:g.ow]
	for oy := 0; oy < g.oh; oy++ {
		for ox, d := range div[oy*g.ow : (oy+1)*g.ow] {
			gr[ox] = dy[oy*g.ow+ox] / d
		}
		for ky := 0; ky < g.kh; ky++ {
			iy, ok := g.row(oy, ky)
			if !ok {
				continue
			}
			dr := dx[iy*g.w : (iy+1)*g.w]
			for kx := 0; kx < g.kw; kx++ {
				off := kx*g.dw - g.pw
				lo, hi := g.cols(off)
				for ox := lo; ox < hi; ox++ {
					dr[ox*g.sw+off] += gr[ox]
				}
			}
		}
	}
}
