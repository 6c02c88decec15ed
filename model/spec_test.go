package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Every MLP the CLI's flags make gives the module string brawn has always
// written, which parses back to the same spec and builds the same
// Sequential as SpecOf describes.
func TestMLPModuleStringRoundTrips(t *testing.T) {
	cases := []struct {
		arch MLP
		want string
	}{
		{MLP{Inputs: 784, Hidden: []int{256, 128}, Classes: 10, Activation: "relu"},
			"Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))"},
		{MLP{Inputs: 4, Hidden: []int{16}, Classes: 3, Activation: "tanh", BatchNorm: true},
			"Sequential(Linear(4, 16), BatchNorm1d(16), Tanh(), Linear(16, 3))"},
		{MLP{Inputs: 4, Hidden: []int{16}, Classes: 3, Activation: "relu", Dropout: 0.1},
			"Sequential(Linear(4, 16), ReLU(), Dropout(0.1), Linear(16, 3))"},
		{MLP{Inputs: 3, Hidden: []int{8}, Classes: 2, Outputs: 1, Activation: "leakyrelu", LeakySlope: 0.2},
			"Sequential(Linear(3, 8), LeakyReLU(0.2), Linear(8, 1))"},
		{MLP{Inputs: 3, Hidden: nil, Outputs: 2, Activation: "sigmoid"}, "Sequential(Linear(3, 2))"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.arch.PyTorch())
		spec, err := c.arch.Spec()
		require.NoError(t, err)
		parsed, err := ParseModule(c.want)
		require.NoError(t, err, c.want)
		assert.Equal(t, spec, parsed, c.want)
		net, err := c.arch.Build()
		require.NoError(t, err)
		of, err := SpecOf(net)
		require.NoError(t, err)
		assert.Equal(t, c.want, of.String())
		built, err := parsed.Build()
		require.NoError(t, err)
		assert.Equal(t, net.Describe(), built.Describe(), c.want)
	}
}

// Module strings as PyTorch code writes them parse: torch.nn prefixes,
// keyword arguments, blanks and a trailing comma; and a layer a user
// built with non-default arguments keeps them.
func TestParseModuleSpellings(t *testing.T) {
	s, err := ParseModule("torch.nn.Sequential(\n  nn.Linear(in_features=4, out_features=8, bias=False),\n  nn.BatchNorm1d(8, eps=0.001),\n  nn.LeakyReLU(),\n  nn.Dropout(p=0.25),\n  nn.Linear(8, 2),\n  nn.Softmax(dim=1),\n)")
	require.NoError(t, err)
	assert.Equal(t, 4, s.Inputs)
	net, err := s.Build()
	require.NoError(t, err)
	require.Len(t, net.Layers, 6)
	assert.Nil(t, net.Layers[0].(*nn.Linear).Bias)
	assert.Equal(t, 0.001, net.Layers[1].(*nn.BatchNorm1d).Eps)
	assert.Equal(t, float32(0.01), net.Layers[2].(*nn.LeakyReLU).NegativeSlope)
	assert.Equal(t, 0.25, net.Layers[3].(*nn.Dropout).P)
	of, err := SpecOf(net)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Linear(4, 8, bias=False), BatchNorm1d(8, eps=0.001), LeakyReLU(0.01), Dropout(0.25), Linear(8, 2), Softmax(dim=1))", of.String())
	again, err := ParseModule(of.String())
	require.NoError(t, err)
	assert.Equal(t, of, again)

	// PyTorch's MNIST networks start with Flatten(), which keeps a row.
	s, err = ParseModule("Sequential(Flatten(), Linear(784, 10))")
	require.NoError(t, err)
	assert.Equal(t, 784, s.Inputs)
}

// A module string that does not parse, or names a layer or argument brawn
// does not build, is refused saying where and what.
func TestParseModuleErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Linear(4, 2)", "module string at byte 6: want Sequential(...)"},
		{"Sequential(Linear(4, 2)", "module string at byte 23: want ',' or ')' after layer 0"},
		{"Sequential(Linear(4, 2)) x", "module string at byte 25: unexpected text after Sequential(...)"},
		{"Sequential()", `module "Sequential()" has no layers`},
		{"Sequential(ReLU(), Flatten())", "the input features are not known"},
		{"Sequential(MaxPool3d(2), Linear(4, 2))", "the input features are not known"},
		{"Sequential(Conv2d(1, 32, 3, padding='same))", "want the value of Conv2d's padding"},
		{"Sequential(Linear(x, 2))", `module layer 0: Linear(x, 2): in_features "x" is not a positive integer`},
		{"Sequential(Linear(4, 2, bias=1, 3))", "positional argument 3 after a keyword argument in Linear(...)"},
		{"Sequential(Linear(4, 2,, 3))", "want an argument of Linear"},
		{"Sequential(Sequential(Conv2d(1, 4, 3), ReLU()), Flatten())", "module string at byte 11: a Sequential inside a Sequential: brawn reads the layers of one Sequential"},
	} {
		_, err := ParseModule(c.in)
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
	for _, c := range []struct{ in, want string }{
		{"Sequential(Linear(4, 2), Conv1d(1, 32, 3))", `layer 1: Conv1d(1, 32, 3): brawn has no layer "Conv1d"`},
		{"Sequential(Linear(4, 2), Conv1d(1, 32, 3))", `(it builds Linear, Conv2d, BatchNorm1d, BatchNorm2d, ReLU, LeakyReLU, Sigmoid, Tanh, Dropout, Dropout2d, Softmax, Flatten, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d and Residual)`},
		{"Sequential(Linear(4, 2), RELU())", `layer 1: RELU(): brawn has no layer "RELU"; PyTorch spells it ReLU`},
		{"Sequential(Linear(4, 2), Conv2d(2, 32, 3))", "nn: layer 1 (Conv2d): Conv2d(2, 32, kernel_size=(3, 3), stride=(1, 1)) takes input of shape [2, H, W], got [2]"},
		{"Sequential(Conv2d(1, 32, 3), ReLU())", "the architecture's input shape [1, 0, 0] is incomplete"},
		{"Sequential(Linear(4, 2), Flatten(start_dim=0))", "Flatten(start_dim=0): brawn's Flatten keeps the batch dimension"},
		{"Sequential(Linear(4, 2, bias=1))", `layer 0: Linear(4, 2, bias=1): bias "1" is not True or False`},
		{"Sequential(Linear(4, 2, 7))", `layer 0: Linear(4, 2, 7): bias "7" is not True or False`},
		{"Sequential(Linear(4, 2), Dropout(1.5))", `layer 1: Dropout(1.5): p 1.5 must be in [0, 1]`},
		{"Sequential(Linear(4, 2), ReLU(inplace=1))", `layer 1: ReLU(inplace=1): inplace "1" is not True or False`},
		{"Sequential(Linear(4, 2), Sigmoid(2))", `layer 1: Sigmoid(2): takes 0 positional arguments, not 1`},
		{"Sequential(Linear(4, 2), Tanh(inplace=True))", `layer 1: Tanh(inplace=True): has no keyword argument "inplace"`},
		{"Sequential(Linear(4, 2), Softmax(dim=0))", `layer 1: Softmax(dim=0): brawn's Softmax runs over the features`},
		{"Sequential(Linear(4, 2), Linear(3, 1))", "nn: layer 1 (Linear)"},
	} {
		s, err := ParseModule(c.in)
		require.NoError(t, err, c.in)
		_, err = s.Build()
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
}

// A custom module's print (a block such as pytorch-cifar's BasicBlock, or
// the whole network as a Net) is refused as a layer brawn does not have,
// listing those it has and pointing to Residual for residual blocks,
// rather than as a Sequential expected; LogSoftmax says that the
// cross-entropy loss applies it already.
func TestParseModuleUnknownBlocks(t *testing.T) {
	const known = "(it builds Linear, Conv2d, BatchNorm1d, BatchNorm2d, ReLU, LeakyReLU, Sigmoid, Tanh, Dropout, Dropout2d, Softmax, Flatten, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d and Residual)"
	const custom = "; a custom module's print shows its submodules but not its forward(), which brawn cannot know: " +
		"write its layers into the Sequential, and a residual block (f(x) + x) as Residual(Sequential(...)), with downsample=Sequential(...) as the shortcut when f changes the shape (see brawn train --help)"
	for _, c := range []struct{ in, want string }{
		{"Sequential(\n  (0): Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n  (1): BasicBlock(\n" +
			"    (conv1): Conv2d(16, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n    (shortcut): Sequential()\n  )\n)",
			`module string at line 3, column 8: BasicBlock(...): brawn has no layer "BasicBlock" ` + known + custom},
		{"Net(\n  (conv1): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n  (fc): Linear(in_features=1568, out_features=10, bias=True)\n)",
			`module string at line 1, column 1: Net(...): brawn has no layer "Net" ` + known + custom},
		{"Sequential(Linear(4, 2), Foo(ReLU()))", `module string at byte 25: Foo(...): brawn has no layer "Foo" ` + known + custom},
		{"Sequential(Linear(4, 2), Foo(Sequential(ReLU())))", `module string at byte 25: Foo(...): brawn has no layer "Foo"`},
		{"Sequential(Residual(Sequential(Linear(4, 4), Bar(Linear(4, 4)))))", `module string at byte 45: Bar(...): brawn has no layer "Bar"`},
		{"Linear(4, 2)", "module string at byte 6: want Sequential(...), not Linear"},
	} {
		_, err := ParseModuleFor(c.in, nn.Shape{1, 28, 28})
		require.Error(t, err, c.in)
		assert.True(t, strings.HasPrefix(err.Error(), c.want), "%s\ngives %s", c.in, err)
	}
	s, err := ParseModule("Sequential(Linear(4, 3), LogSoftmax(dim=1))")
	require.NoError(t, err)
	_, err = s.Build()
	require.EqualError(t, err, `layer 1: LogSoftmax(dim=1): brawn has no layer "LogSoftmax": brawn's cross-entropy loss (--loss cross-entropy, `+
		`as PyTorch's CrossEntropyLoss) applies log-softmax to the network's outputs itself, so end the network with its last Linear layer `+
		`(LogSoftmax then NLLLoss in PyTorch is CrossEntropyLoss on the Linear layer's outputs)`)
}

// A spec of more than MaxParams parameters is refused before anything is
// allocated.
func TestBuildRefusesHugeNetwork(t *testing.T) {
	s, err := ParseModule("Sequential(Linear(100000, 100000))")
	require.NoError(t, err)
	_, err = s.Build()
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "more than 1073741824 parameters"), err.Error())
}

// DefaultMLP is brawn train's default network: 784-256-128-10 with ReLU on
// MNIST.
func TestDefaultMLP(t *testing.T) {
	a := DefaultMLP(784, 10)
	require.NoError(t, a.Validate())
	assert.Equal(t, "784-256-128-10", a.String())
	assert.Equal(t, "Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))", a.PyTorch())
	net, err := a.Build()
	require.NoError(t, err)
	assert.Equal(t, 10, net.OutFeatures())
	assert.Equal(t, "5-256-128-3", DefaultMLP(5, 3).String())
}

// Conv2d's arguments parse as PyTorch's: ints or pairs, 'same' and
// 'valid', positional or keyword; the string brawn writes back names the
// arguments that differ from the defaults and reads back the same.
func TestConv2dModuleStrings(t *testing.T) {
	for _, c := range []struct {
		in, want string
		cfg      nn.Conv2dConfig
	}{
		{"Conv2d(1, 32, 3, padding=1)", "Conv2d(1, 32, 3, padding=1)",
			nn.Conv2dConfig{InChannels: 1, OutChannels: 32, KernelSize: [2]int{3, 3}, Stride: [2]int{1, 1}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 1}, Groups: 1}},
		{"nn.Conv2d(in_channels=4, out_channels=8, kernel_size=(3,1), stride=(2, 1), padding='same', dilation=2, groups=4, bias=False, padding_mode='zeros')", "",
			nn.Conv2dConfig{InChannels: 4}}, // 'same' with a stride: refused below
		{`Conv2d(4, 8, (3, 1), 1, "same", 2, 4, False)`, "Conv2d(4, 8, (3, 1), padding='same', dilation=2, groups=4, bias=False)",
			nn.Conv2dConfig{InChannels: 4, OutChannels: 8, KernelSize: [2]int{3, 1}, Stride: [2]int{1, 1}, Same: true, Dilation: [2]int{2, 2}, Groups: 4, NoBias: true}},
		{"Conv2d(2, 2, kernel_size=5, stride=(1, 2), padding=(2, 0), dilation=(1, 3))", "Conv2d(2, 2, 5, stride=(1, 2), padding=(2, 0), dilation=(1, 3))",
			nn.Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{5, 5}, Stride: [2]int{1, 2}, Padding: [2]int{2, 0}, Dilation: [2]int{1, 3}, Groups: 1}},
		{"Conv2d(2, 2, 3, padding='valid')", "Conv2d(2, 2, 3)",
			nn.Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{3, 3}, Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}, Groups: 1}},
	} {
		s, err := ParseModule("Sequential(" + c.in + ", Flatten())")
		require.NoError(t, err, c.in)
		require.Equal(t, nn.Shape{c.cfg.InChannels, 0, 0}, s.Input, c.in)
		s.Input = nn.Shape{s.Input[0], 20, 20}
		net, err := s.Build()
		if c.want == "" {
			require.ErrorContains(t, err, "padding='same' is not supported for strided convolutions", c.in)
			continue
		}
		require.NoError(t, err, c.in)
		assert.Equal(t, c.cfg, net.Layers[0].(*nn.Conv2d).Conv2dConfig, c.in)
		of, err := SpecOf(net)
		require.NoError(t, err)
		assert.Equal(t, "Sequential("+c.want+", Flatten())", of.String())
		assert.Equal(t, s.Input, of.Input)
		again, err := ParseModule(of.String())
		require.NoError(t, err)
		again.Input = of.Input
		assert.Equal(t, of.Layers, again.Layers)
	}
	for _, c := range []struct{ in, want string }{
		{"Conv2d(1, 2)", "kernel_size is missing"},
		{"Conv2d(1, 2, 0)", "kernel_size 0 is not an integer >= 1 or a pair of them"},
		{"Conv2d(1, 2, (3, 3, 3))", "kernel_size (3, 3, 3) is not an integer >= 1 or a pair of them"},
		{"Conv2d(1, 2, (3, 3), padding=-1)", "padding -1 is not an integer >= 0 or a pair of them"},
		{"Conv2d(1, 2, 3, padding='full')", `padding 'full' is not an integer >= 0`},
		{"Conv2d(1, 2, 3, padding_mode='reflect')", "padding_mode 'reflect': brawn pads with zeros only"},
		{"Conv2d(2, 3, 3, groups=2)", "out_channels 3 must be divisible by groups 2"},
		{"Conv2d(1, 2, 3, bias=None)", `bias "None" is not True or False`},
		{"Conv2d(1, 2, 3, 1, 0, 1, 1, True, 'zeros', 5)", "takes 9 positional arguments, not 10"},
	} {
		s, err := ParseModule("Sequential(" + c.in + ")")
		require.NoError(t, err, c.in)
		s.Input = nn.Shape{s.Input[0], 9, 9}
		_, err = s.Build()
		require.ErrorContains(t, err, "layer 0: "+c.in+": "+c.want)
	}
}
