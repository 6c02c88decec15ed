package nn

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// poolCase is one pooling geometry: kernel, stride, padding and dilation
// over an h×w plane.
type poolCase struct {
	h, w                     int
	kernel, stride, pad, dil [2]int
	ceil                     bool
}

func (c poolCase) String() string {
	return fmt.Sprintf("%dx%d k%v s%v p%v d%v ceil=%v", c.h, c.w, c.kernel, c.stride, c.pad, c.dil, c.ceil)
}

// geometry returns the case's pool2d.
func (c poolCase) geometry(t *testing.T) pool2d {
	g, err := newPool2d("Pool", c.h, c.w, c.kernel, c.stride, c.pad, c.dil, c.ceil)
	require.NoError(t, err, c)
	return g
}

// withCeil returns the cases in floor and in ceil mode.
func withCeil(cases []poolCase) []poolCase {
	var out []poolCase
	for _, c := range cases {
		out = append(out, c)
		c.ceil = true
		out = append(out, c)
	}
	return out
}

// poolCases cover square and non-square kernels, stride 1, 2 and 3 and
// unequal strides, padding up to half the kernel, dilation, odd planes
// and a kernel as large as the plane.
var poolCases = []poolCase{
	{4, 4, [2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, [2]int{1, 1}, false},
	{5, 7, [2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, [2]int{1, 1}, false},
	{5, 7, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, false},
	{7, 6, [2]int{3, 2}, [2]int{2, 1}, [2]int{1, 1}, [2]int{1, 1}, false},
	{9, 8, [2]int{3, 3}, [2]int{3, 2}, [2]int{1, 0}, [2]int{2, 3}, false},
	{6, 5, [2]int{2, 3}, [2]int{1, 2}, [2]int{1, 1}, [2]int{2, 1}, false},
	{3, 3, [2]int{3, 3}, [2]int{3, 3}, [2]int{0, 0}, [2]int{1, 1}, false},
	{1, 5, [2]int{1, 2}, [2]int{1, 2}, [2]int{0, 1}, [2]int{1, 1}, false},
	{11, 13, [2]int{4, 5}, [2]int{3, 4}, [2]int{2, 2}, [2]int{1, 1}, false},
}

// taps calls f(iy, ix, inside) for every tap of output (oy, ox)'s window in
// (ky, kx) order: the definition the passes are checked against.
func (g *pool2d) taps(oy, ox int, f func(iy, ix int, inside bool)) {
	for ky := 0; ky < g.kh; ky++ {
		for kx := 0; kx < g.kw; kx++ {
			iy, ix := oy*g.sh-g.ph+ky*g.dh, ox*g.sw-g.pw+kx*g.dw
			f(iy, ix, iy >= 0 && iy < g.h && ix >= 0 && ix < g.w)
		}
	}
}

func TestPool2dGeometry(t *testing.T) {
	for _, c := range []struct {
		poolCase
		oh, ow int
	}{
		{poolCase{28, 28, [2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, [2]int{1, 1}, false}, 14, 14},
		// (7 + 2·1 − 2·2 − 1)/3 + 1 = 2 and (8 − 3·1 − 1)/2 + 1 = 3.
		{poolCase{7, 8, [2]int{3, 2}, [2]int{3, 2}, [2]int{1, 0}, [2]int{2, 3}, false}, 2, 3},
		// ceil_mode, as torch 1.13 gives them: a 1×1 plane with a 2×2
		// window, a 3×3 one, and a window that would start in the right
		// padding (dropped).
		{poolCase{1, 1, [2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, [2]int{1, 1}, true}, 1, 1},
		{poolCase{3, 3, [2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, [2]int{1, 1}, true}, 2, 2},
		{poolCase{3, 3, [2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, [2]int{1, 1}, true}, 2, 2},
		{poolCase{5, 4, [2]int{2, 2}, [2]int{2, 2}, [2]int{1, 1}, [2]int{1, 1}, true}, 3, 3},
		// Sizes whose sums pass 2^31 in ceil mode: the same on 32 bits.
		{poolCase{1<<31 - 3, 4, [2]int{3, 2}, [2]int{1 << 30, 2}, [2]int{0, 0}, [2]int{1, 1}, true}, 2, 2},
	} {
		g := c.geometry(t)
		require.Equal(t, [2]int{c.oh, c.ow}, [2]int{g.oh, g.ow}, c.poolCase)
	}
	for _, c := range []struct {
		h, w                     int
		kernel, stride, pad, dil [2]int
		want                     string
	}{
		{4, 4, [2]int{0, 2}, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, "kernel_size [0 2] must be positive"},
		{4, 4, [2]int{2, 2}, [2]int{1, 0}, [2]int{0, 0}, [2]int{1, 1}, "stride [1 0] must be positive"},
		{4, 4, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, [2]int{0, 1}, "dilation [0 1] must be positive"},
		{4, 4, [2]int{3, 3}, [2]int{1, 1}, [2]int{2, 1}, [2]int{1, 1}, "padding [2 1] must be between 0 and half of kernel_size [3 3]"},
		{4, 4, [2]int{3, 3}, [2]int{1, 1}, [2]int{math.MaxInt, 0}, [2]int{1, 1}, "must be between 0 and half of kernel_size [3 3]"}, // 2·p overflowed, and Build hung
		{4, 4, [2]int{2, 2}, [2]int{1, 1}, [2]int{-1, 0}, [2]int{1, 1}, "padding [-1 0]"},
		{2, 9, [2]int{3, 3}, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, "the input plane 2×9 (padded by [0 0]) is smaller than the kernel [3 3] with dilation [1 1]"},
		{5, 5, [2]int{3, 3}, [2]int{1, 1}, [2]int{0, 0}, [2]int{3, 1}, "the output would be empty"},
		{4, 4, [2]int{4, 4}, [2]int{1, 1}, [2]int{0, 0}, [2]int{1<<(strconv.IntSize-2) + 1, 1}, "kernel_size, stride and dilation must be at most 1073741824"},
		{4, 4, [2]int{2, 2}, [2]int{1, 1<<30 + 1}, [2]int{0, 0}, [2]int{1, 1}, "must be at most 1073741824"},
		// A dilated kernel of 2^31+1 rows, refused alike on 32-bit ints.
		{1 << 30, 4, [2]int{3, 2}, [2]int{1, 1}, [2]int{0, 0}, [2]int{1 << 30, 1},
			"the input plane 1073741824×4 padded by [0 0], and the kernel [3 2] with dilation [1073741824 1], must each be at most 2147483647 a side"},
	} {
		_, err := newPool2d("MaxPool2d(k)", c.h, c.w, c.kernel, c.stride, c.pad, c.dil, false)
		require.ErrorContains(t, err, c.want)
		require.ErrorContains(t, err, "MaxPool2d(k): ")
	}
	// Taps 3 apart from −1 over a plane of 1: a window without an input.
	_, err := newPool2d("MaxPool2d(k)", 1, 4, [2]int{2, 2}, [2]int{2, 2}, [2]int{1, 1}, [2]int{3, 1}, true)
	require.EqualError(t, err, "MaxPool2d(k): a window over the input plane 1×4 falls entirely in the padding")
}

// distinctPlane returns an h×w plane of distinct values at least 0.1
// apart in random order, so that a window's maximum is unique.
func distinctPlane(rng *RNG, h, w int) []float32 {
	p := make([]int, h*w)
	rng.Permute(p)
	x := make([]float32, h*w)
	for i, v := range p {
		x[i] = 0.1*float32(v) - 0.05*float32(h*w)
	}
	return x
}

// TestMaxPool2dPlane checks the forward pass and the argmax against the
// definition, and the backward pass against the derivative of Σ r·y
// computed from it in float64, for every geometry.
func TestMaxPool2dPlane(t *testing.T) {
	rng := NewRNG(1)
	for _, c := range withCeil(poolCases) {
		g := c.geometry(t)
		x := distinctPlane(rng, c.h, c.w)
		y, arg := make([]float32, g.oh*g.ow), make([]int32, g.oh*g.ow)
		g.maxForward(y, arg, x)
		r := randTensor(rng, 1, g.oh*g.ow).Data
		want := make([]float64, c.h*c.w)
		for oy := 0; oy < g.oh; oy++ {
			for ox := 0; ox < g.ow; ox++ {
				best, at := math.Inf(-1), -1
				g.taps(oy, ox, func(iy, ix int, inside bool) {
					if inside && float64(x[iy*c.w+ix]) > best {
						best, at = float64(x[iy*c.w+ix]), iy*c.w+ix
					}
				})
				o := oy*g.ow + ox
				require.Equal(t, best, float64(y[o]), "%v y[%d]", c, o)
				require.Equal(t, int32(at), arg[o], "%v arg[%d]", c, o)
				want[at] += float64(r[o])
			}
		}
		dx := make([]float32, c.h*c.w)
		for i := range dx {
			dx[i] = float32(math.NaN()) // overwritten, not accumulated into
		}
		g.maxBackward(dx, r, arg)
		requireSlice(t, want, dx, 1e-6, c.String()+" dx")
	}
}

// TestMaxPool2dSpecialValues checks PyTorch's rules: padding is −∞ (an
// all-negative window at the border ignores it), ties keep the first tap,
// NaN propagates, and a window of −∞ points at its first tap inside the
// plane.
func TestMaxPool2dSpecialValues(t *testing.T) {
	g := poolCase{2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, false}.geometry(t)
	inf := float32(math.Inf(-1))
	nan := float32(math.NaN())
	x := []float32{
		-5, -3, -3,
		inf, nan, -1,
	}
	y, arg := make([]float32, 6), make([]int32, 6)
	g.maxForward(y, arg, x)
	// Output (0, 0) sees x[0..1][0..1]: NaN at index 4 wins.
	require.True(t, math.IsNaN(float64(y[0])))
	require.Equal(t, int32(4), arg[0])
	g2 := poolCase{1, 4, [2]int{1, 2}, [2]int{1, 2}, [2]int{0, 1}, [2]int{1, 1}, false}.geometry(t)
	x2 := []float32{-2, 5, 5, inf}
	y2, arg2 := make([]float32, 3), make([]int32, 3)
	g2.maxForward(y2, arg2, x2)
	require.Equal(t, []float32{-2, 5, inf}, y2, "padding is -inf")
	require.Equal(t, []int32{0, 1, 3}, arg2, "ties keep the first tap; all -inf points at the first tap inside")
}

// TestAvgPool2dPlane checks the forward and backward passes against the
// definition in float64, with and without count_include_pad and with a
// divisor_override.
func TestAvgPool2dPlane(t *testing.T) {
	rng := NewRNG(2)
	for _, c := range withCeil(poolCases) {
		if c.dil != [2]int{1, 1} {
			continue // avg_pool2d has no dilation
		}
		g := c.geometry(t)
		for _, mode := range []struct {
			include  bool
			override int
		}{{true, 0}, {false, 0}, {true, 3}} {
			what := fmt.Sprintf("%v include_pad=%v override=%d", c, mode.include, mode.override)
			x := randTensor(rng, 1, c.h*c.w).Data
			div := make([]float32, g.oh*g.ow)
			g.avgDivisors(div, mode.include, mode.override)
			y := make([]float32, g.oh*g.ow)
			g.avgForward(y, x, div)
			r := randTensor(rng, 1, g.oh*g.ow).Data
			wantY := make([]float64, g.oh*g.ow)
			wantDx := make([]float64, c.h*c.w)
			for oy := 0; oy < g.oh; oy++ {
				for ox := 0; ox < g.ow; ox++ {
					var sum float64
					n, inside := 0, 0
					var at []int
					g.taps(oy, ox, func(iy, ix int, in bool) {
						if iy < c.h+c.pad[0] && ix < c.w+c.pad[1] {
							n++ // inside the padded plane
						}
						if in {
							inside++
							sum += float64(x[iy*c.w+ix])
							at = append(at, iy*c.w+ix)
						}
					})
					if !mode.include {
						n = inside
					}
					if mode.override > 0 {
						n = mode.override
					}
					o := oy*g.ow + ox
					wantY[o] = sum / float64(n)
					for _, i := range at {
						wantDx[i] += float64(r[o]) / float64(n)
					}
				}
			}
			requireSlice(t, wantY, y, 1e-5, what+" y")
			dx := make([]float32, c.h*c.w)
			g.avgBackward(dx, r, div)
			requireSlice(t, wantDx, dx, 1e-5, what+" dx")
		}
	}
}

// TestAdaptiveAvgPool2dPlane checks adaptive pooling against PyTorch's
// window formula, written out per output, for sizes that divide, that do
// not (overlapping windows), global pooling and upsampling.
func TestAdaptiveAvgPool2dPlane(t *testing.T) {
	rng := NewRNG(3)
	for _, c := range [][4]int{{4, 4, 1, 1}, {7, 5, 1, 1}, {12, 11, 1, 1}, {6, 6, 3, 2}, {5, 7, 3, 4}, {13, 37, 2, 3}, {3, 2, 5, 4}, {1, 1, 2, 3}, {10, 9, 10, 9}} {
		g := adaptive2d{h: c[0], w: c[1], oh: c[2], ow: c[3]}
		x := randTensor(rng, 1, g.h*g.w).Data
		r := randTensor(rng, 1, g.oh*g.ow).Data
		y := make([]float32, g.oh*g.ow)
		g.forward(y, x)
		wantY := make([]float64, g.oh*g.ow)
		wantDx := make([]float64, g.h*g.w)
		for oy := 0; oy < g.oh; oy++ {
			hs := int(math.Floor(float64(oy*g.h) / float64(g.oh)))
			he := int(math.Ceil(float64((oy+1)*g.h) / float64(g.oh)))
			for ox := 0; ox < g.ow; ox++ {
				ws := int(math.Floor(float64(ox*g.w) / float64(g.ow)))
				we := int(math.Ceil(float64((ox+1)*g.w) / float64(g.ow)))
				n := float64((he - hs) * (we - ws))
				o := oy*g.ow + ox
				for iy := hs; iy < he; iy++ {
					for ix := ws; ix < we; ix++ {
						wantY[o] += float64(x[iy*g.w+ix]) / n
						wantDx[iy*g.w+ix] += float64(r[o]) / n
					}
				}
			}
		}
		requireSlice(t, wantY, y, 1e-5, fmt.Sprint(c, " y"))
		dx := make([]float32, g.h*g.w)
		g.backward(dx, r)
		requireSlice(t, wantDx, dx, 1e-5, fmt.Sprint(c, " dx"))
	}
}
