package run

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// rowModule is a network for the blobs' 4 features seen as a 1×1×4 image,
// which no square shape fits: a 1×3 kernel leaves 2×1×2.
const rowModule = "Sequential(Conv2d(1, 2, (1, 3)), ReLU(), Flatten(), Linear(4, 3))"

// initialWeights trains c (on the blobs, one epoch) and returns its
// parameters' values when training began.
func initialWeights(t *testing.T, c Config) [][]float32 {
	t.Helper()
	var w [][]float32
	c.Callbacks = []nn.Callback{&callbacks.Lambda{TrainBegin: func(tr *nn.Trainer) error {
		for _, p := range tr.Model.Params() {
			w = append(w, append([]float32(nil), p.Value.Data...))
		}
		return nil
	}}}
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	return w
}

// blobConfig is a one-epoch run of rowModule on the blobs, each sample a
// 1×1×4 image.
func blobConfig(t *testing.T) Config {
	dir := t.TempDir()
	train, test := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	writeBlobs(t, train, 300, 1)
	writeBlobs(t, test, 150, 2)
	c := DefaultConfig()
	c.Data.Train, c.Data.Test, c.Data.LabelCol = train, test, "species"
	c.Model, c.InputShape = rowModule, []int{1, 1, 4}
	c.Epochs, c.Batch, c.Seed = 1, 16, 5
	return c
}

// With Init "pytorch" a module's layers start with PyTorch's default
// initialization, each layer's reset_parameters drawn from the seed's
// generator; by default they start he-normal; the InputShape is recorded
// in the checkpoint.
func TestModuleStartsAsPyTorch(t *testing.T) {
	c := blobConfig(t)
	c.Init = "pytorch"
	c.Save = filepath.Join(t.TempDir(), "m.safetensors")
	got := initialWeights(t, c)

	spec, err := model.ParseModuleFor(rowModule, nn.Shape{1, 1, 4})
	require.NoError(t, err)
	net, err := spec.Build()
	require.NoError(t, err)
	net.ResetParameters(nn.NewRNG(5))
	require.Len(t, got, len(net.Params()))
	for i, p := range net.Params() {
		assert.Equal(t, p.Value.Data, got[i], "parameter %d (%s)", i, p.Name)
	}
	m, err := model.Load(c.Save)
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{1, 1, 4}, m.Net.InShape())
	assert.Equal(t, "1,1,4", m.Config["input-shape"])

	c = blobConfig(t) // Init "": he-normal
	he := initialWeights(t, c)
	net.Init(nn.NewRNG(5), nn.KaimingNormal{}, nn.Zeros{})
	for i, p := range net.Params() {
		assert.Equal(t, p.Value.Data, he[i], "--init he: parameter %d (%s)", i, p.Name)
	}
}

// InputShape must give the data's feature count, and belongs to a Model.
func TestInputShapeErrors(t *testing.T) {
	c := blobConfig(t)
	c.InputShape = []int{1, 2, 3}
	require.NoError(t, c.Validate(nil))
	err := Train(context.Background(), &c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--input-shape 1,2,3: its 6 values per sample (1×2×3) are not the data's 4 features")

	c = blobConfig(t)
	c.InputShape = nil
	err = Train(context.Background(), &c)
	require.Error(t, err, "4 features as a square image are 1×2×2, too narrow for a 1×3 kernel")

	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Model = "" }, "--input-shape \"1,1,4\": applies only to a --model network whose first layer takes images"},
		{func(c *Config) { c.InputShape = []int{1, 0, 4} }, "must be positive sizes"},
		{func(c *Config) { c.InputShape = []int{} }, "takes three sizes C,H,W"},
		{func(c *Config) { c.InputShape = []int{1 << 20, 1 << 20, 1} }, "of at most 1073741824 values"},
	} {
		c := blobConfig(t)
		tc.edit(&c)
		err := c.Validate(nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
	}
}
