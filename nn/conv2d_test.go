package nn

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// convCase is a Conv2d configuration with an input size and a batch.
type convCase struct {
	cfg   Conv2dConfig
	h, w  int
	batch int
	out   [2]int // the expected Ho, Wo
}

// convCases cover every option: stride, padding ('same' with an odd total
// too), dilation, groups (and depthwise), no bias, odd and non-square
// sizes, batch 1 and a batch of several chunks with a short last one.
var convCases = []convCase{
	{Conv2dConfig{InChannels: 3, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}}, 5, 6, 2, [2]int{5, 6}},
	{Conv2dConfig{InChannels: 2, OutChannels: 3, KernelSize: [2]int{3, 2}, Stride: [2]int{2, 3}}, 7, 8, 3, [2]int{3, 3}},
	{Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{2, 3}, Dilation: [2]int{2, 1}, Padding: [2]int{2, 1}}, 5, 4, 2, [2]int{7, 4}},
	{Conv2dConfig{InChannels: 4, OutChannels: 6, KernelSize: [2]int{3, 3}, Groups: 2, Padding: [2]int{1, 0}}, 4, 5, 2, [2]int{4, 3}},
	{Conv2dConfig{InChannels: 3, OutChannels: 3, KernelSize: [2]int{3, 3}, Groups: 3, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}, 5, 5, 2, [2]int{3, 3}},
	{Conv2dConfig{InChannels: 2, OutChannels: 3, KernelSize: [2]int{2, 4}, Dilation: [2]int{1, 2}, Same: true}, 5, 7, 2, [2]int{5, 7}},
	{Conv2dConfig{InChannels: 3, OutChannels: 2, KernelSize: [2]int{1, 1}, NoBias: true}, 3, 2, 1, [2]int{3, 2}},
	{Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{3, 3}, Stride: [2]int{1, 2}, Padding: [2]int{0, 2}}, 4, 3, 9, [2]int{2, 3}},
	{Conv2dConfig{InChannels: 2, OutChannels: 4, KernelSize: [2]int{5, 5}, Stride: [2]int{3, 3}, Padding: [2]int{2, 2}, Dilation: [2]int{1, 2}, Groups: 2}, 6, 9, 1, [2]int{2, 2}},
	// Kernel rows that lie wholly in the padding for every output row, on
	// the flat path (stride 1, output as wide as the input): a 1-row image,
	// and a dilated kernel taller than the image.
	{Conv2dConfig{InChannels: 2, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}}, 1, 5, 2, [2]int{1, 5}},
	{Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{5, 5}, Padding: [2]int{2, 2}}, 1, 7, 3, [2]int{1, 7}},
	{Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{3, 3}, Dilation: [2]int{2, 2}, Same: true}, 2, 3, 2, [2]int{2, 3}},
	{Conv2dConfig{InChannels: 1, OutChannels: 3, KernelSize: [2]int{3, 2}, Dilation: [2]int{2, 2}, Padding: [2]int{1, 1}}, 3, 3, 2, [2]int{1, 3}},
}

func (c convCase) String() string {
	return fmt.Sprintf("%+v %dx%d batch %d", c.cfg, c.h, c.w, c.batch)
}

// refConv2d computes the convolution directly in float64, from the
// definition, with the padding worked out on its own.
func refConv2d(c Conv2dConfig, h, w, n int, x, wt, b []float64) (y []float64, ho, wo int) {
	kh, kw := c.KernelSize[0], c.KernelSize[1]
	sh, sw := max(c.Stride[0], 1), max(c.Stride[1], 1)
	dh, dw := max(c.Dilation[0], 1), max(c.Dilation[1], 1)
	g := max(c.Groups, 1)
	top, left := c.Padding[0], c.Padding[1]
	bottom, right := top, left
	if c.Same {
		th, tw := dh*(kh-1), dw*(kw-1)
		top, left = th/2, tw/2
		bottom, right = th-top, tw-left
	}
	ho = (h+top+bottom-dh*(kh-1)-1)/sh + 1
	wo = (w+left+right-dw*(kw-1)-1)/sw + 1
	cg, og := c.InChannels/g, c.OutChannels/g
	y = make([]float64, n*c.OutChannels*ho*wo)
	for s := range n {
		for o := range c.OutChannels {
			grp := o / og
			for i := range ho {
				for j := range wo {
					var sum float64
					if b != nil {
						sum = b[o]
					}
					for ci := range cg {
						ch := grp*cg + ci
						for p := range kh {
							for q := range kw {
								ih, iw := i*sh-top+p*dh, j*sw-left+q*dw
								if ih < 0 || ih >= h || iw < 0 || iw >= w {
									continue
								}
								sum += wt[((o*cg+ci)*kh+p)*kw+q] * x[((s*c.InChannels+ch)*h+ih)*w+iw]
							}
						}
					}
					y[((s*c.OutChannels+o)*ho+i)*wo+j] = sum
				}
			}
		}
	}
	return y, ho, wo
}

// buildConv builds c for input [h, w] and gives it random weights.
func buildConv(t *testing.T, c convCase, env *Env, rng *RNG) *Conv2d {
	t.Helper()
	l, err := NewConv2d(c.cfg)
	require.NoError(t, err)
	out, err := l.Build(Shape{c.cfg.InChannels, c.h, c.w}, env)
	require.NoError(t, err)
	require.Equal(t, Shape{c.cfg.OutChannels, c.out[0], c.out[1]}, out, c.String())
	for _, p := range l.Params() {
		for i := range p.Value.Data {
			p.Value.Data[i] = float32(rng.NormFloat64())
		}
	}
	return l
}

// TestConv2dGradients checks Conv2d's forward pass against the direct
// float64 convolution and its three gradients against float64 central
// differences of the direct convolution's probe loss Σ r ⊙ y, for every
// case, with products of one sample and of several.
func TestConv2dGradients(t *testing.T) {
	defer func(v int) { convSpanValues = v }(convSpanValues)
	for _, convSpanValues = range []int{convSpanValues, 1} {
		checkConv2dGradients(t)
	}
}

func checkConv2dGradients(t *testing.T) {
	for ci, c := range convCases {
		rng := NewRNG(uint64(100 + ci))
		l := buildConv(t, c, &Env{Training: true}, rng)
		if convSpanValues == 1 {
			require.Equal(t, 1, l.span)
		} else {
			require.Equal(t, convChunk, l.span)
		}
		x := randTensor(rng, 1, c.batch, c.cfg.InChannels, c.h, c.w)
		y := l.Forward(x)
		require.Equal(t, []int{c.batch, c.cfg.OutChannels, c.out[0], c.out[1]}, y.Shape, c.String())
		r := randTensor(rng, 1, y.Shape...)
		x64, w64, r64 := to64(x.Data), to64(l.Weight.Value.Data), to64(r.Data)
		var b64 []float64
		if l.Bias != nil {
			b64 = to64(l.Bias.Value.Data)
		}
		ref, _, _ := refConv2d(c.cfg, c.h, c.w, c.batch, x64, w64, b64)
		for i, v := range ref {
			require.InDelta(t, v, float64(y.Data[i]), 1e-4*(1+math.Abs(v)), "%v: y[%d]", c, i)
		}
		loss := func() float64 {
			y, _, _ := refConv2d(c.cfg, c.h, c.w, c.batch, x64, w64, b64)
			var s float64
			for i, v := range y {
				s += v * r64[i]
			}
			return s
		}
		dx := l.Backward(r, true)
		require.Equal(t, x.Shape, dx.Shape)
		check := func(what string, vars []float64, got []float32) {
			for i := range vars {
				old := vars[i]
				vars[i] = old + 1e-3
				up := loss()
				vars[i] = old - 1e-3
				down := loss()
				vars[i] = old
				num := (up - down) / 2e-3
				require.InDelta(t, num, float64(got[i]), 1e-4*(1+math.Abs(num)), "%v: %s[%d]", c, what, i)
			}
		}
		check("dx", x64, dx.Data)
		check("dweight", w64, l.Weight.Grad.Data)
		if l.Bias != nil {
			check("dbias", b64, l.Bias.Grad.Data)
		}
		// Without dx, the parameter gradients are the same.
		dw := append([]float32(nil), l.Weight.Grad.Data...)
		require.Nil(t, l.Backward(r, false))
		require.Equal(t, dw, l.Weight.Grad.Data)
	}
}

// TestConv2dSpanInPlace checks that the output and the input gradient do
// not depend on how many samples a product takes: with one, the backward
// products read dy in place (see backwardChunks), with several through
// the goroutine's buffers; the forward products write each sample's
// columns in place either way, those of a panel that spans two samples
// through scratch (kernels.SgemmPackedBBlocks); and each output and
// input-gradient element sees the same sums either way. Batch 9 with
// spans of 4 ends on a span of one sample after spans of several.
func TestConv2dSpanInPlace(t *testing.T) {
	defer func(v int) { convSpanValues = v }(convSpanValues)
	for ci, c := range convCases {
		c.batch = 9
		var want [][]float32
		for _, convSpanValues = range []int{1 << 30, 1} {
			rng := NewRNG(uint64(400 + ci))
			l := buildConv(t, c, &Env{Training: true}, rng)
			x := randTensor(rng, 1, c.batch, c.cfg.InChannels, c.h, c.w)
			y := l.Forward(x)
			r := randTensor(rng, 1, y.Shape...)
			got := [][]float32{clone32(y.Data), clone32(l.Backward(r, true).Data)}
			if want == nil {
				require.Equal(t, convChunk, l.span, c.String())
				wantF := convChunk
				if l.flat() && l.p < l.in[1]*l.in[2] { // the gather's runs cannot cross samples
					wantF = 1
				}
				require.Equal(t, wantF, l.fspan, c.String())
				want = got
				continue
			}
			require.Equal(t, 1, l.span, c.String())
			require.Equal(t, 1, l.fspan, c.String())
			for k := range want {
				require.Equal(t, bits32(want[k]), bits32(got[k]), "%v: result %d", c, k)
			}
		}
	}
}

// TestConv2dWideSpan checks that a layer whose output has at least
// convWidePixels pixels takes one sample per product, and a narrower one
// several: the first and second convolutions of the MNIST CNN.
func TestConv2dWideSpan(t *testing.T) {
	for _, c := range []struct {
		in, out, hw, span int
	}{{1, 32, 28, 1}, {32, 64, 14, 2}} {
		l, err := NewConv2d(Conv2dConfig{InChannels: c.in, OutChannels: c.out, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
		require.NoError(t, err)
		_, err = l.Build(Shape{c.in, c.hw, c.hw}, &Env{})
		require.NoError(t, err)
		require.Equal(t, c.hw*c.hw >= convWidePixels, c.span == 1)
		require.Equal(t, c.span, l.span, "Conv2d(%d, %d) on %d×%d", c.in, c.out, c.hw, c.hw)
	}
}

// TestConv2dThreads checks that the outputs and all gradients are
// bit-identical on 1, 2 and 3 threads, with the work split into chunks
// even for these small sizes.
func TestConv2dThreads(t *testing.T) {
	defer func(v, s int) { convMinFlops, convSpanValues = v, s }(convMinFlops, convSpanValues)
	convMinFlops = 1
	for _, convSpanValues = range []int{convSpanValues, 1} {
		checkConv2dThreads(t)
	}
}

func checkConv2dThreads(t *testing.T) {
	for ci, c := range convCases {
		c.batch = 11 // three chunks, the last short
		var want [][]float32
		for _, threads := range []int{1, 2, 3} {
			rng := NewRNG(uint64(200 + ci))
			l := buildConv(t, c, &Env{Training: true, Threads: threads}, rng)
			x := randTensor(rng, 1, c.batch, c.cfg.InChannels, c.h, c.w)
			y := l.Forward(x)
			r := randTensor(rng, 1, y.Shape...)
			got := [][]float32{clone32(y.Data), clone32(l.Backward(r, true).Data), clone32(l.Weight.Grad.Data)}
			if l.Bias != nil {
				got = append(got, clone32(l.Bias.Grad.Data))
			}
			if want == nil {
				want = got
				continue
			}
			for k := range want {
				require.Equal(t, bits32(want[k]), bits32(got[k]), "%v: %d threads, result %d", c, threads, k)
			}
		}
	}
}

func clone32(v []float32) []float32 { return append([]float32(nil), v...) }

func bits32(v []float32) []uint32 {
	out := make([]uint32, len(v))
	for i, f := range v {
		out[i] = math.Float32bits(f)
	}
	return out
}

// A training step of a Conv2d allocates nothing once its buffers exist,
// split over threads or not.
func TestConv2dAllocs(t *testing.T) {
	defer func(v int) { convMinFlops = v }(convMinFlops)
	for _, minFlops := range []int{1, math.MaxInt} {
		convMinFlops = minFlops
		c := convCases[0]
		c.batch = 10
		l := buildConv(t, c, &Env{Training: true, Threads: 2}, NewRNG(5))
		x := randTensor(NewRNG(6), 1, c.batch, c.cfg.InChannels, c.h, c.w)
		r := randTensor(NewRNG(7), 1, c.batch, c.cfg.OutChannels, c.out[0], c.out[1])
		allocs := steadyAllocs(20, func() {
			l.Forward(x)
			l.Backward(r, true)
		})
		assert.Zero(t, allocs, "convMinFlops %d", minFlops)
	}
}

func TestConv2dErrors(t *testing.T) {
	wrapped := "nn.NewConv2d: channels, kernel_size, stride, padding and dilation must be at most 1073741824"
	if strconv.IntSize == 32 {
		// 2^16 channels are allowed; the weight's size is not.
		wrapped = "nn.NewConv2d: the weight [1, 65536, 256, 256] would hold 4.295e+09 values, more than 1073741824"
	}
	for _, c := range []struct {
		cfg  Conv2dConfig
		want string
	}{
		{Conv2dConfig{InChannels: 0, OutChannels: 1, KernelSize: [2]int{1, 1}}, "nn.NewConv2d: in_channels 0 and out_channels 1 must be positive"},
		{Conv2dConfig{InChannels: 1, OutChannels: 1}, "nn.NewConv2d: kernel_size (0, 0) must be positive"},
		{Conv2dConfig{InChannels: 3, OutChannels: 4, KernelSize: [2]int{1, 1}, Groups: 2}, "nn.NewConv2d: in_channels 3 must be divisible by groups 2"},
		{Conv2dConfig{InChannels: 2, OutChannels: 3, KernelSize: [2]int{1, 1}, Groups: 2}, "nn.NewConv2d: out_channels 3 must be divisible by groups 2"},
		{Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}, Stride: [2]int{2, 2}, Same: true}, "nn.NewConv2d: padding='same' is not supported for strided convolutions (stride (2, 2))"},
		{Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}, Padding: [2]int{-1, 0}}, "nn.NewConv2d: padding (-1, 0) must not be negative"},
		{Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}, Dilation: [2]int{1, -2}}, "nn.NewConv2d: dilation[1] is -2 (must be positive)"},
		// Sizes whose sums overflowed (padding MaxInt acted as -1) or whose
		// weight ran out of memory.
		{Conv2dConfig{InChannels: 1, OutChannels: 8, KernelSize: [2]int{3, 3}, Padding: [2]int{math.MaxInt, 0}}, "nn.NewConv2d: channels, kernel_size, stride, padding and dilation must be at most 1073741824"},
		// Channels times the kernel's area wrap around an int to 0.
		{Conv2dConfig{InChannels: 1 << (strconv.IntSize / 2), OutChannels: 1, KernelSize: [2]int{1 << (strconv.IntSize / 4), 1 << (strconv.IntSize / 4)}}, wrapped},
		{Conv2dConfig{InChannels: 1 << 20, OutChannels: 1 << 20, KernelSize: [2]int{3, 3}}, "nn.NewConv2d: the weight [1048576, 1048576, 3, 3] would hold 9.896e+12 values, more than 1073741824"},
	} {
		_, err := NewConv2d(c.cfg)
		require.EqualError(t, err, c.want)
	}
	conv := func(c Conv2dConfig) *Conv2d {
		l, err := NewConv2d(c)
		require.NoError(t, err)
		return l
	}
	_, err := NewSequential(Shape{1, 28, 28}, NewReLU(), conv(Conv2dConfig{InChannels: 3, OutChannels: 8, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}}))
	require.EqualError(t, err, "nn: layer 1 (Conv2d): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)) takes input of shape [3, H, W], got [1, 28, 28]")
	_, err = NewSequential(784, conv(Conv2dConfig{InChannels: 1, OutChannels: 8, KernelSize: [2]int{3, 3}}))
	require.EqualError(t, err, "nn: layer 0 (Conv2d): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1)) takes input of shape [1, H, W], got [784]")
	_, err = NewSequential(Shape{1, 2, 9}, conv(Conv2dConfig{InChannels: 1, OutChannels: 8, KernelSize: [2]int{3, 3}, Dilation: [2]int{1, 2}}))
	require.EqualError(t, err, "nn: layer 0 (Conv2d): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), dilation=(1, 2)): input of shape [1, 2, 9], padded to 2×9, is smaller than the dilated kernel 3×5")
	changed := conv(Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}})
	changed.Padding[0] = math.MaxInt // after NewConv2d's checks
	_, err = NewSequential(Shape{1, 6, 6}, changed)
	require.ErrorContains(t, err, "kernel_size, stride and dilation must be 1 to 1073741824, padding 0 to 1073741824")
	_, err = NewSequential(Shape{1, 28, 28}, conv(Conv2dConfig{InChannels: 1, OutChannels: 8, KernelSize: [2]int{3, 3}, Padding: [2]int{1e9, 1e9}}), NewFlatten())
	require.EqualError(t, err, "nn: layer 0 (Conv2d): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1000000000, 1000000000)): input of shape [1, 28, 28] gives an output of shape [8, 2000000026, 2000000026], 3.2e+19 values a sample, more than 1073741824")
	// Sizes past 2^31, refused with the same message where int has 32
	// bits (it read "padded to -1073741824×6" there).
	_, err = NewSequential(Shape{1, 1 << 30, 4}, conv(Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}, Padding: [2]int{1 << 30, 1}}))
	require.EqualError(t, err, "nn: layer 0 (Conv2d): Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=(1073741824, 1)): input of shape [1, 1073741824, 4], padded to 3221225472×6, with the dilated kernel 3×3: each must be at most 2147483647 a side")
	_, err = NewSequential(Shape{1, 8, 8}, conv(Conv2dConfig{InChannels: 1, OutChannels: 1, KernelSize: [2]int{3, 3}, Dilation: [2]int{1 << 30, 1}, Same: true}))
	require.ErrorContains(t, err, "padded to 2147483656×10, with the dilated kernel 2147483649×3: each must be at most 2147483647 a side")
}

// Conv2d's defaults are PyTorch's: weight and bias uniform within
// 1/√fanIn, fanIn = in/groups·kh·kw, drawn from the default generator
// so that ManualSeed reproduces them.
func TestConv2dInit(t *testing.T) {
	cfg := Conv2dConfig{InChannels: 4, OutChannels: 8, KernelSize: [2]int{3, 2}, Groups: 2}
	ManualSeed(9)
	a, err := NewConv2d(cfg)
	require.NoError(t, err)
	ManualSeed(9)
	b, err := NewConv2d(cfg)
	require.NoError(t, err)
	assert.Equal(t, a.Weight.Value.Data, b.Weight.Value.Data)
	assert.Equal(t, []int{8, 2, 3, 2}, a.Weight.Value.Shape)
	assert.Equal(t, []int{8}, a.Bias.Value.Shape)
	bound := 1 / math.Sqrt(2*3*2)
	for _, p := range a.Params() {
		lo, hi := 0.0, 0.0
		for _, v := range p.Value.Data {
			lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		}
		assert.LessOrEqual(t, hi, bound, p.Name)
		assert.GreaterOrEqual(t, lo, -bound, p.Name)
		assert.Greater(t, hi-lo, bound, "%s spreads over its range", p.Name)
	}
}
