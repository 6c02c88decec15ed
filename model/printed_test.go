package model

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Every layer brawn builds, as PyTorch 1.13 prints it (print(model): the
// multi-line form with "(0): " prefixes and all the keywords, from
// testdata/torch/gen_printed.py), parses to the network its module
// string gives.
func TestParsePyTorchPrint(t *testing.T) {
	b, err := os.ReadFile("testdata/torch/printed.json")
	require.NoError(t, err)
	var fixture struct {
		Torch string
		Cases []struct {
			Name, Module, Printed string
			Input                 []int
		}
	}
	require.NoError(t, json.Unmarshal(b, &fixture))
	require.NotEmpty(t, fixture.Cases)
	for _, c := range fixture.Cases {
		want, err := ParseModuleFor(c.Module, nn.Shape(c.Input))
		require.NoError(t, err, c.Name)
		wantNet, err := want.Build()
		require.NoError(t, err, c.Name)
		got, err := ParseModuleFor(c.Printed, nn.Shape(c.Input))
		require.NoError(t, err, "%s:\n%s", c.Name, c.Printed)
		gotNet, err := got.Build()
		require.NoError(t, err, "%s:\n%s", c.Name, c.Printed)
		wantOf, err := SpecOf(wantNet)
		require.NoError(t, err, c.Name)
		gotOf, err := SpecOf(gotNet)
		require.NoError(t, err, c.Name)
		assert.Equal(t, wantOf.String(), gotOf.String(), c.Name)
		assert.Equal(t, wantNet.Describe(), gotNet.Describe(), c.Name)
		// The batch norm layers print themselves (nn's String) as PyTorch
		// does, at the top level ("  (i): "). (Other layers' print keeps
		// how their sizes were written, (2, 2) or 2, which a built layer
		// does not know.)
		for _, line := range strings.Split(c.Printed, "\n") {
			var i int
			if _, err := fmt.Sscanf(line, "  (%d): ", &i); err != nil || strings.HasPrefix(line, "   ") {
				continue
			}
			if str, ok := gotNet.Layers[i].(fmt.Stringer); ok && strings.HasPrefix(gotNet.Layers[i].Type(), "BatchNorm") {
				assert.Equal(t, line[strings.Index(line, ": ")+2:], str.String(), "%s: layer %d", c.Name, i)
			}
		}
		if len(c.Input) == 1 {
			s, err := ParseModule(c.Printed)
			require.NoError(t, err, c.Name)
			assert.Equal(t, c.Input[0], s.Inputs, c.Name)
		}
	}
}

// The printed form's details: inplace is ignored, padding=same is 'same',
// momentum=None is the cumulative average, a Residual's (downsample): is
// its keyword.
func TestParsePyTorchPrintDetails(t *testing.T) {
	s, err := ParseModuleFor("Sequential(\n  (0): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=same)\n  (1): ReLU(inplace=True)\n  (2): BatchNorm2d(2, eps=1e-05, momentum=None, affine=True, track_running_stats=True)\n  (3): Flatten(start_dim=1, end_dim=-1)\n  (4): BatchNorm1d(32, eps=1e-05, momentum=None, affine=True, track_running_stats=True)\n)", nn.Shape{1, 4, 4})
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	assert.True(t, net.Layers[0].(*nn.Conv2d).Same)
	assert.True(t, net.Layers[2].(*nn.BatchNorm2d).CumulativeAverage)
	assert.True(t, net.Layers[4].(*nn.BatchNorm1d).CumulativeAverage)
	of, err := SpecOf(net)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Conv2d(1, 2, 3, padding='same'), ReLU(), BatchNorm2d(2, momentum=None), Flatten(), BatchNorm1d(32, momentum=None))", of.String())

	s, err = ParseModuleFor("Sequential(\n  (0): Residual(\n    (f): Sequential(\n      (0): Conv2d(2, 4, kernel_size=(1, 1), stride=(1, 1))\n    )\n    (downsample): Sequential(\n      (0): Conv2d(2, 4, kernel_size=(1, 1), stride=(1, 1), bias=False)\n    )\n  )\n)", nn.Shape{2, 3, 3})
	require.NoError(t, err)
	net, err = s.Build()
	require.NoError(t, err)
	r := net.Layers[0].(*nn.Residual)
	require.Len(t, r.F, 1)
	require.Len(t, r.Downsample, 1)
	assert.Nil(t, r.Downsample[0].(*nn.Conv2d).Bias)
}

// A printed Sequential whose layers are not numbered 0, 1, ... in order
// (an OrderedDict's names), a keyword given twice and a malformed prefix
// are refused, saying what.
func TestParsePyTorchPrintErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Sequential(\n  (0): Linear(4, 3)\n  (2): ReLU()\n)", "layer (2) of a Sequential: brawn's Sequential numbers its layers (0), (1), ... as nn.Sequential does without names; this is layer (1)"},
		{"Sequential(\n  (fc1): Linear(4, 3)\n)", "layer (fc1) of a Sequential"},
		{"Sequential(Linear(4, 3, bias=True, bias=False))", "Linear(...) gives bias twice"},
		{"Sequential(Linear(in_features=4, out_features=3, in_features=4))", "Linear(...) gives in_features twice"},
		{"Sequential(\n  (0): Residual(\n    (f): Sequential(ReLU())\n    (f): Sequential(ReLU())\n  )\n)", "Residual(...) gives f twice"},
		{"Sequential(\n  (0): Residual(\n    (1): Sequential(ReLU())\n  )\n)", "submodule (1) of Residual: want a name such as (downsample)"},
	} {
		_, err := ParseModuleFor(c.in, nn.Shape{4})
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
}
