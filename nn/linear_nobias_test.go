package nn

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/stretchr/testify/require"
)

// TestLinearNoBias checks torch.nn.Linear(in, out, bias=False): y = x·Wᵀ
// against a float64 product for both forward forms (batches up to and
// above transposedForwardMax), finite-difference gradients, and a weight
// as the only parameter.
func TestLinearNoBias(t *testing.T) {
	checkLayer(t, NewLinearNoBias(5, 3), Shape{5}, 4, 11)
	checkLayer(t, NewLinearNoBias(3, 2), Shape{3}, transposedForwardMax+6, 12)

	for _, batch := range []int{3, transposedForwardMax + 6} {
		l := NewLinearNoBias(4, 3)
		_, err := l.Build(Shape{4}, &Env{Training: true})
		require.NoError(t, err)
		rng := NewRNG(7)
		w := l.Weight.Value.Data
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		x := randTensor(rng, 1, batch, 4)
		y := l.Forward(x)
		require.Equal(t, []int{batch, 3}, y.Shape)
		for i := range batch {
			for o := range 3 {
				var want float64
				for k := range 4 {
					want += float64(x.Data[i*4+k]) * float64(w[o*4+k])
				}
				require.InDelta(t, want, float64(y.Data[i*3+o]), 1e-5, "batch %d y[%d,%d]", batch, i, o)
			}
		}
	}

	l := NewLinearNoBias(4, 3)
	require.Nil(t, l.Bias)
	require.Len(t, l.Params(), 1)
	require.Equal(t, []int{3, 4}, l.Weight.Value.Shape)
	require.PanicsWithValue(t, "nn.NewLinearNoBias: in = 0 and out = 3 must be positive", func() { NewLinearNoBias(0, 3) })
}

// TestLinearNoBiasInModel: state_dict names as PyTorch's for
// Sequential(Linear(4, 3, bias=False), ReLU(), Linear(3, 2)), Init skips
// the missing bias, counts and statistics leave it out, and the weights
// round-trip through a safetensors checkpoint; a state_dict with a bias
// for the bias-free layer is refused, as PyTorch's strict load_state_dict
// refuses unexpected keys.
func TestLinearNoBiasInModel(t *testing.T) {
	build := func() *Sequential {
		m, err := NewSequential(4, NewLinearNoBias(4, 3), NewReLU(), NewLinear(3, 2))
		require.NoError(t, err)
		return m
	}
	m := build()
	require.Equal(t, []string{"0.weight", "2.bias", "2.weight"}, slices.Sorted(maps.Keys(m.StateDict())))
	m.Init(NewRNG(1), KaimingUniform{}, Constant{Value: 0.25})
	require.Equal(t, []float32{0.25, 0.25}, m.StateDict()["2.bias"].Data)
	w, others := m.NumParams()
	require.Equal(t, 12+6, w)
	require.Equal(t, 2, others)
	require.Zero(t, m.Stats()[0].BiasNorm)
	require.Equal(t, 3, m.Describe()[0].Out)
	require.Equal(t, 12, m.Describe()[0].Params)

	var tensors []checkpoint.Tensor
	for _, k := range slices.Sorted(maps.Keys(m.StateDict())) {
		v := m.StateDict()[k]
		tensors = append(tensors, checkpoint.F32Tensor(k, v.Shape, v.Data))
	}
	var buf bytes.Buffer
	require.NoError(t, checkpoint.Encode(&buf, tensors, nil))
	f, err := checkpoint.Decode("model.safetensors", buf.Bytes())
	require.NoError(t, err)
	loaded := map[string][]float32{}
	for i := range f.Tensors {
		v, err := f.Tensors[i].Float32s()
		require.NoError(t, err)
		loaded[f.Tensors[i].Name] = v
		require.Equal(t, m.StateDict()[f.Tensors[i].Name].Shape, f.Tensors[i].Shape)
	}
	back := build()
	require.NoError(t, back.LoadStateDict(loaded))
	require.Equal(t, weights(m), weights(back))
	x := FromSlice([]float32{1, -2, 3, 0.5, -1, 2, 0, 4}, 2, 4)
	require.Equal(t, m.Forward(x).Data, back.Forward(x).Data)

	withBias, err := NewSequential(4, NewLinear(4, 3), NewReLU(), NewLinear(3, 2))
	require.NoError(t, err)
	require.EqualError(t, back.LoadStateDict(weights(withBias)), `nn: the state_dict does not fit the model: unexpected entries "0.bias"`)
	require.EqualError(t, withBias.LoadStateDict(loaded), `nn: the state_dict does not fit the model: missing entries "0.bias"`)
}

// TestLinearNoBiasTrains: a bias-free layer trains under Adam, whose
// state holds buffers for the weight only.
func TestLinearNoBiasTrains(t *testing.T) {
	ds := blobs(t, 64, 8, 3, 5)
	m, err := NewSequential(8, NewLinearNoBias(8, 16), NewBatchNorm1d(16), NewReLU(), NewLinear(16, 3))
	require.NoError(t, err)
	m.Init(NewRNG(2), KaimingUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.02, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 30, RNG: NewRNG(3)}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	met, err := Evaluate(m, NewCrossEntropyLoss(), ds, 64)
	require.NoError(t, err)
	require.Greater(t, met.Accuracy, 0.95)
	st := opt.Export()
	require.Contains(t, st.Tensors, "0.weight.exp_avg")
	require.NotContains(t, st.Tensors, "0.bias.exp_avg")
}

// A state_dict that does not fit gets one error listing every missing,
// unexpected and wrongly sized entry, as PyTorch's load_state_dict, the
// same every time (not the first a map iteration meets); nothing is copied.
func TestLoadStateDictListsEveryMismatch(t *testing.T) {
	net, err := NewSequential(4, NewLinear(4, 3), NewBatchNorm1d(3), NewLinear(3, 2))
	require.NoError(t, err)
	before := map[string][]float32{}
	for k, v := range net.StateDict() {
		before[k] = append([]float32(nil), v.Data...)
	}
	m := map[string][]float32{
		"0.weight": make([]float32, 12), "0.bias": make([]float32, 5),
		"1.weight": make([]float32, 3), "1.bias": make([]float32, 3), "1.running_mean": make([]float32, 3),
		"3.weight": make([]float32, 6), "x": nil,
	}
	const want = `nn: the state_dict does not fit the model: missing entries "2.weight", "2.bias", "1.running_var", "1.num_batches_tracked"; unexpected entries "3.weight", "x"; entries of another size "0.bias" has 5 elements, the model's 3 (shape [3])`
	for range 20 {
		require.EqualError(t, net.LoadStateDict(m), want)
	}
	for k, v := range net.StateDict() {
		require.Equal(t, before[k], v.Data, "%s changed", k)
	}
}
