package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

const cnnModule = "Sequential(Conv2d(1, 4, 3, padding=1), ReLU(), Conv2d(4, 6, (3, 2), stride=2, groups=2, bias=False), Flatten(), Linear(54, 3))"

// cnnNet builds cnnModule for 1×8×7 images.
func cnnNet(t *testing.T) *nn.Sequential {
	t.Helper()
	s, err := ParseModule(cnnModule)
	require.NoError(t, err)
	s.Input = nn.Shape{1, 8, 7}
	net, err := s.Build()
	require.NoError(t, err)
	return net
}

// A CNN's checkpoint records the module string it was built from and the
// images' shape, and loads back into the same network with the same
// weights and predictions.
func TestCNNCheckpointRoundTrips(t *testing.T) {
	net := cnnNet(t)
	assert.Equal(t, nn.Shape{3}, net.OutShape())
	m := &Model{Net: net, Classes: 3}
	assert.Equal(t, cnnModule, m.PyTorch())
	path := tempFile(t)
	require.NoError(t, Save(path, m))

	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	assert.Equal(t, cnnModule, f.Metadata[MetaPyTorch])
	assert.Equal(t, "[1,8,7]", f.Metadata[MetaInputShape])
	w, err := f.Get("2.weight")
	require.NoError(t, err)
	assert.Equal(t, []int{6, 2, 3, 2}, w.Shape, "PyTorch's layout [out, in/groups, kh, kw]")
	_, err = f.Get("2.bias")
	assert.Error(t, err, "bias=False")

	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{1, 8, 7}, back.Net.InShape())
	assert.Equal(t, m.Weights(), back.Weights())
	assert.Equal(t, cnnModule, back.PyTorch())
	x := make([]float32, 5*56)
	for i := range x {
		x[i] = float32(i%17) / 17
	}
	want, err := m.Predict(x, 2)
	require.NoError(t, err)
	got, err := back.Predict(x, 2)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// A CNN's file without its input shape, or with one that does not fit
// the module, is refused naming the entry.
func TestCNNCheckpointInputShapeErrors(t *testing.T) {
	m := &Model{Net: cnnNet(t), Classes: 3}
	tensors, meta, err := m.encode()
	require.NoError(t, err)
	for _, c := range []struct{ shape, want string }{
		{"", `metadata "brawn.input_shape" is missing: the module string Sequential(Conv2d(1, `},
		{"[2,8,7]", `metadata "brawn.input_shape" is [2, 8, 7], not [channels, height, width] with the channels of the module's first Conv2d ([1, 0, 0])`},
		{"[1,8]", `metadata "brawn.input_shape" is [1, 8], not [channels, height, width]`},
		{"[1,0,7]", `metadata "brawn.input_shape" is [1, 0, 7]`},
		{"[1,9,7]", "does not build: nn: layer 4 (Linear): Linear(in_features=54, out_features=3) takes input of shape [54], got [72]"},
		{"[1,0,7]", `metadata "brawn.input_shape" is [1, 0, 7], not [channels, height, width] of images`},
		{"{", `metadata "brawn.input_shape" is corrupt`},
	} {
		meta[MetaInputShape] = c.shape
		if c.shape == "" {
			delete(meta, MetaInputShape)
		}
		path := tempFile(t)
		require.NoError(t, checkpoint.Write(path, tensors, meta))
		_, err := Load(path)
		require.Error(t, err, c.shape)
		assert.True(t, strings.Contains(err.Error(), c.want), "%s: %v", c.shape, err)
	}
}

// A network whose first layer does not name its input channels (pooling,
// a Residual block), or that flattens images before its first Linear,
// loads from the images' shape its file records.
func TestCNNCheckpointWithoutLeadingConvLoads(t *testing.T) {
	for _, module := range []string{
		"Sequential(MaxPool2d(2), Flatten(), Linear(32, 4))",
		"Sequential(Residual(Sequential(Conv2d(2, 2, 3, padding=1), BatchNorm2d(2), ReLU())), AdaptiveAvgPool2d(1), Flatten(), Linear(2, 4))",
		// Images flattened first: the string says 128 features, the file
		// their shape.
		"Sequential(Flatten(), Linear(128, 4))",
		"Sequential(ReLU(), Dropout(0.5), Flatten(), Linear(128, 4))",
	} {
		s, err := ParseModule(module)
		if err == nil {
			require.Nil(t, s.Input, "%s: the string alone says only the features", module)
		}
		s, err = ParseModuleFor(module, nn.Shape{2, 8, 8})
		require.NoError(t, err)
		net, err := s.Build()
		require.NoError(t, err, module)
		m := &Model{Net: net, Classes: 4}
		path := tempFile(t)
		require.NoError(t, Save(path, m))
		back, err := Load(path)
		require.NoError(t, err, module)
		assert.Equal(t, nn.Shape{2, 8, 8}, back.Net.InShape())
		assert.Equal(t, module, back.PyTorch())
		assert.Equal(t, m.Weights(), back.Weights())
	}
}

// A CNN checkpoint whose brawn.input_shape does not fit its scaler (the
// samples the model was trained on) is refused naming the input shape,
// not the scaler alone.
func TestCNNCheckpointInputShapeAgainstScaler(t *testing.T) {
	net := cnnNet(t)
	n := net.InFeatures()
	sc := &data.Scaler{Method: data.NormMinMax, Offset: make([]float32, n), Scale: make([]float32, n)}
	for i := range sc.Scale {
		sc.Scale[i] = 1
	}
	tensors, meta, err := (&Model{Net: net, Classes: 3, Scaler: sc}).encode()
	require.NoError(t, err)
	meta[MetaInputShape] = "[1,9,7]"
	path := tempFile(t)
	require.NoError(t, checkpoint.Write(path, tensors, meta))
	_, err = Load(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `metadata "brawn.input_shape" is [1, 9, 7], 63 values a sample, but "brawn.scaler" has 56 offsets and 56 scales: the input shape does not fit the data the model was trained on`)
}

// A file of images flattened before the first Linear whose input shape
// does not hold the Linear's features is refused, naming both.
func TestFlattenedImagesInputShapeMismatch(t *testing.T) {
	net, err := nn.NewSequential(nn.Shape{2, 8, 8}, nn.NewFlatten(), nn.NewLinear(128, 4))
	require.NoError(t, err)
	tensors, meta, err := (&Model{Net: net, Classes: 4}).encode()
	require.NoError(t, err)
	meta[MetaInputShape] = "[2,8,9]"
	path := tempFile(t)
	require.NoError(t, checkpoint.Write(path, tensors, meta))
	_, err = Load(path)
	require.ErrorContains(t, err, `metadata "brawn.input_shape" is [2, 8, 9], 144 values a sample, but the module's first layer takes 128`)
}

// What Save writes Load reads: PyTorch's edge values, Dropout and
// Dropout2d with p = 1 and batch norm with eps = 0, round-trip.
func TestEdgeSettingsRoundTrip(t *testing.T) {
	bn := nn.NewBatchNorm2d(2)
	bn.Eps = 0
	conv, err := nn.NewConv2d(nn.Conv2dConfig{InChannels: 1, OutChannels: 2, KernelSize: [2]int{3, 3}})
	require.NoError(t, err)
	net, err := nn.NewSequential(nn.Shape{1, 6, 6}, conv, bn, nn.NewDropout2d(1), nn.NewFlatten(), nn.NewDropout(1), nn.NewLinear(32, 3))
	require.NoError(t, err)
	path := tempFile(t)
	require.NoError(t, Save(path, &Model{Net: net, Classes: 3}))
	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Conv2d(1, 2, 3), BatchNorm2d(2, eps=0), Dropout2d(1), Flatten(), Dropout(1), Linear(32, 3))", back.PyTorch())
	assert.Equal(t, 0.0, back.Net.Layers[1].(*nn.BatchNorm2d).Eps)
}

// A model's feature names are saved and read back, kept by WeightsOnly,
// and a file whose names do not fit the inputs is refused.
func TestFeatureNamesRoundTrip(t *testing.T) {
	net, err := nn.NewSequential(3, nn.NewLinear(3, 2))
	require.NoError(t, err)
	m := &Model{Net: net, Classes: 2, FeatureNames: []string{"a", "b", "c"}}
	path := tempFile(t)
	require.NoError(t, Save(path, WeightsOnly(m)))
	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, back.FeatureNames)

	tensors, meta, err := m.encode()
	require.NoError(t, err)
	meta[MetaFeatures] = `["a","b"]`
	require.NoError(t, checkpoint.Write(path, tensors, meta))
	_, err = Load(path)
	require.ErrorContains(t, err, `metadata "brawn.feature_names" has 2 names for 3 input features`)
}
