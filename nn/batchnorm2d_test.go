package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBatchNorm2d checks training and evaluation outputs and the running
// statistics against torch.nn.BatchNorm2d's definition, in float64: each
// channel's statistics run over the batch and the plane.
func TestBatchNorm2d(t *testing.T) {
	env := &Env{Training: true}
	bn := NewBatchNorm2d(2)
	require.Equal(t, Shape{2, 1, 2}, buildLayer(t, bn, Shape{2, 1, 2}, env))
	copy(bn.Weight.Value.Data, []float32{2, 0.5})
	copy(bn.Bias.Value.Data, []float32{1, -1})
	// [N=2, C=2, H=1, W=2]. Channel 0: 1, 2, 3, 6 (mean 3, biased var
	// 3.5, unbiased 14/3); channel 1: 0, 0, 4, 4 (mean 2, var 4, 16/3).
	x := FromSlice([]float32{1, 2, 0, 0, 3, 6, 4, 4}, 2, 2, 1, 2)
	y := bn.Forward(x)
	require.Equal(t, x.Shape, y.Shape)
	eps := 1e-5
	for i, v := range x.Data {
		want := 0.5*(float64(v)-2)/math.Sqrt(4+eps) - 1
		if (i/2)%2 == 0 {
			want = 2*(float64(v)-3)/math.Sqrt(3.5+eps) + 1
		}
		require.InDelta(t, want, float64(y.Data[i]), 1e-5, "y[%d]", i)
	}
	requireSlice(t, []float64{0.3, 0.2}, bn.RunningMean.Value.Data, 1e-7, "running_mean")
	requireSlice(t, []float64{0.9 + 0.1*14.0/3, 0.9 + 0.1*16.0/3}, bn.RunningVar.Value.Data, 1e-6, "running_var")
	require.Equal(t, float32(1), bn.NumBatchesTracked.Value.Data[0])
	// Evaluation uses the running statistics and leaves them alone.
	env.Training = false
	y = bn.Forward(x)
	for i, v := range x.Data[:2] {
		want := 2*(float64(v)-0.3)/math.Sqrt(0.9+0.1*14.0/3+eps) + 1
		require.InDelta(t, want, float64(y.Data[i]), 1e-5, "eval y[%d]", i)
	}
	require.Equal(t, float32(1), bn.NumBatchesTracked.Value.Data[0])
}

// TestBatchNorm2dIsBatchNorm1dPerPlane: on planes of one value,
// BatchNorm2d is BatchNorm1d, bit for bit (they share batchNormPass).
func TestBatchNorm2dIsBatchNorm1dPerPlane(t *testing.T) {
	rng := NewRNG(51)
	b1, b2 := NewBatchNorm1d(5), NewBatchNorm2d(5)
	env := &Env{Training: true}
	buildLayer(t, b1, Shape{5}, env)
	buildLayer(t, b2, Shape{5, 1, 1}, env)
	x := randTensor(rng, 3, 7, 5)
	dy := randTensor(rng, 1, 7, 5)
	y1 := append([]float32(nil), b1.Forward(x).Data...)
	dx1 := append([]float32(nil), b1.Backward(dy, true).Data...)
	x4 := FromSlice(x.Data, 7, 5, 1, 1)
	require.Equal(t, y1, b2.Forward(x4).Data)
	require.Equal(t, dx1, b2.Backward(FromSlice(dy.Data, 7, 5, 1, 1), true).Data)
	require.Equal(t, b1.RunningVar.Value.Data, b2.RunningVar.Value.Data)
	require.Equal(t, b1.Weight.Grad.Data, b2.Weight.Grad.Data)
}

// TestBatchNorm2dGradients checks the gradients by finite differences in
// training mode (batch statistics, with and without affine and running
// statistics, batch 1 with a plane of several values, non-square and odd
// planes) and in evaluation mode (running statistics).
func TestBatchNorm2dGradients(t *testing.T) {
	checkLayer(t, NewBatchNorm2d(3), Shape{3, 4, 5}, 2, 52)
	checkLayer(t, NewBatchNorm2d(2), Shape{2, 3, 3}, 1, 53)
	checkLayer(t, NewBatchNorm2d(1), Shape{1, 1, 7}, 3, 54)
	checkLayer(t, NewBatchNorm2dWith(3, false, true), Shape{3, 2, 5}, 2, 55)
	checkLayer(t, NewBatchNorm2dWith(2, true, false), Shape{2, 3, 2}, 2, 56)

	rng := NewRNG(57)
	for _, affine := range []bool{true, false} {
		bn := NewBatchNorm2dWith(3, affine, true)
		copy(bn.RunningMean.Value.Data, []float32{0.5, -1, 2})
		copy(bn.RunningVar.Value.Data, []float32{2, 0.5, 1})
		if affine {
			copy(bn.Weight.Value.Data, []float32{1.5, -0.5, 2})
			copy(bn.Bias.Value.Data, []float32{0.1, 0.2, 0.3})
		}
		env := &Env{RNG: NewRNG(1)} // evaluation
		buildLayer(t, bn, Shape{3, 3, 2}, env)
		checkGradients(t, bn, randTensor(rng, 1, 2, 3, 3, 2), randTensor(rng, 1, 2, 3, 3, 2), env)
	}
	// Without running statistics, evaluation normalises with the batch's.
	bn := NewBatchNorm2dWith(2, true, false)
	env := &Env{RNG: NewRNG(1)}
	buildLayer(t, bn, Shape{2, 2, 3}, env)
	x := randTensor(rng, 2, 3, 2, 2, 3)
	y := bn.Forward(x)
	for ch := range 2 {
		var s, s2 float64
		for i := range 3 {
			for _, v := range y.Data[(i*2+ch)*6 : (i*2+ch+1)*6] {
				s += float64(v)
				s2 += float64(v) * float64(v)
			}
		}
		require.InDelta(t, 0, s/18, 1e-6, "channel %d mean", ch)
		require.InDelta(t, 1, s2/18, 1e-4, "channel %d variance", ch)
	}
	checkGradients(t, bn, x, randTensor(rng, 1, 3, 2, 2, 3), env)
}

// TestBatchNorm2dOptions checks the state_dict entries each option keeps,
// the reset values and the refusal of one value per channel.
func TestBatchNorm2dOptions(t *testing.T) {
	m, err := NewSequential(Shape{4, 3, 3}, NewBatchNorm2d(4), NewBatchNorm2dWith(4, false, true),
		NewBatchNorm2dWith(4, true, false), NewBatchNorm2dWith(4, false, false))
	require.NoError(t, err)
	names := func() (out []string) {
		for _, p := range m.Params() {
			out = append(out, p.Name)
		}
		for _, b := range m.Buffers() {
			out = append(out, b.Name)
		}
		return out
	}
	require.Equal(t, []string{"0.weight", "0.bias", "2.weight", "2.bias",
		"0.running_mean", "0.running_var", "0.num_batches_tracked",
		"1.running_mean", "1.running_var", "1.num_batches_tracked"}, names())
	bn := m.Layers[0].(*BatchNorm2d)
	require.Equal(t, []float32{1, 1, 1, 1}, bn.Weight.Value.Data)
	require.Equal(t, []float32{1, 1, 1, 1}, bn.RunningVar.Value.Data)
	require.True(t, bn.NumBatchesTracked.Int64)
	require.Equal(t, "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.String())
	// momentum=None prints as PyTorch prints it.
	bc := NewBatchNorm2dWith(2, false, false)
	bc.CumulativeAverage = true
	require.Equal(t, "BatchNorm2d(2, eps=1e-05, momentum=None, affine=False, track_running_stats=False)", bc.String())

	_, err = NewSequential(Shape{4, 3, 3}, NewBatchNorm2d(3))
	require.EqualError(t, err, "nn: layer 0 (BatchNorm2d): BatchNorm2d(3) takes input of shape [3, H, W], got [4, 3, 3]")

	// A batch of one sample with a plane of one value has no variance.
	m1, err := NewSequential(Shape{2, 1, 1}, NewBatchNorm2d(2))
	require.NoError(t, err)
	require.EqualError(t, m1.CheckBatch(1), "nn: layer 0 (BatchNorm2d): "+pytorchBatchOne+", got input of shape [1, 2, 1, 1]")
	require.NoError(t, m1.CheckBatch(2))
	require.PanicsWithValue(t, "nn.BatchNorm2d.Forward: "+pytorchBatchOne+", got input of shape [1, 2, 1, 1]",
		func() { m1.Forward(NewTensor(1, 2, 1, 1)) })
	m1.Eval()
	require.NoError(t, m1.CheckBatch(1))
	// Without running statistics evaluation needs the batch's too.
	m2, err := NewSequential(Shape{2, 1, 1}, NewBatchNorm2dWith(2, true, false))
	require.NoError(t, err)
	m2.Eval()
	require.ErrorContains(t, m2.CheckBatch(1), pytorchBatchOne)
	// A plane of several values trains at batch 1.
	m3, err := NewSequential(Shape{2, 1, 2}, NewBatchNorm2d(2))
	require.NoError(t, err)
	require.NoError(t, m3.CheckBatch(1))
}
