package run

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A network that starts with an image layer sees each sample as a square
// image of the first Conv2d's channels (1 when none says it first); one
// that starts with a Linear sees vectors.
func TestModuleSpecShapes(t *testing.T) {
	for _, c := range []struct {
		module   string
		features int
		want     nn.Shape
	}{
		{"Sequential(Conv2d(1, 4, 3), Flatten(), Linear(2704, 10))", 784, nn.Shape{1, 28, 28}},
		{"Sequential(Conv2d(3, 4, 3), Flatten(), Linear(3600, 10))", 3 * 32 * 32, nn.Shape{3, 32, 32}},
		{"Sequential(MaxPool2d(2), Flatten(), Linear(196, 10))", 784, nn.Shape{1, 28, 28}},
		{"Sequential(Residual(Sequential(Conv2d(1, 1, 3, padding=1))), Flatten(), Linear(784, 10))", 784, nn.Shape{1, 28, 28}},
		{"Sequential(Linear(784, 10))", 784, nil},
	} {
		cfg := Config{Model: c.module}
		s, err := cfg.moduleSpec(&data.Dataset{Features: c.features})
		require.NoError(t, err, c.module)
		assert.Equal(t, c.want, s.Input, c.module)
		assert.Equal(t, c.features, s.Inputs, c.module)
		_, err = s.Build()
		require.NoError(t, err, c.module)
	}
}

// A misspelt image layer (Conv2D) is read for the image it would take,
// so that the error that refuses it names the image shape, as the errors
// of the layers after it do.
func TestModuleSpecMisspeltImageLayer(t *testing.T) {
	cfg := Config{Model: "Sequential(Conv2D(1, 4, 3), Flatten(), Linear(2704, 10))"}
	s, err := cfg.moduleSpec(&data.Dataset{Features: 784})
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{1, 28, 28}, s.Input)
	_, err = s.Build()
	assert.ErrorContains(t, err, `brawn has no layer "Conv2D"; PyTorch spells it Conv2d`)
}

// A first Flatten that gives its dimensions, such as Flatten(-3), takes
// the images an IDX header gives, as the PyTorch model it comes from takes
// [N, 1, 28, 28]; Flatten() takes vectors.
func TestModuleSpecFirstFlatten(t *testing.T) {
	idx := &data.Dataset{Features: 784, Shape: []int{28, 28}}
	for module, want := range map[string]nn.Shape{
		"Sequential(Flatten(-3), Linear(784, 10))":    {1, 28, 28},
		"Sequential(Flatten(1, 3), Linear(784, 10))":  {1, 28, 28},
		"Sequential(Flatten(), Linear(784, 10))":      nil,
		"Sequential(Flatten(1, -1), Linear(784, 10))": {1, 28, 28},
	} {
		cfg := Config{Model: module}
		s, err := cfg.moduleSpec(idx)
		require.NoError(t, err, module)
		assert.Equal(t, want, s.Input, module)
		_, err = s.Build()
		require.NoError(t, err, module)
	}
}

// Validate refuses the MLP's settings beside Model, naming both flags, and
// a module string that does not parse; ModuleText reads @FILE.
func TestValidateModel(t *testing.T) {
	file := filepath.Join(t.TempDir(), "net.txt")
	require.NoError(t, os.WriteFile(file, []byte("  Sequential(Linear(4, 3))\n"), 0o644))
	text, err := ModuleText("@" + file)
	require.NoError(t, err)
	assert.Equal(t, "  Sequential(Linear(4, 3))", text, "trailing blanks dropped, leading kept for the errors' line numbers")
	require.NoError(t, os.WriteFile(file, []byte("\uFEFFSequential(Linear(4, 3))\r\n"), 0o644))
	text, err = ModuleText("@" + file)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Linear(4, 3))", text, "a byte order mark dropped")
	require.NoError(t, os.WriteFile(file, []byte("  Sequential(Linear(4, 3))\n"), 0o644))

	c := DefaultConfig()
	c.Data.Data = "mnist"
	c.Model = "@" + file
	require.NoError(t, c.Validate(nil))
	c = DefaultConfig()
	c.Data.Data = "mnist"
	c.Model = "Sequential(Linear(4, 3))"
	err = c.Validate(func(f string) bool { return f == "layers" })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--model and --layers")
	c.Model = "Sequential(Linear(4, 3)"
	err = c.Validate(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--model: module string at byte")

	// In a file of several lines (as PyTorch prints a module) the error
	// names the file, and the line and column in it.
	require.NoError(t, os.WriteFile(file, []byte("\nSequential(\n  (0): Linear(in_features=4, out_features=3 bias=True)\n)\n"), 0o644))
	c.Model = "@" + file
	err = c.Validate(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--model @"+file+": module string at line 3, column 45: want ',' or ')'")
}

// A module has batch normalization when a BatchNorm layer is in it, inside
// a Residual block too: the health advice then does not suggest it.
func TestHasBatchNorm(t *testing.T) {
	for module, want := range map[string]bool{
		"Sequential(Conv2d(1, 2, 3), Flatten(), Linear(8, 3))":                                                   false,
		"Sequential(Conv2d(1, 2, 3), BatchNorm2d(2), Flatten(), Linear(8, 3))":                                   true,
		"Sequential(Residual(Sequential(Conv2d(1, 1, 3, padding=1), BatchNorm2d(1))), Flatten(), Linear(16, 3))": true,
		"Sequential(Linear(4, 8), BatchNorm1d(8), Linear(8, 3))":                                                 true,
	} {
		s, err := model.ParseModuleFor(module, nn.Shape{1, 4, 4})
		require.NoError(t, err)
		assert.Equal(t, want, hasBatchNorm(s.Layers), module)
	}
}

// --delimiter takes data.ParseDelimiter's names: comma, tab and space.
func TestDelimiterNames(t *testing.T) {
	for in, want := range map[string]string{"space": " ", " ": " ", "tab": "\t", `\t`: "\t", "comma": ",", ";": ";"} {
		c := DefaultConfig()
		c.Data.Data = "mnist"
		c.Data.Delimiter = in
		require.NoError(t, c.Validate(nil), in)
		assert.Equal(t, want, c.Data.Delimiter, in)
	}
	c := DefaultConfig()
	c.Data.Data = "mnist"
	c.Data.Delimiter = "\n"
	require.ErrorContains(t, c.Validate(nil), "want a single character other than a quote or newline")
}

// The summary's Model line names a --model network by the short module
// string its checkpoint records, whatever the spelling given (here
// print(model)'s, over several lines).
func TestModuleSummaryShortForm(t *testing.T) {
	cfg := blobConfig(t)
	cfg.InputShape = nil
	cfg.Model = "Sequential(\n  (0): Linear(in_features=4, out_features=8, bias=True)\n  (1): LeakyReLU(negative_slope=0.01)\n" +
		"  (2): Dropout(p=0.5, inplace=False)\n  (3): Linear(in_features=8, out_features=3, bias=False)\n)"
	var out bytes.Buffer
	cfg.Out = &out
	require.NoError(t, cfg.Validate(nil))
	require.NoError(t, Train(context.Background(), &cfg))
	assert.Contains(t, out.String(), `Model: "Sequential(Linear(4, 8), LeakyReLU(0.01), Dropout(0.5), Linear(8, 3, bias=False))"`+"\n")
}
