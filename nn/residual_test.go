package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResidualGradients checks a block's input and parameter gradients by
// finite differences: the identity shortcut, a projection shortcut, a
// block over images with BatchNorm2d and pooling, and a nested block.
func TestResidualGradients(t *testing.T) {
	checkLayer(t, NewResidual([]Layer{NewLinear(4, 4), NewTanh(), NewLinear(4, 4)}, nil), Shape{4}, 3, 71)
	checkLayer(t, NewResidual([]Layer{NewLinear(4, 3), NewSigmoid()}, []Layer{NewLinear(4, 3)}), Shape{4}, 2, 72)
	img := NewResidual([]Layer{NewBatchNorm2d(2), NewTanh(), NewAvgPool2d(2)},
		[]Layer{NewAdaptiveAvgPool2d(2, 3)})
	checkLayer(t, img, Shape{2, 4, 6}, 2, 73)
	inner := NewResidual([]Layer{NewLinear(3, 3), NewTanh()}, nil)
	checkLayer(t, NewResidual([]Layer{inner, NewLinear(3, 3)}, []Layer{NewLinear(3, 3)}), Shape{3}, 1, 74)
}

// TestResidualNames checks the state_dict names (PyTorch's for the module
// the type's documentation defines), nested blocks included, and that
// Sequential trains through a block: its gradient matches a finite
// difference of the whole network's loss.
func TestResidualNames(t *testing.T) {
	inner := NewResidual([]Layer{NewLinear(6, 6)}, nil)
	block := NewResidual([]Layer{NewLinear(6, 6), NewBatchNorm1d(6), NewReLU(), inner},
		[]Layer{NewLinear(6, 6), NewBatchNorm1d(6)})
	m, err := NewSequential(5, NewLinear(5, 6), block, NewReLU(), NewLinear(6, 3))
	require.NoError(t, err)
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	for _, b := range m.Buffers() {
		names = append(names, b.Name)
	}
	require.Equal(t, []string{"0.weight", "0.bias",
		"1.f.0.weight", "1.f.0.bias", "1.f.1.weight", "1.f.1.bias", "1.f.3.f.0.weight", "1.f.3.f.0.bias",
		"1.downsample.0.weight", "1.downsample.0.bias", "1.downsample.1.weight", "1.downsample.1.bias",
		"3.weight", "3.bias",
		"1.f.1.running_mean", "1.f.1.running_var", "1.f.1.num_batches_tracked",
		"1.downsample.1.running_mean", "1.downsample.1.running_var", "1.downsample.1.num_batches_tracked"}, names)
	rng := NewRNG(75)
	m.Init(rng, XavierNormal{Gain: 1.2}, Normal{Std: 0.2})
	x := randTensor(rng, 1, 4, 5)
	checkNetwork(t, m, NewCrossEntropyLoss(), &Batch{X: *x, Labels: []int{0, 2, 1, 2}}, nil)

	st := m.Stats()[1]
	var w float64
	for _, p := range block.Params() {
		if p.local == "weight" {
			w += norm(p.Value.Data) * norm(p.Value.Data)
		}
	}
	require.InDelta(t, w, st.WeightNorm*st.WeightNorm, 1e-3*w, "a block's weight norm covers all its weights")

	// Building the block again in another model, once the first has given
	// it up, gives the same names.
	m.Layers = nil
	m2, err := NewSequential(6, block)
	require.NoError(t, err)
	require.Equal(t, "0.f.3.f.0.weight", m2.Params()[4].Name)
}

// TestResidualErrors: shapes that do not add up and inner layers that do
// not take their input are errors naming the branch and the inner layer;
// an inner BatchNorm refuses a batch of one as it would alone.
func TestResidualErrors(t *testing.T) {
	_, err := NewSequential(4, NewResidual([]Layer{NewLinear(4, 3)}, nil))
	require.EqualError(t, err, "nn: layer 0 (Residual): the residual branch f gives shape [3], the shortcut (the input) [4]: they must match to be added; "+
		"give the block a downsample=Sequential(...) shortcut that makes [3] of the input, such as Sequential(Linear(4, 3))")
	_, err = NewSequential(4, NewResidual([]Layer{NewLinear(4, 3)}, []Layer{NewLinear(4, 2)}))
	require.EqualError(t, err, "nn: layer 0 (Residual): the residual branch f gives shape [3], the shortcut (downsample) [2]: they must match to be added; make downsample give [3]")
	for _, c := range []struct {
		in   Shape
		f    []Layer
		want string
	}{
		{Shape{4, 6, 6}, []Layer{mustConv(t, Conv2dConfig{InChannels: 4, OutChannels: 8, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})},
			"the shortcut (the input) [4, 6, 6]: they must match to be added; give the block a downsample=Sequential(...) shortcut that makes [8, 6, 6] of the input, " +
				"such as Sequential(Conv2d(4, 8, 1, bias=False), BatchNorm2d(8))"},
		{Shape{4, 7, 7}, []Layer{mustConv(t, Conv2dConfig{InChannels: 4, OutChannels: 8, KernelSize: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}})},
			"such as Sequential(Conv2d(4, 8, 1, stride=2, bias=False), BatchNorm2d(8))"},
		{Shape{4, 6, 6}, []Layer{mustConv(t, Conv2dConfig{InChannels: 4, OutChannels: 4, KernelSize: [2]int{3, 3}})},
			"the shortcut (the input) [4, 6, 6]: they must match to be added; give the block a downsample=Sequential(...) shortcut that makes [4, 4, 4] of the input"},
	} {
		_, err = NewSequential(c.in, NewResidual(c.f, nil))
		require.ErrorContains(t, err, c.want)
	}
	_, err = NewSequential(4, NewResidual([]Layer{NewReLU(), NewLinear(5, 4)}, nil))
	require.EqualError(t, err, "nn: layer 0 (Residual): f.1 (Linear): Linear(in_features=5, out_features=4) takes input of shape [5], got [4]")
	_, err = NewSequential(4, NewResidual([]Layer{NewLinear(4, 4)}, []Layer{NewBatchNorm1d(3)}))
	require.ErrorContains(t, err, "nn: layer 0 (Residual): downsample.0 (BatchNorm1d): ")
	require.Panics(t, func() { NewResidual(nil, nil) })

	m, err := NewSequential(3, NewResidual([]Layer{NewLinear(3, 3)}, []Layer{NewLinear(3, 3), NewBatchNorm1d(3)}))
	require.NoError(t, err)
	require.EqualError(t, m.CheckBatch(1), "nn: layer 0 (Residual): downsample.1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 3] (a batch of 1 sample has no batch variance)")
}

// TestResidualHealth: the block reports its inner ReLUs' dead units and
// ResetStats reaches them.
func TestResidualHealth(t *testing.T) {
	relu := NewReLU()
	block := NewResidual([]Layer{NewLinear(2, 2), relu}, nil)
	m, err := NewSequential(2, block)
	require.NoError(t, err)
	lin := block.F[0].(*Linear)
	copy(lin.Weight.Value.Data, []float32{1, 0, 0, 1})
	copy(lin.Bias.Value.Data, []float32{0, -10})
	m.SetTrackHealth(true)
	m.Forward(FromSlice([]float32{1, 1, 2, 2}, 2, 2))
	st := m.Stats()[0]
	require.True(t, st.HasDead)
	require.Equal(t, 0.5, st.Dead)
	m.ResetStats()
	require.False(t, m.Stats()[0].HasDead)
}

// TestResidualConvGradients checks ResNet's basic blocks (Conv2d,
// BatchNorm2d, with Tanh for ReLU, whose kink finite differences cannot
// cross) by finite differences, with the identity and a strided
// projection shortcut, on odd and non-square planes.
func TestResidualConvGradients(t *testing.T) {
	block := func(in, out, stride int) *Residual {
		b := basicBlock(t, in, out, stride)
		b.F[2] = NewTanh()
		return b
	}
	checkLayer(t, block(2, 2, 1), Shape{2, 3, 4}, 2, 76)
	checkLayer(t, block(2, 3, 2), Shape{2, 5, 4}, 2, 77)
	checkLayer(t, block(1, 2, 2), Shape{1, 3, 3}, 1, 78)
}

// smallResNet returns the ResNet of the PyTorch fixture resnet_small,
// weights drawn from seed, for [1, 12, 10] inputs.
func smallResNet(t *testing.T, seed uint64) *Sequential {
	m, err := NewSequential(Shape{1, 12, 10}, torchLayerCases["resnet_small"](t)...)
	require.NoError(t, err)
	m.ResetParameters(NewRNG(seed))
	return m
}

// TestResNetDeterministic: training steps of a small ResNet give
// bit-identical weights and running statistics for 1, 2 and 5 threads,
// with the work split however small it is.
func TestResNetDeterministic(t *testing.T) {
	oldConv, oldPar := convMinFlops, parallelMin
	convMinFlops, parallelMin = 0, 16
	t.Cleanup(func() { convMinFlops, parallelMin = oldConv, oldPar })
	run := func(threads int) map[string][]float32 {
		m := smallResNet(t, 79)
		m.SetThreads(threads)
		opt, err := NewSGD(Groups(m.Params(), 0.05, 0, false), SGDConfig{Momentum: 0.9})
		require.NoError(t, err)
		rng := NewRNG(80)
		loss := NewCrossEntropyLoss()
		for range 3 {
			b := &Batch{X: *randTensor(rng, 1, 9, 1, 12, 10), Labels: []int{0, 1, 2, 0, 1, 2, 0, 1, 2}}
			_, err := loss.Forward(m.Forward(&b.X), b)
			require.NoError(t, err)
			m.Backward(loss.Backward())
			opt.Step()
		}
		out := map[string][]float32{}
		for name, v := range m.StateDict() {
			out[name] = append([]float32(nil), v.Data...)
		}
		return out
	}
	one := run(1)
	require.Equal(t, one, run(2))
	require.Equal(t, one, run(5))
}

// TestResNetStepAllocatesNothing: a training step of a small ResNet
// (Conv2d, BatchNorm2d, Residual blocks, pooling) allocates nothing once
// the buffers exist.
func TestResNetStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	m := smallResNet(t, 81)
	m.SetThreads(1)
	rng := NewRNG(82)
	b := &Batch{X: *randTensor(rng, 1, 8, 1, 12, 10), Labels: []int{0, 1, 2, 0, 1, 2, 0, 1}}
	loss := NewCrossEntropyLoss()
	step := func() {
		_, err := loss.Forward(m.Forward(&b.X), b)
		if err != nil {
			t.Fatal(err)
		}
		m.Backward(loss.Backward())
	}
	step()
	require.Zero(t, testing.AllocsPerRun(5, step))
}

func mustConv(t *testing.T, c Conv2dConfig) *Conv2d {
	t.Helper()
	l, err := NewConv2d(c)
	require.NoError(t, err)
	return l
}
