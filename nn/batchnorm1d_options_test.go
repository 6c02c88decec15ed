package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBatchNorm1dOptionsGradients checks the gradients of every
// combination of affine and track_running_stats by finite differences:
// in training (batch statistics), and in evaluation, which uses the
// running statistics, or the batch's without them.
func TestBatchNorm1dOptionsGradients(t *testing.T) {
	rng := NewRNG(61)
	for i, o := range []struct{ affine, track bool }{{true, true}, {false, true}, {true, false}, {false, false}} {
		checkLayer(t, NewBatchNorm1dWith(3, o.affine, o.track), Shape{3}, 5, uint64(62+i))
		checkLayer(t, NewBatchNorm1dWith(2, o.affine, o.track), Shape{2}, 3, uint64(66+i))

		bn := NewBatchNorm1dWith(3, o.affine, o.track)
		if o.track {
			copy(bn.RunningMean.Value.Data, []float32{0.5, -1, 2})
			copy(bn.RunningVar.Value.Data, []float32{2, 0.5, 1})
		}
		if o.affine {
			copy(bn.Weight.Value.Data, []float32{1.5, -0.5, 2})
			copy(bn.Bias.Value.Data, []float32{0.1, 0.2, 0.3})
		}
		env := &Env{RNG: NewRNG(1)} // evaluation
		buildLayer(t, bn, Shape{3}, env)
		checkGradients(t, bn, randTensor(rng, 2, 4, 3), randTensor(rng, 1, 4, 3), env)
	}
}

// TestBatchNorm1dOptions checks what each option keeps in the state_dict,
// the summary's counts, the printed form, the reset values, evaluation
// without running statistics (the batch's, as in training, and nothing
// updated) and the refusal of a batch of one sample where the batch
// statistics are used.
func TestBatchNorm1dOptions(t *testing.T) {
	m, err := NewSequential(4, NewBatchNorm1d(4), NewBatchNorm1dWith(4, false, true),
		NewBatchNorm1dWith(4, true, false), NewBatchNorm1dWith(4, false, false))
	require.NoError(t, err)
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	for _, b := range m.Buffers() {
		names = append(names, b.Name)
	}
	require.Equal(t, []string{"0.weight", "0.bias", "2.weight", "2.bias",
		"0.running_mean", "0.running_var", "0.num_batches_tracked",
		"1.running_mean", "1.running_var", "1.num_batches_tracked"}, names)
	require.Equal(t, []LayerInfo{
		{Index: 0, Type: "BatchNorm1d", Out: 4, OutShape: Shape{4}, Params: 8, Norm: 8, Buffers: 8},
		{Index: 1, Type: "BatchNorm1d", Out: 4, OutShape: Shape{4}, Buffers: 8},
		{Index: 2, Type: "BatchNorm1d", Out: 4, OutShape: Shape{4}, Params: 8, Norm: 8},
		{Index: 3, Type: "BatchNorm1d", Out: 4, OutShape: Shape{4}},
	}, m.Describe())
	for i, want := range []string{
		"BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
		"BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=False, track_running_stats=True)",
		"BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=False)",
		"BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)",
	} {
		bn := m.Layers[i].(*BatchNorm1d)
		require.Equal(t, want, bn.String())
		require.Equal(t, i%2 == 0, bn.Affine())
		require.Equal(t, i < 2, bn.TrackRunningStats())
	}
	cum := NewBatchNorm1dWith(3, false, true)
	cum.Eps, cum.CumulativeAverage = 0.001, true
	require.Equal(t, "BatchNorm1d(3, eps=0.001, momentum=None, affine=False, track_running_stats=True)", cum.String())

	// Training moves the running statistics that exist; reset restores
	// them and γ, β.
	x := FromSlice([]float32{1, 0, 2, 0, 2, 0, 3, 4, 3, 4, 6, 4, 6, 4, 1, 0}, 4, 4)
	m.Forward(x)
	m.Layers[2].(*BatchNorm1d).Weight.Value.Data[0] = 3
	require.Equal(t, float32(1), m.Layers[1].(*BatchNorm1d).NumBatchesTracked.Value.Data[0])
	require.NotEqual(t, float32(0), m.Layers[1].(*BatchNorm1d).RunningMean.Value.Data[0])
	for _, l := range m.Layers {
		l.(*BatchNorm1d).ResetParameters(nil)
	}
	require.Equal(t, []float32{1, 1, 1, 1}, m.Layers[2].(*BatchNorm1d).Weight.Value.Data)
	require.Equal(t, []float32{0, 0, 0, 0}, m.Layers[1].(*BatchNorm1d).RunningMean.Value.Data)
	require.Equal(t, []float32{1, 1, 1, 1}, m.Layers[1].(*BatchNorm1d).RunningVar.Value.Data)
	require.Equal(t, float32(0), m.Layers[1].(*BatchNorm1d).NumBatchesTracked.Value.Data[0])

	// Without running statistics evaluation normalises with the batch's:
	// the same output as training, as torch.nn.BatchNorm1d(4,
	// track_running_stats=False).eval() gives.
	one, err := NewSequential(4, NewBatchNorm1dWith(4, false, false))
	require.NoError(t, err)
	train := append([]float32(nil), one.Forward(x).Data...)
	one.Eval()
	require.Equal(t, train, one.Forward(x).Data)
	require.InDelta(t, 0, float64(train[0]+train[4]+train[8]+train[12]), 1e-6)

	// A batch of one sample: refused in training, and in evaluation too
	// without running statistics.
	for i := range m.Layers {
		m1, err := NewSequential(4, NewBatchNorm1dWith(4, i%2 == 0, i < 2))
		require.NoError(t, err)
		require.EqualError(t, m1.CheckBatch(1), "nn: layer 0 (BatchNorm1d): "+pytorchBatchOne+
			", got input of shape [1, 4] (a batch of 1 sample has no batch variance)", "layer %d", i)
		m1.Eval()
		if i < 2 {
			require.NoError(t, m1.CheckBatch(1), "layer %d", i)
			m1.Forward(NewTensor(1, 4))
			continue
		}
		require.ErrorContains(t, m1.CheckBatch(1), pytorchBatchOne, "layer %d", i)
		require.PanicsWithValue(t, "nn.BatchNorm1d.Forward: "+pytorchBatchOne+
			", got input of shape [1, 4] (a batch of 1 sample has no batch variance)", func() { m1.Forward(NewTensor(1, 4)) })
	}
	require.PanicsWithValue(t, "nn.NewBatchNorm1d: features = 0 must be positive", func() { NewBatchNorm1dWith(0, false, false) })
}

// BatchStatistics finds a batch norm layer without running statistics,
// inside a Residual too; Predict and Evaluate then refuse, with an error
// rather than Forward's panic, a batch of one sample.
func TestBatchStatistics(t *testing.T) {
	for _, c := range []struct {
		layers []Layer
		want   bool
	}{
		{[]Layer{NewLinear(3, 3), NewBatchNorm1d(3)}, false},
		{[]Layer{NewLinear(3, 3), NewBatchNorm1dWith(3, false, true)}, false},
		{[]Layer{NewLinear(3, 3), NewBatchNorm1dWith(3, true, false)}, true},
		{[]Layer{NewResidual([]Layer{NewLinear(3, 3), NewBatchNorm1d(3)}, nil)}, false},
		{[]Layer{NewResidual([]Layer{NewLinear(3, 3)}, []Layer{NewBatchNorm1dWith(3, false, false)})}, true},
	} {
		m, err := NewSequential(3, c.layers...)
		require.NoError(t, err)
		require.Equal(t, c.want, m.BatchStatistics())
		x := make([]float32, 3*5)
		_, err = m.Predict(x, 2) // the last batch is one sample
		if !c.want {
			require.NoError(t, err)
			continue
		}
		require.ErrorContains(t, err, pytorchBatchOne)
		require.ErrorContains(t, err, "(5 samples at batch size 2 leave a batch of 1: use a batch size of 3 or more)")
		_, err = m.Predict(x, 5)
		require.NoError(t, err)
	}
	m2, err := NewSequential(Shape{2, 1, 1}, NewBatchNorm2dWith(2, true, false))
	require.NoError(t, err)
	require.True(t, m2.BatchStatistics())
	_, err = m2.Predict(make([]float32, 2), 4)
	require.ErrorContains(t, err, pytorchBatchOne)
}
