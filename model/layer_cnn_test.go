package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// The pooling, BatchNorm2d, Dropout2d and Residual layers parse with
// PyTorch's keyword arguments (as print(model) spells them too), build
// with them, and SpecOf writes a string that parses back to the same spec
// and builds the same network.
func TestCNNModuleStringRoundTrips(t *testing.T) {
	in := nn.Shape{3, 12, 10}
	for _, c := range []struct{ in, want string }{
		{"Sequential(MaxPool2d(2), Flatten(), Linear(90, 4))", "Sequential(MaxPool2d(2), Flatten(), Linear(90, 4))"},
		{"Sequential(nn.MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False))", "Sequential(MaxPool2d(3, stride=2, padding=1))"},
		{"Sequential(MaxPool2d((3, 2), (2, 1), (1, 0), 2, False, True))", "Sequential(MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), dilation=2, ceil_mode=True))"},
		{"Sequential(MaxPool2d(2, stride=None, return_indices=False))", "Sequential(MaxPool2d(2))"},
		{"Sequential(AvgPool2d(kernel_size=2, stride=2, padding=0))", "Sequential(AvgPool2d(2))"},
		{"Sequential(AvgPool2d(3, 1, 1, True, False, 4))", "Sequential(AvgPool2d(3, stride=1, padding=1, ceil_mode=True, count_include_pad=False, divisor_override=4))"},
		{"Sequential(AvgPool2d(3, divisor_override=None))", "Sequential(AvgPool2d(3))"},
		{"Sequential(AdaptiveAvgPool2d(output_size=(1, 1)))", "Sequential(AdaptiveAvgPool2d(1))"},
		{"Sequential(AdaptiveAvgPool2d((None, 3)))", "Sequential(AdaptiveAvgPool2d((None, 3)))"},
		{"Sequential(AdaptiveAvgPool2d((2, 5)))", "Sequential(AdaptiveAvgPool2d((2, 5)))"},
		{"Sequential(BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True))", "Sequential(BatchNorm2d(3))"},
		{"Sequential(BatchNorm2d(3, 0.001, None, False, False))", "Sequential(BatchNorm2d(3, eps=0.001, momentum=None, affine=False, track_running_stats=False))"},
		{"Sequential(BatchNorm2d(num_features=3, momentum=0.2))", "Sequential(BatchNorm2d(3, momentum=0.2))"},
		{"Sequential(Dropout2d(p=0.25, inplace=False))", "Sequential(Dropout2d(0.25))"},
		{"Sequential(Dropout2d())", "Sequential(Dropout2d(0.5))"},
		{"Sequential(Residual(nn.Sequential(BatchNorm2d(3), ReLU(), AvgPool2d(3, stride=1, padding=1))), ReLU())",
			"Sequential(Residual(Sequential(BatchNorm2d(3), ReLU(), AvgPool2d(3, stride=1, padding=1))), ReLU())"},
		{"Sequential(Residual(f=Sequential(MaxPool2d(2), BatchNorm2d(3)), downsample=Sequential(AvgPool2d(2))), AdaptiveAvgPool2d(1), Flatten(), Linear(3, 2))",
			"Sequential(Residual(Sequential(MaxPool2d(2), BatchNorm2d(3)), downsample=Sequential(AvgPool2d(2))), AdaptiveAvgPool2d(1), Flatten(), Linear(3, 2))"},
		{"Sequential(Residual(Sequential(Residual(Sequential(Tanh()), downsample=None)), None))",
			"Sequential(Residual(Sequential(Residual(Sequential(Tanh())))))"},
	} {
		net, of := builtSpec(t, c.in, in)
		assert.Equal(t, c.want, of.String(), c.in)
		assert.Equal(t, in, of.Input)
		again, err := ParseModuleFor(of.String(), in)
		require.NoError(t, err, c.want)
		assert.Equal(t, of, again, c.want)
		built, err := again.Build()
		require.NoError(t, err, c.want)
		assert.Equal(t, net.Describe(), built.Describe(), c.want)
		names := func(m *nn.Sequential) (out []string) {
			for name := range m.StateDict() {
				out = append(out, name)
			}
			return out
		}
		assert.ElementsMatch(t, names(net), names(built), c.want)
	}
}

// builtSpec parses module for samples of shape in, builds it, and returns
// the network and SpecOf's description of it.
func builtSpec(t *testing.T, module string, in nn.Shape) (*nn.Sequential, Spec) {
	t.Helper()
	s, err := ParseModuleFor(module, in)
	require.NoError(t, err, module)
	net, err := s.Build()
	require.NoError(t, err, module)
	of, err := SpecOf(net)
	require.NoError(t, err, module)
	return net, of
}

// The parsed arguments reach the layers, with PyTorch's defaults for the
// others.
func TestCNNModuleArguments(t *testing.T) {
	s, err := ParseModuleFor("Sequential(MaxPool2d(3, padding=1), AvgPool2d((2, 1), count_include_pad=False), "+
		"BatchNorm2d(2, eps=0.01, momentum=None), Dropout2d(0.1), Residual(Sequential(Tanh()), downsample=Sequential(Sigmoid())))", nn.Shape{2, 9, 9})
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	mp := net.Layers[0].(*nn.MaxPool2d)
	assert.Equal(t, [2]int{3, 3}, mp.Stride, "stride defaults to kernel_size")
	assert.Equal(t, [2]int{1, 1}, mp.Padding)
	assert.Equal(t, [2]int{1, 1}, mp.Dilation)
	ap := net.Layers[1].(*nn.AvgPool2d)
	assert.Equal(t, [2]int{2, 1}, ap.KernelSize)
	assert.Equal(t, [2]int{2, 1}, ap.Stride)
	assert.False(t, ap.CountIncludePad)
	bn := net.Layers[2].(*nn.BatchNorm2d)
	assert.Equal(t, 0.01, bn.Eps)
	assert.True(t, bn.CumulativeAverage)
	assert.True(t, bn.Affine())
	assert.Equal(t, 0.1, net.Layers[3].(*nn.Dropout2d).P)
	r := net.Layers[4].(*nn.Residual)
	assert.IsType(t, &nn.Tanh{}, r.F[0])
	assert.IsType(t, &nn.Sigmoid{}, r.Downsample[0])
	assert.Equal(t, nn.Shape{2, 1, 3}, net.OutShape())
}

// Wrong arguments are refused naming the layer and the argument; shapes
// that do not fit name the layer and both shapes.
func TestCNNModuleErrors(t *testing.T) {
	in := nn.Shape{2, 8, 8}
	for _, c := range []struct{ in, want string }{
		{"Sequential(MaxPool2d())", "layer 0: MaxPool2d(): kernel_size is missing"},
		{"Sequential(MaxPool2d(0))", "layer 0: MaxPool2d(0): kernel_size 0 is not an integer >= 1 or a pair of them"},
		{"Sequential(MaxPool2d((2, 2, 2)))", "kernel_size (2, 2, 2) is not an integer >= 1 or a pair of them"},
		{"Sequential(MaxPool2d(2, padding=-1))", "padding -1 is not an integer >= 0"},
		{"Sequential(MaxPool2d(2, return_indices=True))", "return_indices=True is not supported"},
		{"Sequential(MaxPool2d(2, ceil_mode=1))", `ceil_mode "1" is not True or False`},
		{"Sequential(MaxPool2d(2, foo=1))", `MaxPool2d(2, foo=1): has no keyword argument "foo"`},
		{"Sequential(MaxPool2d(3, padding=2))", "layer 0 (MaxPool2d): MaxPool2d(kernel_size=3, stride=3, padding=2, dilation=1, ceil_mode=False): padding [2 2] must be between 0 and half of kernel_size [3 3]"},
		{"Sequential(AvgPool2d(9))", "nn: layer 0 (AvgPool2d): AvgPool2d(kernel_size=9, stride=9, padding=0): the input plane 8×8 (padded by [0 0]) is smaller than the kernel [9 9]"},
		{"Sequential(AvgPool2d(2, divisor_override=0))", `divisor_override "0" is not a positive integer`},
		{"Sequential(AdaptiveAvgPool2d(None))", "output_size None is not a positive integer or a pair of them (or None)"},
		{"Sequential(AdaptiveAvgPool2d((0, 1)))", "output_size (0, 1) is not a positive integer"},
		{"Sequential(BatchNorm2d(3))", "nn: layer 0 (BatchNorm2d): BatchNorm2d(3) takes input of shape [3, H, W], got [2, 8, 8]"},
		{"Sequential(BatchNorm2d(2, momentum=2))", "BatchNorm2d(2, momentum=2): momentum 2 must be in [0, 1]"},
		{"Sequential(BatchNorm2d(2, eps=-1))", "BatchNorm2d(2, eps=-1): eps -1 must be a finite number >= 0"},
		{"Sequential(BatchNorm2d(2, affine=0))", `affine "0" is not True or False`},
		{"Sequential(Dropout2d(-0.5))", "p -0.5 must be in [0, 1]"},
		{"Sequential(Dropout2d(inplace=0))", `inplace "0" is not True or False`},
		{"Sequential(Residual())", "f is missing: write Residual(Sequential(...))"},
		{"Sequential(Residual(Sequential()))", "layer 0: Residual(Sequential()): f has no layers"},
		{"Sequential(Residual(ReLU))", "f ReLU is not a module: write Sequential(...)"},
		{"Sequential(Residual(Sequential(Linear(3, 2))))", "layer 0 (Residual): f.0 (Linear): Linear(in_features=3, out_features=2) takes input of shape [3], got [2, 8, 8]"},
		{"Sequential(Residual(Sequential(Convy(3))))", `layer 0: Residual(Sequential(Convy(3))): f.0: Convy(3): brawn has no layer "Convy"`},
		{"Sequential(Residual(Sequential(MaxPool2d(2))))", "the residual branch f gives shape [2, 4, 4], the shortcut (the input) [2, 8, 8]"},
	} {
		s, err := ParseModuleFor(c.in, in)
		require.NoError(t, err, c.in)
		_, err = s.Build()
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
	for _, c := range []struct{ in, want string }{
		{"Sequential(Residual(Linear(2, 3)))", "module string at byte 26: want Sequential(...), not Linear"},
		{"Sequential(MaxPool2d((2, )))", ""},
		{"Sequential(MaxPool2d((2, 3))", "want ',' or ')' after layer 0"},
		{"Sequential(MaxPool2d(()))", "want an argument of MaxPool2d"},
		{"Sequential(MaxPool2d((2, (3, 4))))", "want an argument of MaxPool2d"},
	} {
		_, err := ParseModuleFor(c.in, in)
		if c.want == "" {
			require.NoError(t, err, c.in) // a one-element tuple with a trailing comma parses
			continue
		}
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
	// ParseModule takes the channels of a first BatchNorm2d, also after
	// pooling, but cannot know an image's size, nor its channels before a
	// Linear.
	s, err := ParseModule("Sequential(MaxPool2d(2), Dropout2d(), BatchNorm2d(3), Flatten(), Linear(12, 2))")
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{3, 0, 0}, s.Input)
	_, err = s.Build()
	require.ErrorContains(t, err, "input shape [3, 0, 0] is incomplete")
	s.Input, s.Inputs = nn.Shape{3, 4, 4}, 48
	_, err = s.Build()
	require.NoError(t, err)
	for _, m := range []string{"Sequential(MaxPool2d(2), Flatten(), Linear(12, 2))", "Sequential(Residual(Sequential(ReLU())))"} {
		_, err = ParseModule(m)
		require.ErrorContains(t, err, "the input features are not known", m)
	}
	s, err = ParseModuleFor("Sequential(Linear(4, 2))", nn.Shape{4})
	require.NoError(t, err)
	plain, err := ParseModule("Sequential(Linear(4, 2))")
	require.NoError(t, err)
	assert.Equal(t, plain, s, "a vector input needs no Input shape")
}

// A module string nests at most maxNesting modules deep.
func TestParseModuleNesting(t *testing.T) {
	nest := func(n int) string {
		return "Sequential(" + strings.Repeat("Residual(Sequential(", n) + "ReLU()" + strings.Repeat("))", n) + ")"
	}
	_, err := ParseModuleFor(nest(maxNesting-1), nn.Shape{3})
	require.NoError(t, err)
	_, err = ParseModuleFor(nest(maxNesting), nn.Shape{3})
	require.ErrorContains(t, err, "modules nest more than 64 deep")
	_, err = ParseModuleFor(nest(1_000_000), nn.Shape{3})
	require.ErrorContains(t, err, "modules nest more than 64 deep")
}

// FuzzParseModule: any text parses or is refused without a panic, and
// what parses is written back (Spec.String) as text that parses to the
// same spec and builds, or is refused, alike.
func FuzzParseModule(f *testing.F) {
	for _, s := range []string{
		"Sequential(Linear(4, 2))",
		"Sequential(MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), dilation=2, ceil_mode=True))",
		"Sequential(Residual(Sequential(BatchNorm2d(3), ReLU()), downsample=Sequential(AvgPool2d(1))), AdaptiveAvgPool2d((None, 2)))",
		"Sequential(AvgPool2d(3, 1, 1, True, False, 4), Dropout2d(p=0.25, inplace=False))",
		"Sequential(BatchNorm2d(3, 0.001, None, False, False), Flatten(), Linear(12, 2, bias=False))",
	} {
		f.Add(s)
	}
	in := nn.Shape{3, 2, 2}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseModuleFor(s, in)
		if err != nil {
			return
		}
		again, err := ParseModuleFor(spec.String(), in)
		require.NoError(t, err, "%q written as %q", s, spec.String())
		require.Equal(t, spec.String(), again.String())
		if spec.weightCount() > 1e6 {
			return // building would take the fuzzer's time and memory
		}
		_, err1 := spec.Build()
		_, err2 := again.Build()
		require.Equal(t, err1 == nil, err2 == nil, "%q", s)
	})
}

// resnetModule is a small ResNet: a stem, a basic block with the identity
// shortcut, a strided one with a projection shortcut, global average
// pooling and a classifier.
const resnetModule = "Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), " +
	"Residual(Sequential(Conv2d(4, 4, 3, padding=1), BatchNorm2d(4), ReLU(), Conv2d(4, 4, 3, padding=1), BatchNorm2d(4))), ReLU(), " +
	"Residual(Sequential(Conv2d(4, 8, 3, stride=2, padding=1), BatchNorm2d(8), ReLU(), Conv2d(8, 8, 3, padding=1), BatchNorm2d(8)), " +
	"downsample=Sequential(Conv2d(4, 8, 1, stride=2, bias=False), BatchNorm2d(8))), ReLU(), " +
	"Dropout2d(0.1), AdaptiveAvgPool2d(1), Flatten(), Linear(8, 3))"

// A ResNet's module string parses (its images' channels from the first
// Conv2d), builds, is written back by SpecOf as it was, and its checkpoint
// (nested state_dict names, running statistics) loads back into the same
// network, with the same predictions.
func TestResNetModuleAndCheckpoint(t *testing.T) {
	s, err := ParseModule(resnetModule)
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{1, 0, 0}, s.Input)
	s.Input = nn.Shape{1, 12, 10}
	net, err := s.Build()
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{3}, net.OutShape())
	of, err := SpecOf(net)
	require.NoError(t, err)
	assert.Equal(t, resnetModule, of.String())
	names := map[string]bool{}
	for name := range net.StateDict() {
		names[name] = true
	}
	for _, name := range []string{"4.f.0.weight", "4.f.1.running_var", "6.f.4.num_batches_tracked",
		"6.downsample.0.weight", "6.downsample.1.bias", "11.weight"} {
		assert.True(t, names[name], name)
	}
	assert.False(t, names["6.downsample.0.bias"], "bias=False")

	// Move the running statistics off their start, as training would.
	net.Forward(nn.FromSlice(make([]float32, 4*120), 4, 1, 12, 10))
	m := &Model{Net: net, Classes: 3}
	path := tempFile(t)
	require.NoError(t, Save(path, m))
	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, resnetModule, back.PyTorch())
	assert.Equal(t, m.Weights(), back.Weights())
	x := make([]float32, 3*120)
	for i := range x {
		x[i] = float32(i%13) / 13
	}
	want, err := m.Predict(x, 2)
	require.NoError(t, err)
	got, err := back.Predict(x, 2)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
