package nn

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// buildLayer builds l for samples of shape in in env, failing the test on
// an error.
func buildLayer(t testing.TB, l Layer, in Shape, env *Env) Shape {
	t.Helper()
	out, err := l.Build(in, env)
	require.NoError(t, err)
	return out
}

// distinctTensor returns a tensor of distinct values 0.1 apart in random
// order: finite differences of max pooling then never cross a tie.
func distinctTensor(rng *RNG, shape ...int) *Tensor {
	t := NewTensor(shape...)
	copy(t.Data, distinctPlane(rng, 1, len(t.Data)))
	return t
}

// TestMaxPool2dGradients checks MaxPool2d's input gradient by finite
// differences for every geometry of poolCases, in floor and ceil mode,
// at batch 1 and 2.
func TestMaxPool2dGradients(t *testing.T) {
	rng := NewRNG(41)
	for i, c := range withCeil(poolCases) {
		for _, batch := range []int{1, 2} {
			m := NewMaxPool2d(1)
			m.KernelSize, m.Stride, m.Padding, m.Dilation, m.CeilMode = c.kernel, c.stride, c.pad, c.dil, c.ceil
			env := &Env{Training: true, RNG: NewRNG(1)}
			out := buildLayer(t, m, Shape{2, c.h, c.w}, env)
			require.Equal(t, Shape{2, c.geometry(t).oh, c.geometry(t).ow}, out, c)
			x := distinctTensor(rng, batch, 2, c.h, c.w)
			r := randTensor(rng, 1, append([]int{batch}, out...)...)
			t.Run(fmt.Sprint(i, c, batch), func(t *testing.T) { checkGradients(t, m, x, r, env) })
		}
	}
}

// TestAvgPool2dGradients checks AvgPool2d's input gradient by finite
// differences for every geometry without dilation, each divisor rule and
// ceil mode.
func TestAvgPool2dGradients(t *testing.T) {
	for _, c := range withCeil(poolCases) {
		if c.dil != [2]int{1, 1} {
			continue
		}
		for _, mode := range []struct {
			include  bool
			override int
		}{{true, 0}, {false, 0}, {true, 5}} {
			a := NewAvgPool2d(1)
			a.KernelSize, a.Stride, a.Padding, a.CeilMode = c.kernel, c.stride, c.pad, c.ceil
			a.CountIncludePad, a.DivisorOverride = mode.include, mode.override
			checkLayer(t, a, Shape{3, c.h, c.w}, 2, 43)
		}
	}
	checkLayer(t, NewAvgPool2d(2), Shape{1, 4, 6}, 1, 44)
}

// TestAdaptiveAvgPool2dGradients covers global pooling, sizes that divide
// the input and sizes that do not (overlapping windows), None and a size
// larger than the input.
func TestAdaptiveAvgPool2dGradients(t *testing.T) {
	for i, c := range [][5]int{{2, 4, 4, 1, 1}, {3, 7, 5, 1, 1}, {2, 6, 6, 3, 2}, {1, 5, 7, 3, 4}, {2, 5, 7, 0, 2}, {1, 3, 2, 5, 4}} {
		a := NewAdaptiveAvgPool2d(c[3], c[4])
		checkLayer(t, a, Shape{c[0], c[1], c[2]}, 1+i%2, uint64(45+i))
	}
}

// TestPool2dBuild checks the output shapes and the errors, which name the
// layer as PyTorch spells it and both shapes.
func TestPool2dBuild(t *testing.T) {
	m := NewMaxPool2d(2)
	out, err := m.Build(Shape{32, 28, 28}, &Env{})
	require.NoError(t, err)
	require.Equal(t, Shape{32, 14, 14}, out)
	_, err = NewMaxPool2d(2).Build(Shape{784}, &Env{})
	require.EqualError(t, err, "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False) takes input of shape [C, H, W], got [784]")
	m = NewMaxPool2d(3)
	m.Padding = [2]int{2, 2}
	_, err = m.Build(Shape{1, 8, 8}, &Env{})
	require.EqualError(t, err, "MaxPool2d(kernel_size=3, stride=3, padding=2, dilation=1, ceil_mode=False): padding [2 2] must be between 0 and half of kernel_size [3 3]")

	a := NewAvgPool2d(3)
	a.Stride, a.Padding, a.CountIncludePad = [2]int{2, 1}, [2]int{1, 0}, false
	out, err = a.Build(Shape{2, 7, 5}, &Env{})
	require.NoError(t, err)
	require.Equal(t, Shape{2, 4, 3}, out)
	require.Equal(t, "AvgPool2d(kernel_size=3, stride=(2, 1), padding=(1, 0), count_include_pad=False)", a.String())
	_, err = NewAvgPool2d(5).Build(Shape{3, 4, 4}, &Env{})
	require.ErrorContains(t, err, "AvgPool2d(kernel_size=5, stride=5, padding=0): the input plane 4×4")

	g := NewAdaptiveAvgPool2d(1, 1)
	out, err = g.Build(Shape{64, 7, 7}, &Env{})
	require.NoError(t, err)
	require.Equal(t, Shape{64, 1, 1}, out)
	require.Equal(t, "AdaptiveAvgPool2d(output_size=1)", g.String())
	g = NewAdaptiveAvgPool2d(0, 3)
	out, err = g.Build(Shape{2, 5, 7}, &Env{})
	require.NoError(t, err)
	require.Equal(t, Shape{2, 5, 3}, out)
	require.Equal(t, "AdaptiveAvgPool2d(output_size=(None, 3))", g.String())
	_, err = NewAdaptiveAvgPool2d(1<<30+1, 1).Build(Shape{2, 5, 7}, &Env{})
	require.EqualError(t, err, "AdaptiveAvgPool2d(output_size=(1073741825, 1)): the output size must be positive (or None) and at most 1073741824")
	_, err = g.Build(Shape{2, 5}, &Env{})
	require.EqualError(t, err, "AdaptiveAvgPool2d(output_size=(None, 3)) takes input of shape [C, H, W], got [2, 5]")
}

// TestPool2dBatchAndChannels checks that the layers treat every plane of a
// batch alike: each sample's output is the output of that sample alone.
func TestPool2dBatchAndChannels(t *testing.T) {
	rng := NewRNG(47)
	mp := NewMaxPool2d(3)
	mp.Stride, mp.Padding = [2]int{2, 2}, [2]int{1, 1}
	for _, l := range []Layer{mp, NewAvgPool2d(2), NewAdaptiveAvgPool2d(2, 3)} {
		in := Shape{3, 7, 9}
		out := buildLayer(t, l, in, &Env{})
		x := randTensor(rng, 1, 4, 3, 7, 9)
		all := append([]float32(nil), l.Forward(x).Data...)
		for i := range 4 {
			one := FromSlice(x.Data[i*in.Size():(i+1)*in.Size()], 1, 3, 7, 9)
			require.Equal(t, all[i*out.Size():(i+1)*out.Size()], l.Forward(one).Data, "%s sample %d", l.Type(), i)
		}
	}
}
