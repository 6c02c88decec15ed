package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// AvgPool2d is torch.nn.AvgPool2d: each output is the mean of its
// KernelSize window, moved Stride at a time, over each channel of an
// [N, C, H, W] batch whose planes are padded by Padding with zeros. The
// output is [N, C, OH, OW], OH = ⌊(H + 2·Padding − KernelSize)/Stride⌋ +
// 1 (the ceiling with CeilMode), and so for OW.
//
// The divisor is the window's size, padding included
// (CountIncludePad, PyTorch's default True), or only its taps inside the
// plane, or DivisorOverride when it is positive (PyTorch's
// divisor_override; 0 is None). With CeilMode a window may overhang the
// padding; that part never counts. The sums run in float32 over the
// window in row-major order. The passes split the batch's N·C planes over
// the Env's threads; planes are independent, so the results are the same
// for any thread count. The 2×2 window with stride 2, no padding and no
// ceil_mode overhang runs on kernels.AvgPool2x2 (the same arithmetic),
// other windows in Go. The fields may be changed before the layer is
// built.
type AvgPool2d struct {
	noParams
	// KernelSize, Stride and Padding are (height, width).
	KernelSize, Stride, Padding [2]int
	// CeilMode rounds OH and OW up (PyTorch's ceil_mode); CountIncludePad
	// counts the zero padding in the divisor (count_include_pad).
	CeilMode, CountIncludePad bool
	// DivisorOverride, when positive, divides every window's sum
	// instead; 0 means none.
	DivisorOverride int

	planes
	g    pool2d
	div  []float32 // divisor of each output of a plane
	fast bool      // g is the 2×2 window of kernels.AvgPool2x2
}

// NewAvgPool2d returns torch.nn.AvgPool2d(kernel_size): a square window of
// kernelSize, stride kernelSize, no padding, count_include_pad=True. Set
// the fields for other choices before building it.
func NewAvgPool2d(kernelSize int) *AvgPool2d {
	k := [2]int{kernelSize, kernelSize}
	return &AvgPool2d{KernelSize: k, Stride: k, CountIncludePad: true}
}

// Type implements Layer.
func (a *AvgPool2d) Type() string { return "AvgPool2d" }

// String spells the layer as PyTorch constructs it.
func (a *AvgPool2d) String() string {
	s := fmt.Sprintf("AvgPool2d(kernel_size=%s, stride=%s, padding=%s", intOrPair(a.KernelSize), intOrPair(a.Stride), intOrPair(a.Padding))
	if a.CeilMode {
		s += ", ceil_mode=True"
	}
	if !a.CountIncludePad {
		s += ", count_include_pad=False"
	}
	if a.DivisorOverride != 0 {
		s += fmt.Sprintf(", divisor_override=%d", a.DivisorOverride)
	}
	return s + ")"
}

// Build implements Layer: in must be [C, H, W]; the output is [C, OH, OW].
// It returns an error, as PyTorch's conditions, if in has another rank,
// DivisorOverride is negative, KernelSize or Stride is not in [1, 2³⁰],
// Padding is negative or exceeds half the kernel, or the plane yields no
// output or a window lying wholly in the padding.
func (a *AvgPool2d) Build(in Shape, env *Env) (Shape, error) {
	if err := imageShape(a.String(), in, 0); err != nil {
		return nil, err
	}
	if a.DivisorOverride < 0 {
		return nil, fmt.Errorf("%s: divisor_override must be positive", a)
	}
	g, err := newPool2d(a.String(), in[1], in[2], a.KernelSize, a.Stride, a.Padding, [2]int{1, 1}, a.CeilMode)
	if err != nil {
		return nil, err
	}
	a.g = g
	a.div = make([]float32, g.oh*g.ow)
	g.avgDivisors(a.div, a.CountIncludePad, a.DivisorOverride)
	a.fast = g.is2x2() // one divisor: no window touches the padding
	a.setup(in, Shape{in[0], g.oh, g.ow}, env, a.forwardPlanes, a.backwardPlanes)
	return a.out.Clone(), nil
}

// Forward implements Layer.
func (a *AvgPool2d) Forward(x *Tensor) *Tensor {
	checkBuilt(a.env != nil, "AvgPool2d")
	return a.forward(x)
}

// Backward implements Layer.
func (a *AvgPool2d) Backward(dy *Tensor, needDx bool) *Tensor { return a.backward(dy, needDx) }

// forwardPlanes pools the n planes of x into y.
func (a *AvgPool2d) forwardPlanes(y, x []float32, _, n int) {
	if a.fast {
		kernels.AvgPool2x2(y, x, n, a.g.h, a.g.w, a.div[0])
		return
	}
	op, ip := a.g.oh*a.g.ow, a.g.h*a.g.w
	for p := range n {
		a.g.avgForward(y[p*op:(p+1)*op], x[p*ip:(p+1)*ip], a.div)
	}
}

// backwardPlanes sets the n input-gradient planes dx from dy.
func (a *AvgPool2d) backwardPlanes(dx, dy []float32, _, n int) {
	if a.fast {
		kernels.AvgPool2x2Backward(dx, dy, n, a.g.h, a.g.w, a.div[0])
		return
	}
	op, ip := a.g.oh*a.g.ow, a.g.h*a.g.w
	for p := range n {
		a.g.avgBackward(dx[p*ip:(p+1)*ip], dy[p*op:(p+1)*op], a.div)
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
// float32 (with stride 1, each tap's adds along a row with kernels.Add).
func (g *pool2d) avgForward(y, x, div []float32) {
	for oy := 0; oy < g.oh; oy++ {
		yr := y[oy*g.ow : (oy+1)*g.ow]
		clear(yr)
		g.rowTaps(oy, func(iy, off, lo, hi int) {
			xr := x[iy*g.w : (iy+1)*g.w]
			if g.sw == 1 && hi > lo { // the same adds, in SIMD
				kernels.Add(yr[lo:hi], yr[lo:hi], xr[lo+off:hi+off])
				return
			}
			for ox := lo; ox < hi; ox++ {
				yr[ox] += xr[ox*g.sw+off]
			}
		})
		for ox, d := range div[oy*g.ow : (oy+1)*g.ow] {
			yr[ox] /= d
		}
	}
}

// avgBackward sets dx (h×w) to the sum over the windows containing each
// input of dy[o]/div[o] (divided again for each tap rather than kept in a
// scratch row, so that planes may run concurrently).
func (g *pool2d) avgBackward(dx, dy, div []float32) {
	clear(dx[:g.h*g.w])
	for oy := 0; oy < g.oh; oy++ {
		dr, qr := dy[oy*g.ow:(oy+1)*g.ow], div[oy*g.ow:(oy+1)*g.ow]
		g.rowTaps(oy, func(iy, off, lo, hi int) {
			xr := dx[iy*g.w : (iy+1)*g.w]
			for ox := lo; ox < hi; ox++ {
				xr[ox*g.sw+off] += dr[ox] / qr[ox]
			}
		})
	}
}
