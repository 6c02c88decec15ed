package nn

import "fmt"

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
// returns its geometry, with PyTorch's output size (pooling_output_shape):
// ⌊(h + 2·ph − dh·(kh−1) − 1)/sh⌋ + 1, or with ceilMode the ceiling, less
// one if the last window would start past the input and its left padding
// (a window then may overhang the right padding; its taps there are
// skipped). layer names the layer for the errors, which are PyTorch's
// conditions: positive kernel, stride and dilation, padding at most half
// the kernel, and an output of at least one value.
func newPool2d(layer string, h, w int, kernel, stride, padding, dilation [2]int, ceilMode bool) (pool2d, error) {
	g := pool2d{kh: kernel[0], kw: kernel[1], sh: stride[0], sw: stride[1],
		ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], h: h, w: w}
	switch {
	case g.kh < 1 || g.kw < 1:
		return g, fmt.Errorf("%s: kernel_size %v must be positive", layer, kernel)
	case g.sh < 1 || g.sw < 1:
		return g, fmt.Errorf("%s: stride %v must be positive", layer, stride)
	case g.dh < 1 || g.dw < 1:
		return g, fmt.Errorf("%s: dilation %v must be positive", layer, dilation)
	case g.ph < 0 || g.pw < 0 || g.ph > g.kh/2 || g.pw > g.kw/2: // not 2·p > k, which overflows
		return g, fmt.Errorf("%s: padding %v must be between 0 and half of kernel_size %v", layer, padding, kernel)
	case max(g.kh, g.kw, g.sh, g.sw, g.dh, g.dw) > maxPoolArg:
		return g, fmt.Errorf("%s: kernel_size, stride and dilation must be at most %d", layer, maxPoolArg)
	case max(poolExtent(h, g.ph, 1, 1), poolExtent(w, g.pw, 1, 1), poolExtent(0, 0, g.kh, g.dh), poolExtent(0, 0, g.kw, g.dw)) > maxConvExtent:
		return g, fmt.Errorf("%s: the input plane %d×%d padded by %v, and the kernel %v with dilation %v, must each be at most %d a side",
			layer, h, w, padding, kernel, dilation, maxConvExtent)
	}
	g.oh = poolOutput(h, g.kh, g.sh, g.ph, g.dh, ceilMode)
	g.ow = poolOutput(w, g.kw, g.sw, g.pw, g.dw, ceilMode)
	if g.oh < 1 || g.ow < 1 {
		return g, fmt.Errorf("%s: the input plane %d×%d (padded by %v) is smaller than the kernel %v with dilation %v: the output would be empty",
			layer, h, w, padding, kernel, dilation)
	}
	if !tapsInside(h, g.oh, g.kh, g.sh, g.ph, g.dh) || !tapsInside(w, g.ow, g.kw, g.sw, g.pw, g.dw) {
		return g, fmt.Errorf("%s: a window over the input plane %d×%d falls entirely in the padding", layer, h, w)
	}
	return g, nil
}

// is2x2 reports whether g is the window of the kernels' 2×2 pooling: a
// 2×2 kernel with stride 2, no padding and no dilation, whose windows
// cover ⌊h/2⌋×⌊w/2⌋ outputs (not ceil_mode's extra window over an odd
// plane).
func (g *pool2d) is2x2() bool {
	return g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 &&
		g.dh == 1 && g.dw == 1 && g.oh == g.h/2 && g.ow == g.w/2
}

// tapsInside reports whether each of the out windows along a dimension of
// in values has a tap inside it.
func tapsInside(in, out, k, s, p, d int) bool {
	for o := range int64(out) {
		start := o*int64(s) - int64(p) // int64: see poolExtent
		i := start
		if start < 0 {
			i = int64(firstTap(int(start), d))
		}
		if i >= int64(in) || i > start+int64(k-1)*int64(d) {
			return false
		}
	}
	return true
}

// maxPoolArg bounds kernel sizes, strides and dilations, so that the
// output size cannot overflow.
const maxPoolArg = 1 << 30

// poolExtent returns the input's side in, padded by p on each side, plus
// the dilated span d·(k−1) of the kernel, in int64: newPool2d bounds the
// padded input and the dilated kernel by maxConvExtent, so that the
// offsets of the passes fit a 32-bit int, and a layer is refused alike on
// every platform.
func poolExtent(in, p, k, d int) int64 {
	return int64(in) + 2*int64(p) + int64(d)*int64(k-1)
}

// poolOutput is PyTorch's pooling_output_shape for one dimension.
func poolOutput(in, k, s, p, d int, ceilMode bool) int {
	span := int64(in) + 2*int64(p) - int64(d)*int64(k-1) - 1 // int64: see poolExtent
	if ceilMode {
		span += int64(s) - 1
	}
	if span < 0 {
		return 0 // PyTorch's division rounds down, to at most 0
	}
	out := span/int64(s) + 1
	if ceilMode && (out-1)*int64(s) >= int64(in)+int64(p) {
		out--
	}
	return int(out)
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

// rowTaps calls f for each tap (ky, kx) of the windows of output row oy
// whose input row iy is inside the plane, in (ky, kx) order: output
// columns [lo, hi) read input column ox·sw + off of row iy, inside the
// plane. The passes run their inner loop over those columns.
func (g *pool2d) rowTaps(oy int, f func(iy, off, lo, hi int)) {
	for ky := 0; ky < g.kh; ky++ {
		iy := oy*g.sh - g.ph + ky*g.dh
		if iy < 0 || iy >= g.h {
			continue
		}
		for kx := 0; kx < g.kw; kx++ {
			off := kx*g.dw - g.pw
			lo, hi := g.cols(off)
			f(iy, off, lo, hi)
		}
	}
}

// firstTap returns the first input index i0 + k·d that is not negative
// (the first tap of a window inside the plane).
func firstTap(i0, d int) int {
	for i0 < 0 {
		i0 += d
	}
	return i0
}

// imageShape checks that in is an image [C, H, W] (of the given channels
// if channels > 0) for layer, say "MaxPool2d(kernel_size=2)".
func imageShape(layer string, in Shape, channels int) error {
	takes := "[C, H, W]"
	if channels > 0 {
		takes = fmt.Sprintf("[%d, H, W]", channels)
	}
	if len(in) != 3 || (channels > 0 && in[0] != channels) {
		return shapeError(layer, takes, in)
	}
	return nil
}

// intOrPair spells a (height, width) argument as an int when both are
// equal, as PyTorch prints a module built with one: 2, else (2, 3).
func intOrPair(v [2]int) string {
	if v[0] == v[1] {
		return fmt.Sprint(v[0])
	}
	return fmt.Sprintf("(%d, %d)", v[0], v[1])
}

// pyBool spells b as Python does.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
