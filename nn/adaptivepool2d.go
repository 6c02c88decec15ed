package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// AdaptiveAvgPool2d is torch.nn.AdaptiveAvgPool2d: it averages each
// channel of an [N, C, H, W] batch to OutputSize (height, width), whichever
// the input's size; a 0 keeps that input dimension (PyTorch's None).
// Output (oy, ox) is the mean over input rows [⌊oy·H/OH⌋, ⌈(oy+1)·H/OH⌉)
// and columns [⌊ox·W/OW⌋, ⌈(ox+1)·W/OW⌉), PyTorch's windows, which
// overlap when H is not a multiple of OH. OutputSize (1, 1) is global
// average pooling (Lin, Chen & Yan, "Network In Network", 2013). The passes split the batch's N·C planes over the Env's
// threads; planes are independent, so the results are the same for any
// thread count.
type AdaptiveAvgPool2d struct {
	noParams
	OutputSize [2]int // (OH, OW) in pixels; 0 keeps the input's H or W

	planes
	g adaptive2d
}

// NewAdaptiveAvgPool2d returns torch.nn.AdaptiveAvgPool2d((h, w)); (1, 1)
// is global average pooling, 0 keeps the input's size. It panics if h or
// w is negative.
func NewAdaptiveAvgPool2d(h, w int) *AdaptiveAvgPool2d {
	if h < 0 || w < 0 {
		panic(fmt.Sprintf("nn.NewAdaptiveAvgPool2d: output size (%d, %d) is negative", h, w))
	}
	return &AdaptiveAvgPool2d{OutputSize: [2]int{h, w}}
}

// Type implements Layer.
func (a *AdaptiveAvgPool2d) Type() string { return "AdaptiveAvgPool2d" }

// String spells the layer as PyTorch constructs it.
func (a *AdaptiveAvgPool2d) String() string {
	dim := func(v int) string {
		if v == 0 {
			return "None"
		}
		return fmt.Sprint(v)
	}
	if a.OutputSize[0] == a.OutputSize[1] && a.OutputSize[0] != 0 {
		return fmt.Sprintf("AdaptiveAvgPool2d(output_size=%d)", a.OutputSize[0])
	}
	return fmt.Sprintf("AdaptiveAvgPool2d(output_size=(%s, %s))", dim(a.OutputSize[0]), dim(a.OutputSize[1]))
}

// Build implements Layer: in must be [C, H, W]; the output is [C, OH, OW].
// It returns an error if in has another rank, or if an OutputSize entry is
// negative or above 2³⁰.
func (a *AdaptiveAvgPool2d) Build(in Shape, env *Env) (Shape, error) {
	if err := imageShape(a.String(), in, 0); err != nil {
		return nil, err
	}
	if a.OutputSize[0] < 0 || a.OutputSize[1] < 0 || max(a.OutputSize[0], a.OutputSize[1]) > maxPoolArg {
		return nil, fmt.Errorf("%s: the output size must be positive (or None) and at most %d", a, maxPoolArg)
	}
	a.g = adaptive2d{h: in[1], w: in[2], oh: a.OutputSize[0], ow: a.OutputSize[1]}
	if a.g.oh == 0 {
		a.g.oh = in[1]
	}
	if a.g.ow == 0 {
		a.g.ow = in[2]
	}
	a.setup(in, Shape{in[0], a.g.oh, a.g.ow}, env, a.forwardPlanes, a.backwardPlanes)
	return a.out.Clone(), nil
}

// Forward implements Layer.
func (a *AdaptiveAvgPool2d) Forward(x *Tensor) *Tensor {
	checkBuilt(a.env != nil, "AdaptiveAvgPool2d")
	return a.forward(x)
}

// Backward implements Layer.
func (a *AdaptiveAvgPool2d) Backward(dy *Tensor, needDx bool) *Tensor { return a.backward(dy, needDx) }

// forwardPlanes pools the n planes of x into y.
func (a *AdaptiveAvgPool2d) forwardPlanes(y, x []float32, _, n int) {
	op, ip := a.g.oh*a.g.ow, a.g.h*a.g.w
	for p := range n {
		a.g.forward(y[p*op:(p+1)*op], x[p*ip:(p+1)*ip])
	}
}

// backwardPlanes sets the n input-gradient planes dx from dy.
func (a *AdaptiveAvgPool2d) backwardPlanes(dx, dy []float32, _, n int) {
	op, ip := a.g.oh*a.g.ow, a.g.h*a.g.w
	for p := range n {
		a.g.backward(dx[p*ip:(p+1)*ip], dy[p*op:(p+1)*op])
	}
}

// adaptive2d is the geometry of adaptive average pooling from an h×w plane
// to an oh×ow one: output (oy, ox) averages input rows [⌊oy·h/oh⌋,
// ⌈(oy+1)·h/oh⌉) and columns [⌊ox·w/ow⌋, ⌈(ox+1)·w/ow⌉), PyTorch's
// start_index and end_index, so windows overlap when h is not a multiple
// of oh.
type adaptive2d struct{ h, w, oh, ow int }

// adaptiveRange returns output o's window [start, end) over in inputs
// pooled to out outputs.
func adaptiveRange(o, out, in int) (start, end int) {
	return o * in / out, ((o+1)*in + out - 1) / out
}

// forward sets y (oh×ow) to the means of x (h×w) over the windows: a
// window's sum is kernels.Sum over its rows, or over the whole block of
// rows at once when the window spans the plane's width (global pooling).
func (g *adaptive2d) forward(y, x []float32) {
	for oy := 0; oy < g.oh; oy++ {
		hs, he := adaptiveRange(oy, g.oh, g.h)
		for ox := 0; ox < g.ow; ox++ {
			ws, we := adaptiveRange(ox, g.ow, g.w)
			var s float32
			if ws == 0 && we == g.w {
				s = kernels.Sum(x[hs*g.w : he*g.w])
			} else {
				for iy := hs; iy < he; iy++ {
					s += kernels.Sum(x[iy*g.w+ws : iy*g.w+we])
				}
			}
			y[oy*g.ow+ox] = s / float32((he-hs)*(we-ws))
		}
	}
}

// backward sets dx (h×w) to the sum, over the windows holding each input,
// of the window's dy divided by its size, added with kernels.AddScalar row
// by row, or over the block of rows when the window spans the width.
func (g *adaptive2d) backward(dx, dy []float32) {
	clear(dx[:g.h*g.w])
	for oy := 0; oy < g.oh; oy++ {
		hs, he := adaptiveRange(oy, g.oh, g.h)
		for ox := 0; ox < g.ow; ox++ {
			ws, we := adaptiveRange(ox, g.ow, g.w)
			d := dy[oy*g.ow+ox] / float32((he-hs)*(we-ws))
			if ws == 0 && we == g.w {
				block := dx[hs*g.w : he*g.w]
				kernels.AddScalar(block, block, d)
				continue
			}
			for iy := hs; iy < he; iy++ {
				dr := dx[iy*g.w+ws : iy*g.w+we]
				kernels.AddScalar(dr, dr, d)
			}
		}
	}
}
