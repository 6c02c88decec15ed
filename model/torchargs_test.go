package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Arguments PyTorch takes are taken as PyTorch takes them: Linear's bias
// positionally; Flatten's start_dim and end_dim whenever, for the input's
// shape, they flatten every dimension after the batch (as brawn's Flatten
// does), negative ones counted from the end; any finite LeakyReLU slope;
// padding_mode=zeros unquoted, as print(model) would spell it. The string
// brawn writes back is the canonical one.
func TestPyTorchArgumentRules(t *testing.T) {
	for _, c := range []struct {
		in, module, want string
		shape            nn.Shape
	}{
		{"Linear(392, 10, False)", "Sequential(Linear(392, 10, False))", "Sequential(Linear(392, 10, bias=False))", nn.Shape{392}},
		{"Linear(392, 10, True)", "Sequential(Linear(392, 10, True))", "Sequential(Linear(392, 10))", nn.Shape{392}},
		{"Flatten(1, 3)", "Sequential(Flatten(1, 3), Linear(128, 2))", "Sequential(Flatten(), Linear(128, 2))", nn.Shape{8, 4, 4}},
		{"Flatten(start_dim=1, end_dim=3)", "Sequential(Flatten(start_dim=1, end_dim=3), Linear(128, 2))", "Sequential(Flatten(), Linear(128, 2))", nn.Shape{8, 4, 4}},
		{"Flatten(-3)", "Sequential(Flatten(-3), Linear(128, 2))", "Sequential(Flatten(), Linear(128, 2))", nn.Shape{8, 4, 4}},
		{"Flatten(-3, -1)", "Sequential(Flatten(-3, -1), Linear(128, 2))", "Sequential(Flatten(), Linear(128, 2))", nn.Shape{8, 4, 4}},
		{"Flatten(1, 1) of vectors", "Sequential(Flatten(1, 1), Linear(4, 2))", "Sequential(Flatten(), Linear(4, 2))", nn.Shape{4}},
		{"Flatten(-1) in a Residual", "Sequential(Residual(Sequential(Flatten(-1), Linear(4, 4))))", "Sequential(Residual(Sequential(Flatten(), Linear(4, 4))))", nn.Shape{4}},
		{"LeakyReLU(-1)", "Sequential(Linear(4, 2), LeakyReLU(-1))", "Sequential(Linear(4, 2), LeakyReLU(-1))", nn.Shape{4}},
		{"LeakyReLU(negative_slope=2.5)", "Sequential(Linear(4, 2), LeakyReLU(negative_slope=2.5))", "Sequential(Linear(4, 2), LeakyReLU(2.5))", nn.Shape{4}},
		{"padding_mode=zeros", "Sequential(Conv2d(1, 2, 3, padding_mode=zeros))", "Sequential(Conv2d(1, 2, 3))", nn.Shape{1, 5, 5}},
	} {
		_, of := builtSpec(t, c.module, c.shape)
		assert.Equal(t, c.want, of.String(), c.in)
	}
	net, of := builtSpec(t, "Sequential(Linear(392, 10, False))", nn.Shape{392})
	assert.Nil(t, net.Layers[0].(*nn.Linear).Bias)
	assert.Equal(t, 3920.0, of.weightCount())
	s, err := ParseModule("Sequential(Linear(392, 10, False))")
	require.NoError(t, err)
	assert.Equal(t, 3920.0, s.weightCount(), "the positional bias counted")
	net, _ = builtSpec(t, "Sequential(Linear(4, 2), LeakyReLU(-1))", nn.Shape{4})
	assert.Equal(t, float32(-1), net.Layers[1].(*nn.LeakyReLU).NegativeSlope)

	for _, c := range []struct {
		module, want string
		shape        nn.Shape
	}{
		{"Sequential(Linear(4, 2, True, 5))", "layer 0: Linear(4, 2, True, 5): takes 3 positional arguments, not 4", nn.Shape{4}},
		{"Sequential(Linear(4, 2, bias=True, 5))", "positional argument 5 after a keyword argument", nn.Shape{4}},
		{"Sequential(Flatten(2), Linear(128, 2))", "Flatten(start_dim=2, end_dim=-1) on input of shape [N, 8, 4, 4] flattens dimensions 2 to 3, into [N, 8, 16]; " +
			"brawn's Flatten flattens every dimension after the batch, into [N, 128]: start_dim=1 (or -3) and end_dim=-1 (or 3)", nn.Shape{8, 4, 4}},
		{"Sequential(Flatten(1, 2), Linear(128, 2))", "Flatten(start_dim=1, end_dim=2) on input of shape [N, 8, 4, 4] flattens dimensions 1 to 2, into [N, 32, 4]", nn.Shape{8, 4, 4}},
		{"Sequential(Flatten(-4), Linear(128, 2))", "Flatten(start_dim=-4, end_dim=-1) on input of shape [N, 8, 4, 4] flattens dimensions 0 to 3, into [N·128]", nn.Shape{8, 4, 4}},
		{"Sequential(Flatten(1, 4), Linear(128, 2))", "Flatten(start_dim=1, end_dim=4): input of shape [N, 8, 4, 4] has dimensions 0 to 3 (-4 to -1 from the end)", nn.Shape{8, 4, 4}},
		{"Sequential(Flatten(3, 2), Linear(128, 2))", "Flatten(start_dim=3, end_dim=2): start_dim comes after end_dim", nn.Shape{8, 4, 4}},
		{"Sequential(Flatten(start_dim=0))", "Flatten(start_dim=0): brawn's Flatten keeps the batch dimension", nn.Shape{4}},
		{"Sequential(Linear(4, 2), LeakyReLU(inf))", "LeakyReLU(inf): negative_slope +Inf must be a finite number of float32's range", nn.Shape{4}},
		{"Sequential(Linear(4, 2), LeakyReLU(nan))", "LeakyReLU(nan): negative_slope NaN must be a finite number of float32's range", nn.Shape{4}},
		{"Sequential(Conv2d(1, 2, 3), Softmax(dim=1))", "Softmax(dim=1) takes input of shape [features], got [2, 3, 3]: PyTorch's Softmax(dim=1) on it is a softmax over dimension 1 " +
			"(an image's channels) at each position of the others, which brawn does not have (a Flatten() before it would make it a softmax over all 18 values instead, another function)", nn.Shape{1, 5, 5}},
	} {
		s, err := ParseModuleFor(c.module, c.shape)
		if err == nil {
			_, err = s.Build()
		}
		require.Error(t, err, c.module)
		assert.Contains(t, err.Error(), c.want, c.module)
	}
}
