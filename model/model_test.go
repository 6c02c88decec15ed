package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// A network a library user built and trained round-trips with only Net,
// the scaler and the class names given: the file has the module string
// and the task, Load rebuilds the same network in evaluation mode, and
// Predict on raw features gives the same answers before and after.
func TestLibraryModelRoundTrips(t *testing.T) {
	net := xorNet(t)
	sc, _ := trainedXOR(t, net)
	m := &Model{Net: net, Scaler: sc, ClassNames: []string{"same", "differ"}}
	x, y := xorData()
	before, err := m.Predict(x, 2)
	require.NoError(t, err)
	assert.Equal(t, y, before.Class, "the net learned XOR")

	path := tempFile(t)
	require.NoError(t, Save(path, m))
	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Linear(2, 8), BatchNorm1d(8), Tanh(), Linear(8, 2))", f.Metadata[MetaPyTorch])
	assert.JSONEq(t, `{"classes":2,"outputs":0}`, f.Metadata[MetaTask])
	assert.NotContains(t, f.Metadata, MetaArchitecture)
	names := make([]string, len(f.Tensors))
	for i, tn := range f.Tensors {
		names[i] = tn.Name
	}
	assert.Equal(t, []string{"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias"}, names)

	got, err := Load(path)
	require.NoError(t, err)
	assert.False(t, got.Net.Training())
	assert.Nil(t, got.Arch)
	assert.Equal(t, 2, got.NumClasses())
	assert.False(t, got.Regression())
	assert.Equal(t, m.ClassNames, got.ClassNames)
	assert.Equal(t, sc, got.Scaler)
	assert.Equal(t, m.Weights(), got.Weights())
	after, err := got.Predict(x, 2)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// brawn train's complete checkpoint round-trips field by field, the
// trainer's state included, under the entry names files have always had.
func TestFullCheckpointRoundTrips(t *testing.T) {
	arch := MLP{Inputs: 2, Hidden: []int{8}, Classes: 2, Activation: "relu", Dropout: 0.1}
	net, err := arch.Build()
	require.NoError(t, err)
	sc, tr := trainedXOR(t, net)
	loss := 0.5
	m := &Model{
		Net: net, Arch: &arch, Scaler: sc, ClassNames: []string{"a", "b"},
		Config:    map[string]string{"optimizer": "adam", "lr": "0.05"},
		History:   []EpochMetrics{{Epoch: 1, TrainLoss: math.Inf(1), ValLoss: &loss, Layers: []LayerMetrics{{Layer: "0 (Linear 2->8)", WeightNorm: 1}}}},
		Epoch:     tr.Epoch(),
		State:     tr.Export(),
		TrainData: &DataIdentity{Source: "xor.csv", Samples: 4, Features: 2, Checksum: "0123456789abcdef"},
	}
	path := tempFile(t)
	require.NoError(t, Save(path, m))
	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	for _, k := range []string{MetaArchitecture, MetaPyTorch, MetaConfig, MetaClassNames, MetaScaler, MetaHistory, MetaEpoch, MetaTrainData, MetaVersion, StatePrefix + "trainer.epoch"} {
		assert.Contains(t, f.Metadata, k)
	}
	assert.JSONEq(t, `{"inputs":2,"hidden":[8],"classes":2,"activation":"relu","dropout":0.1}`, f.Metadata[MetaArchitecture])
	assert.NotContains(t, f.Metadata, MetaTask)
	assert.NotContains(t, f.Metadata, MetaContents)

	got, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, &arch, got.Arch)
	assert.Equal(t, m.Config, got.Config)
	assert.Equal(t, m.Epoch, got.Epoch)
	assert.Equal(t, m.TrainData, got.TrainData)
	require.Len(t, got.History, 1)
	assert.True(t, math.IsNaN(got.History[0].TrainLoss), "an infinite loss is null in JSON, NaN when read")
	assert.Equal(t, m.History[0].Layers, got.History[0].Layers)
	assert.Equal(t, m.State, got.State)
	assert.Equal(t, m.Weights(), got.Weights())

	// The state imports into a fresh trainer of the same configuration.
	opt, err := nn.NewAdam(nn.Groups(got.Net.Params(), 0.05, 0, false), nn.DefaultAdamConfig())
	require.NoError(t, err)
	fresh := &nn.Trainer{Model: got.Net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 60, RNG: nn.NewRNG(9)}
	require.NoError(t, fresh.Import(got.State))
	assert.Equal(t, tr.Export(), fresh.Export())

	// Weights only: no state, no history, marked; loads for inference.
	wpath := tempFile(t)
	require.NoError(t, Save(wpath, WeightsOnly(got)))
	w, err := Load(wpath)
	require.NoError(t, err)
	assert.True(t, w.WeightsOnly)
	assert.Nil(t, w.State)
	assert.Nil(t, w.History)
	assert.Equal(t, got.Weights(), w.Weights())
	assert.Equal(t, got.Config, w.Config)
}

// A regression's Predict undoes the target standardization, and a binary
// classifier's gives 1−σ(z), σ(z) and class z > 0.
func TestPredictRegressionAndBinary(t *testing.T) {
	lin := nn.NewLinear(1, 1)
	net, err := nn.NewSequential(1, lin)
	require.NoError(t, err)
	lin.Weight.Value.Data[0], lin.Bias.Value.Data[0] = 2, 0
	x := []float32{-1, 0.5}

	reg := &Model{Net: net, Targets: &Targets{Names: []string{"y"}, Mean: []float64{10}, Std: []float64{3}}}
	assert.True(t, reg.Regression())
	p, err := reg.Predict(x, 1)
	require.NoError(t, err)
	assert.Equal(t, []float32{10 - 6, 10 + 3}, p.Targets)
	assert.Nil(t, p.Class)
	path := tempFile(t)
	require.NoError(t, Save(path, reg))
	back, err := Load(path)
	require.NoError(t, err)
	assert.True(t, back.Regression())
	assert.Equal(t, reg.Targets, back.Targets)

	bin := &Model{Net: net, Scaler: &data.Scaler{Method: data.NormStandard, Offset: []float32{1}, Scale: []float32{2}}}
	assert.True(t, bin.Binary())
	p, err = bin.Predict(x, 2) // scaled: -4, -1; logits -8, -2
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0}, p.Class)
	assert.InDelta(t, 1/(1+math.Exp(8)), p.Probs[1], 1e-7)
	assert.InDelta(t, 1-1/(1+math.Exp(2)), p.Probs[2], 1e-7)
	assert.Equal(t, []float32{-1, 0.5}, x, "Predict scales a copy")

	_, err = bin.Predict([]float32{1, 2, 3}[:0:0], 1)
	require.NoError(t, err)
	_, err = (&Model{Net: xorNet(t)}).Predict([]float32{1, 2, 3}, 1)
	assert.EqualError(t, err, "3 input values are not a whole number of rows of 2 features")
}

// Save refuses a model whose task or names do not fit the network.
func TestSaveRefusesInconsistentModel(t *testing.T) {
	net := xorNet(t)
	for _, c := range []struct {
		m    *Model
		want string
	}{
		{&Model{}, "Model.Net is nil"},
		{&Model{Net: &nn.Sequential{Layers: []nn.Layer{nn.NewLinear(2, 2)}}}, "saving the model: Model.Net: " + nn.ErrUnbuilt.Error()},
		{&Model{Net: net, ClassNames: []string{"a"}}, "1 class names for a model of 2 classes"},
		{&Model{Net: net, Classes: 3}, "the network has 2 outputs, but it predicts 3 classes and 0 outputs"},
		{&Model{Net: net, Outputs: 2, Targets: &Targets{Names: []string{"y"}, Mean: []float64{0}, Std: []float64{1}}}, "target scaling of 1 targets for a network of 2 outputs"},
	} {
		err := Save(tempFile(t), c.m)
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
	}
	require.EqualError(t, Save("", &Model{Net: net}), "saving the model: the path is empty")
}
