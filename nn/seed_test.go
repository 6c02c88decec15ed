package nn

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNewLinearPyTorchDefaults checks that a layer is initialised when
// built, with torch.nn.Linear's defaults: weight and bias U(−1/√in, 1/√in),
// whose variance is 1/(3·in).
func TestNewLinearPyTorchDefaults(t *testing.T) {
	ManualSeed(1)
	const in, out = 300, 200
	l := NewLinear(in, out)
	bound := 1 / math.Sqrt(in)
	std := bound / math.Sqrt(3)
	for _, p := range []*Param{l.Weight, l.Bias} {
		mean, v, lo, hi := moments(p.Value.Data)
		n := float64(len(p.Value.Data))
		require.InDelta(t, 0, mean, 5*std/math.Sqrt(n), p.local)
		require.InDelta(t, std*std, v, 5*math.Sqrt(0.8/n)*std*std, p.local) // sd of a uniform sample variance: σ²·√(0.8/n)
		require.GreaterOrEqual(t, lo, -bound-1e-7, p.local)
		require.LessOrEqual(t, hi, bound+1e-7, p.local)
	}
	nb := NewLinearNoBias(in, out)
	require.Nil(t, nb.Bias)
	_, v, _, _ := moments(nb.Weight.Value.Data)
	require.InDelta(t, std*std, v, 0.03*std*std)
}

// TestBuiltModelIsSeeded: the same ManualSeed gives the same bits, another
// seed other bits, and ManualSeed(s) followed by construction draws what
// ResetParameters(NewRNG(s)) and Init(NewRNG(s), PyTorchLinear{},
// PyTorchLinearBias{}) draw.
func TestBuiltModelIsSeeded(t *testing.T) {
	build := func() *Sequential {
		m, err := NewSequential(6, NewLinear(6, 5), NewBatchNorm1d(5), NewReLU(), NewLinearNoBias(5, 4), NewTanh(), NewLinear(4, 3))
		require.NoError(t, err)
		return m
	}
	values := func(m *Sequential) [][]float32 {
		var out [][]float32
		for _, p := range m.Params() {
			out = append(out, append([]float32(nil), p.Value.Data...))
		}
		return out
	}
	ManualSeed(7)
	a := values(build())
	ManualSeed(7)
	require.Equal(t, a, values(build()), "same seed, same weights")
	ManualSeed(8)
	require.NotEqual(t, a, values(build()), "another seed, other weights")

	m := build()
	m.ResetParameters(NewRNG(7))
	require.Equal(t, a, values(m))
	m.Init(NewRNG(8), HeNormal{}, Constant{Value: 0.5})
	require.NotEqual(t, a, values(m), "Init still applies the chosen initializer")
	require.Equal(t, float32(0.5), m.Params()[1].Value.Data[0])
	m.Init(NewRNG(7), PyTorchLinear{}, PyTorchLinearBias{})
	require.Equal(t, a, values(m))
}

// TestModelTrainsWithoutInit: a model built and trained with no Init call
// learns (all-zero weights would leave a ReLU network at the class prior).
func TestModelTrainsWithoutInit(t *testing.T) {
	data := blobs(t, 400, 20, 10, 3)
	ManualSeed(5)
	m, err := NewSequential(20, NewLinear(20, 32), NewReLU(), NewLinear(32, 10))
	require.NoError(t, err)
	for _, p := range m.Params() {
		require.Positive(t, norm(p.Value.Data), "%s is not all zero", p.Name)
	}
	opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 32, Epochs: 20, RNG: NewRNG(6)}
	require.NoError(t, tr.Fit(context.Background(), data, nil))
	met, err := Evaluate(m, NewCrossEntropyLoss(), data, 100)
	require.NoError(t, err)
	require.Greater(t, met.Accuracy, 0.9, "10 classes: chance is about 0.1")
}

// TestBatchNormResetParameters: ResetParameters returns a trained
// BatchNorm1d to its state when built.
func TestBatchNormResetParameters(t *testing.T) {
	fresh := NewBatchNorm1d(3)
	m, err := NewSequential(3, NewBatchNorm1d(3))
	require.NoError(t, err)
	bn := m.Layers[0].(*BatchNorm1d)
	m.Forward(&Tensor{Data: []float32{1, 2, 3, 5, 7, 11}, Shape: []int{2, 3}})
	for _, p := range bn.Params() {
		p.Value.Data[0] = 9
	}
	require.NotEqual(t, fresh.RunningMean.Value.Data, bn.RunningMean.Value.Data)
	m.ResetParameters(nil)
	for i, p := range bn.Params() {
		require.Equal(t, fresh.Params()[i].Value.Data, p.Value.Data, p.local)
	}
	for i, b := range bn.Buffers() {
		require.Equal(t, fresh.Buffers()[i].Value.Data, b.Value.Data, b.local)
	}
}

// TestConcurrentConstruction: layers built on several goroutines at once
// each draw a whole block of the default sequence (the race detector
// checks the generator is guarded).
func TestConcurrentConstruction(t *testing.T) {
	const layers = 8
	ManualSeed(11)
	var want [][]float32
	for range layers {
		want = append(want, NewLinear(16, 16).Weight.Value.Data)
	}
	ManualSeed(11)
	got := make([][]float32, layers)
	var wg sync.WaitGroup
	for i := range layers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = NewLinear(16, 16).Weight.Value.Data
		}()
	}
	wg.Wait()
	require.ElementsMatch(t, want, got)
}
