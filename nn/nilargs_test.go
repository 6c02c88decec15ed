package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSchedulersRefuseNilOptimizer: every schedule's constructor names
// itself when given no optimizer, rather than dereferencing nil.
func TestSchedulersRefuseNilOptimizer(t *testing.T) {
	for name, build := range map[string]func(){
		"ConstantLR":        func() { _, _ = NewConstantLR(nil, 0.5, 3) },
		"StepLR":            func() { _, _ = NewStepLR(nil, 2, 0.1) },
		"MultiStepLR":       func() { _, _ = NewMultiStepLR(nil, []int{2}, 0.1) },
		"ExponentialLR":     func() { NewExponentialLR(nil, 0.9) },
		"CosineAnnealingLR": func() { _, _ = NewCosineAnnealingLR(nil, 5, 0) },
		"LinearLR":          func() { _, _ = NewLinearLR(nil, 0.5, 1, 3) },
		"ReduceLROnPlateau": func() { NewReduceLROnPlateau(nil) },
	} {
		require.PanicsWithValue(t, "nn.New"+name+": nil optimizer", build, name)
	}
}

// TestInitNilRNGDrawsFromDefault: Init and ResetParameters with a nil
// generator draw from the default one, as ManualSeed seeds it, so two
// networks given the same seed get the same weights.
func TestInitNilRNGDrawsFromDefault(t *testing.T) {
	weights := func(init func(*Sequential)) []float32 {
		net, err := NewSequential(3, NewLinear(3, 4), NewReLU(), NewLinear(4, 2))
		require.NoError(t, err)
		ManualSeed(7)
		init(net)
		var w []float32
		for _, p := range net.Params() {
			w = append(w, p.Value.Data...)
		}
		return w
	}
	viaInit := weights(func(s *Sequential) { s.Init(nil, KaimingNormal{}, nil) })
	require.Equal(t, viaInit, weights(func(s *Sequential) { s.Init(nil, KaimingNormal{}, nil) }))
	require.Equal(t, viaInit, weights(func(s *Sequential) { s.Init(NewRNG(7), KaimingNormal{}, nil) }))
	require.NotEqual(t, viaInit, weights(func(s *Sequential) { s.Init(NewRNG(8), KaimingNormal{}, nil) }))

	viaReset := weights(func(s *Sequential) { s.ResetParameters(nil) })
	require.Equal(t, viaReset, weights(func(s *Sequential) { s.ResetParameters(NewRNG(7)) }))

	net, err := NewSequential(3, NewLinear(3, 4))
	require.NoError(t, err)
	require.PanicsWithValue(t, "nn: Sequential.Init: nil weight initializer", func() { net.Init(nil, nil, nil) })
}

// TestInitializerFanMustBePositive: a fan of 0 would scale the draws to
// ±Inf; the initializers say so, and leave an empty tensor alone.
func TestInitializerFanMustBePositive(t *testing.T) {
	rng := NewRNG(1)
	for name, init := range map[string]Initializer{
		"XavierUniform": XavierUniform{}, "XavierNormal": XavierNormal{},
		"KaimingUniform": KaimingUniform{}, "KaimingNormal": KaimingNormal{},
		"LeCunUniform": LeCunUniform{}, "LeCunNormal": LeCunNormal{},
		"PyTorchLinearBias": PyTorchLinearBias{}, "PyTorchLinear": PyTorchLinear{},
	} {
		want := "nn: " + name + ".Fill: fan 0 must be positive"
		if name == "PyTorchLinear" {
			want = "nn: KaimingUniform.Fill: fan 0 must be positive"
		}
		require.PanicsWithValue(t, want, func() { init.Fill(make([]float32, 3), 0, 0, rng) }, name)
		require.NotPanics(t, func() { init.Fill(nil, 0, 0, rng) }, name)
		w := make([]float32, 3)
		init.Fill(w, 2, 2, rng)
		require.NotEqual(t, []float32{0, 0, 0}, w, name)
	}
}

// TestSetRNGRefusesNil: the dropout layers would dereference it in the
// next training step.
func TestSetRNGRefusesNil(t *testing.T) {
	net, err := NewSequential(Shape{1, 4, 4}, NewDropout2d(0.5))
	require.NoError(t, err)
	require.PanicsWithValue(t, "nn.Sequential.SetRNG: nil generator; Dropout and Dropout2d draw their masks from it", func() { net.SetRNG(nil) })
	require.NotNil(t, net.RNG())
}
