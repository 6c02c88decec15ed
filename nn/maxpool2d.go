package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// MaxPool2d is torch.nn.MaxPool2d: each output is the largest input in its
// KernelSize window, moved Stride at a time, over each channel of an
// [N, C, H, W] batch, the planes padded by Padding with −∞, the window's
// taps Dilation apart. The output is [N, C, OH, OW] with OH = ⌊(H +
// 2·Padding − Dilation·(KernelSize−1) − 1)/Stride⌋ + 1 (the ceiling with
// CeilMode, PyTorch's ceil_mode=True), and so for OW.
//
// Forward keeps the index of each window's maximum in its plane (PyTorch's
// return_indices); Backward adds each output's gradient to that input.
// Ties go to the first tap in row-major window order and NaN propagates,
// as in PyTorch. The passes split the batch's N·C planes over the Env's
// threads; planes are independent and the work has no reduction across
// them, so the results are the same for any thread count. The 2×2 window
// with stride 2, no padding or dilation and no ceil_mode overhang (the
// common MaxPool2d(2)) runs on kernels.MaxPool2x2; other windows merge
// their taps along a row of output with kernels.MaxPoolTap when the stride
// is 1 or 2, in Go otherwise.
// The fields may be changed before the layer is built.
type MaxPool2d struct {
	noParams
	// KernelSize, Stride, Padding and Dilation are (height, width).
	KernelSize, Stride, Padding, Dilation [2]int
	// CeilMode rounds OH and OW up (PyTorch's ceil_mode).
	CeilMode bool

	planes
	g    pool2d
	arg  []int32 // argmax of each output in its input plane
	fast bool    // g is the 2×2 window of kernels.MaxPool2x2

	// afterReLU is set by forwardAfterReLU: the last forward pooled a
	// ReLU's input and applied the ReLU to the pooled values (see
	// relupool.go); the backward pass then masks dy into masked.
	afterReLU bool
	masked    []float32
	// fwdSamples runs the forward pass over the planes x of samples
	// [first, first+n), bwdSamples the backward pass into dx, both bound
	// once for Conv2d's then and dyFrom.
	fwdSamples func(x []float32, first, n int)
	bwdSamples func(dx []float32, first, n int)
}

// NewMaxPool2d returns torch.nn.MaxPool2d(kernel_size): a square window
// of kernelSize, stride kernelSize, no padding, dilation 1. Set the fields
// for other choices before building it.
func NewMaxPool2d(kernelSize int) *MaxPool2d {
	k := [2]int{kernelSize, kernelSize}
	return &MaxPool2d{KernelSize: k, Stride: k, Dilation: [2]int{1, 1}}
}

// Type implements Layer.
func (m *MaxPool2d) Type() string { return "MaxPool2d" }

// String spells the layer as PyTorch constructs it.
func (m *MaxPool2d) String() string {
	return fmt.Sprintf("MaxPool2d(kernel_size=%s, stride=%s, padding=%s, dilation=%s, ceil_mode=%s)",
		intOrPair(m.KernelSize), intOrPair(m.Stride), intOrPair(m.Padding), intOrPair(m.Dilation), pyBool(m.CeilMode))
}

// Build implements Layer: in must be [C, H, W]; the output is [C, OH, OW].
// It returns an error, as PyTorch's conditions, if in has another rank,
// KernelSize, Stride or Dilation is not in [1, 2³⁰], Padding is negative
// or exceeds half the kernel, or the plane yields no output or a window
// lying wholly in the padding.
func (m *MaxPool2d) Build(in Shape, env *Env) (Shape, error) {
	if err := imageShape(m.String(), in, 0); err != nil {
		return nil, err
	}
	g, err := newPool2d(m.String(), in[1], in[2], m.KernelSize, m.Stride, m.Padding, m.Dilation, m.CeilMode)
	if err != nil {
		return nil, err
	}
	m.g, m.fast = g, g.is2x2()
	m.setup(in, Shape{in[0], g.oh, g.ow}, env, m.forwardPlanes, m.backwardPlanes)
	if m.fwdSamples == nil {
		m.fwdSamples = func(x []float32, first, n int) {
			c, op := m.in[0], m.out[1]*m.out[2]
			m.fwd(m.y.Data[first*c*op:(first+n)*c*op], x, first*c, n*c)
		}
		m.bwdSamples = func(dx []float32, first, n int) {
			c, op := m.in[0], m.out[1]*m.out[2]
			m.bwd(dx, m.src.Data[first*c*op:(first+n)*c*op], first*c, n*c)
		}
	}
	return m.out.Clone(), nil
}

// Forward implements Layer.
func (m *MaxPool2d) Forward(x *Tensor) *Tensor {
	checkBuilt(m.env != nil, "MaxPool2d")
	m.afterReLU = false
	return m.forwardArg(x)
}

// forwardArg runs the forward pass, with arg grown for x's batch.
func (m *MaxPool2d) forwardArg(x *Tensor) *Tensor {
	m.growArg(x.Rows())
	return m.forward(x)
}

// growArg grows arg for a batch of n samples.
func (m *MaxPool2d) growArg(n int) {
	if n := n * m.in[0] * m.g.oh * m.g.ow; cap(m.arg) < n {
		m.arg = make([]int32, n)
	}
}

// Backward implements Layer. After forwardAfterReLU it returns the
// gradient of the ReLU's input (see relupool.go).
func (m *MaxPool2d) Backward(dy *Tensor, needDx bool) *Tensor {
	if m.afterReLU && needDx {
		m.masked = grow(&m.masked, len(dy.Data))
	}
	return m.backward(dy, needDx)
}

// forwardPlanes pools the n planes of x from plane first into y, and
// their argmax into arg.
func (m *MaxPool2d) forwardPlanes(y, x []float32, first, n int) {
	op, ip := m.g.oh*m.g.ow, m.g.h*m.g.w
	arg := m.arg[first*op : (first+n)*op]
	if m.fast {
		kernels.MaxPool2x2(y, arg, x, n, m.g.h, m.g.w)
		if m.afterReLU {
			kernels.ReLU(y, y)
		}
		return
	}
	for p := range n {
		m.g.maxForward(y[p*op:(p+1)*op], arg[p*op:(p+1)*op], x[p*ip:(p+1)*ip])
	}
}

// backwardPlanes sets the n input-gradient planes dx from plane first.
func (m *MaxPool2d) backwardPlanes(dx, dy []float32, first, n int) {
	op, ip := m.g.oh*m.g.ow, m.g.h*m.g.w
	arg := m.arg[first*op : (first+n)*op]
	if m.fast {
		if m.afterReLU {
			d := m.masked[first*op : (first+n)*op]
			kernels.ReLUBackward(d, dy, m.y.Data[first*op:(first+n)*op])
			dy = d
		}
		kernels.MaxPool2x2Backward(dx, dy, arg, n, m.g.h, m.g.w)
		return
	}
	for p := range n {
		m.g.maxBackward(dx[p*ip:(p+1)*ip], dy[p*op:(p+1)*op], arg[p*op:(p+1)*op])
	}
}

// maxForward sets y[o] (an oh×ow plane) to the largest value of x (an h×w
// plane) in output o's window and arg[o] to its index in the plane,
// iy·w + ix. Padding is −∞; a tie keeps the first tap in (ky, kx) order,
// and a NaN wins and stays, as in PyTorch's max_pool2d, so the output and
// the indices are PyTorch's. Every window holds at least one tap inside
// the plane (newPool2d's padding bound); arg starts at the first. With
// a stride of 1 or 2 the merge of each tap runs on kernels.MaxPoolTap.
func (g *pool2d) maxForward(y []float32, arg []int32, x []float32) {
	inf := float32(math.Inf(-1))
	for oy := 0; oy < g.oh; oy++ {
		yr, ar := y[oy*g.ow:(oy+1)*g.ow], arg[oy*g.ow:(oy+1)*g.ow]
		iy0 := firstTap(oy*g.sh-g.ph, g.dh) * g.w
		for ox := range yr {
			yr[ox], ar[ox] = inf, int32(iy0+firstTap(ox*g.sw-g.pw, g.dw))
		}
		g.rowTaps(oy, func(iy, off, lo, hi int) {
			xr := x[iy*g.w : (iy+1)*g.w]
			if g.sw <= 2 && hi > lo { // the same merge, in SIMD
				kernels.MaxPoolTap(yr[lo:hi], ar[lo:hi], xr[lo*g.sw+off:(hi-1)*g.sw+off+1], g.sw, iy*g.w+lo*g.sw+off)
				return
			}
			for ox := lo; ox < hi; ox++ {
				ix := ox*g.sw + off
				if v := xr[ix]; v > yr[ox] || v != v {
					yr[ox], ar[ox] = v, int32(iy*g.w+ix)
				}
			}
		})
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
