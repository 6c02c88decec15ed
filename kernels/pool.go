package kernels

import (
	"fmt"
	"math"
)

// Pooling kernels over NCHW planes: planes consecutive h×w input planes
// (a batch's [N, C, H, W] activations, planes = N·C) and as many oh×ow
// output planes, oh = ⌊h/2⌋ and ow = ⌊w/2⌋. They are the 2×2 window with
// stride 2, no padding and no dilation, torch.nn.MaxPool2d(2) and
// AvgPool2d(2) with ceil_mode=False: output (oy, ox) reads input rows
// 2·oy, 2·oy+1 and columns 2·ox, 2·ox+1; a last odd row or column takes
// part in no window. Windows do not overlap, so every input has at most
// one output, and each output element is computed the same way at every
// level: the results are bit-identical across levels and thread counts.

// checkPool2x2 checks the shape and the lengths of a 2×2 pooling kernel's
// operands: in (planes·h·w elements) and out (planes·⌊h/2⌋·⌊w/2⌋).
func checkPool2x2(fn string, in, out, args int, planes, h, w int) {
	if planes < 0 || h < 0 || w < 0 {
		panic(fmt.Sprintf("kernels.%s: negative shape [%d, %d, %d]", fn, planes, h, w))
	}
	if w > 0 && h > 0 && planes > math.MaxInt32/h/w {
		panic(fmt.Sprintf("kernels.%s: shape [%d, %d, %d] is too large (at most 2^31-1 elements)", fn, planes, h, w))
	}
	checkLen(fn, "input", in, planes*h*w)
	checkLen(fn, "output", out, planes*(h/2)*(w/2))
	if args >= 0 {
		checkLen(fn, "arg", args, planes*(h/2)*(w/2))
	}
}

// MaxPool2x2 sets y[o] to the largest of the four inputs of output o's
// window and arg[o] to its index in its plane, iy·w + ix, as
// torch.nn.functional.max_pool2d(x, 2, return_indices=True): the taps are
// compared in row-major window order, a tap replaces the maximum when it
// is larger or NaN, so ties keep the first and the last NaN wins (y is
// then that NaN). x holds planes h×w planes; y and arg planes ⌊h/2⌋×⌊w/2⌋
// planes (see the package's pooling notes). It panics on a negative
// shape, more than 2^31−1 input elements, or lengths that do not match.
func MaxPool2x2(y []float32, arg []int32, x []float32, planes, h, w int) {
	checkPool2x2("MaxPool2x2", len(x), len(y), len(arg), planes, h, w)
	if len(y) == 0 {
		return
	}
	use().maxpool(y, arg, x, planes, h, w)
}

// MaxPool2x2Backward sets dx, planes h×w planes, to the gradient of
// MaxPool2x2 given dy (planes ⌊h/2⌋×⌊w/2⌋) and the forward's arg: the
// input at index arg[o] of output o's window gets dy[o], every other
// input 0 (also a last odd row or column). An arg[o] outside window o
// sends its dy[o] nowhere. It panics as MaxPool2x2 does.
func MaxPool2x2Backward(dx, dy []float32, arg []int32, planes, h, w int) {
	checkPool2x2("MaxPool2x2Backward", len(dx), len(dy), len(arg), planes, h, w)
	if len(dx) == 0 {
		return
	}
	use().maxpoolbw(dx, dy, arg, planes, h, w)
}

// AvgPool2x2 sets y[o] to the sum of output o's four inputs in row-major
// window order, starting from +0, divided by div: (((0 + x₀₀) + x₀₁) +
// x₁₀) + x₁₁) / div, float32 throughout, as torch.nn.AvgPool2d(2) does
// with div 4 (another div is its divisor_override). Shapes and panics are
// MaxPool2x2's.
func AvgPool2x2(y, x []float32, planes, h, w int, div float32) {
	checkPool2x2("AvgPool2x2", len(x), len(y), -1, planes, h, w)
	if len(y) == 0 {
		return
	}
	use().avgpool(y, x, planes, h, w, div)
}

// AvgPool2x2Backward sets dx, planes h×w planes, to the gradient of
// AvgPool2x2: each of output o's four inputs gets 0 + dy[o]/div, a last
// odd row or column 0. Shapes and panics are MaxPool2x2's.
func AvgPool2x2Backward(dx, dy []float32, planes, h, w int, div float32) {
	checkPool2x2("AvgPool2x2Backward", len(dx), len(dy), -1, planes, h, w)
	if len(dx) == 0 {
		return
	}
	use().avgpoolbw(dx, dy, planes, h, w, div)
}

// MaxPoolTap merges one tap of n = len(y) pooling windows into their
// running maximum, the inner step of a max pooling of any window whose
// stride is 1 or 2 (that of MaxPool2d's general path): for each i < n,
// with v = x[i·stride], if v > y[i] or v is NaN, y[i] = v and arg[i] =
// base + i·stride. Applied to a window's taps in order, from y = −∞,
// this keeps the first of tied taps and the last NaN, as
// torch.nn.functional.max_pool2d does. len(arg) must be n and len(x)
// (n−1)·stride + 1 (0 when n = 0); stride must be 1 or 2, and base +
// (n−1)·stride must fit an int32. It panics otherwise.
func MaxPoolTap(y []float32, arg []int32, x []float32, stride, base int) {
	n := len(y)
	if stride != 1 && stride != 2 {
		panic(fmt.Sprintf("kernels.MaxPoolTap: stride %d is not 1 or 2", stride))
	}
	checkLen("MaxPoolTap", "arg", len(arg), n)
	if n == 0 {
		checkLen("MaxPoolTap", "x", len(x), 0)
		return
	}
	checkLen("MaxPoolTap", "x", len(x), (n-1)*stride+1)
	if base < 0 || base > math.MaxInt32-(n-1)*stride {
		panic(fmt.Sprintf("kernels.MaxPoolTap: indices from base %d do not fit an int32", base))
	}
	use().maxtap(y, arg, x, stride, base)
}
