package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDropout(t *testing.T) {
	env := &Env{Training: true, RNG: NewRNG(3)}
	d := NewDropout(0.3)
	_, err := d.Build(Shape{1000}, env)
	require.NoError(t, err)
	x := NewTensor(50, 1000)
	for i := range x.Data {
		x.Data[i] = 2
	}
	y := d.Forward(x)
	// Survivors are 2/(1−0.3); the kept fraction is Binomial(50000, 0.7):
	// standard deviation 0.002, so 0.7 ± 0.01 is a 5σ band.
	kept, wrong := 0, 0
	var sum float64
	for _, v := range y.Data {
		if v != 0 {
			kept++
			if math.Abs(float64(v)-2/0.7) > 1e-6 {
				wrong++
			}
		}
		sum += float64(v)
	}
	require.Zero(t, wrong, "survivors scaled by 1/(1-p)")
	require.InDelta(t, 0.7, float64(kept)/float64(len(y.Data)), 0.01)
	require.InDelta(t, 2, sum/float64(len(y.Data)), 0.03, "expectation preserved")
	// Backward applies the same mask.
	dy := NewTensor(50, 1000)
	for i := range dy.Data {
		dy.Data[i] = 1
	}
	dx := d.Backward(dy, true)
	mismatch := 0
	for i, v := range y.Data {
		if v/2 != dx.Data[i] {
			mismatch++
		}
	}
	require.Zero(t, mismatch, "backward uses the forward mask")
	// Evaluation: identity, no draws.
	env.Training = false
	hi, lo := env.RNG.State()
	require.Same(t, x, d.Forward(x))
	require.Same(t, dy, d.Backward(dy, true))
	h2, l2 := env.RNG.State()
	require.Equal(t, [2]uint64{hi, lo}, [2]uint64{h2, l2})
	// p = 0 is the identity in training; p = 1 zeroes everything.
	env.Training = true
	d0 := NewDropout(0)
	_, _ = d0.Build(Shape{1000}, env)
	require.Same(t, x, d0.Forward(x))
	d1 := NewDropout(1)
	_, _ = d1.Build(Shape{1000}, env)
	require.Zero(t, sumAbs(d1.Forward(x).Data))
	require.Zero(t, sumAbs(d1.Backward(dy, true).Data))
}

func TestDropoutGradient(t *testing.T) {
	checkLayer(t, NewDropout(0.4), Shape{6}, 3, 21) // the mask is fixed by resetting the RNG
}

// TestBatchNorm1d checks training and evaluation outputs and the running
// statistics against torch.nn.BatchNorm1d's definition, computed here in
// float64 from the formulas.
func TestBatchNorm1d(t *testing.T) {
	env := &Env{Training: true}
	bn := NewBatchNorm1d(2)
	_, err := bn.Build(Shape{2}, env)
	require.NoError(t, err)
	copy(bn.Weight.Value.Data, []float32{2, 0.5})
	copy(bn.Bias.Value.Data, []float32{1, -1})
	// Feature 0: 1, 2, 3, 6: mean 3, biased var (4+1+0+9)/4 = 3.5,
	// unbiased 14/3. Feature 1: 0, 0, 4, 4: mean 2, var 4, unbiased 16/3.
	x := FromSlice([]float32{1, 0, 2, 0, 3, 4, 6, 4}, 4, 2)
	y := bn.Forward(x)
	eps := 1e-5
	for i := range 4 {
		x0, x1 := float64(x.Data[2*i]), float64(x.Data[2*i+1])
		require.InDelta(t, 2*(x0-3)/math.Sqrt(3.5+eps)+1, float64(y.Data[2*i]), 1e-5)
		require.InDelta(t, 0.5*(x1-2)/math.Sqrt(4+eps)-1, float64(y.Data[2*i+1]), 1e-5)
	}
	// running = 0.9·initial + 0.1·batch (unbiased variance).
	requireSlice(t, []float64{0.3, 0.2}, bn.RunningMean.Value.Data, 1e-7, "running_mean")
	requireSlice(t, []float64{0.9 + 0.1*14.0/3, 0.9 + 0.1*16.0/3}, bn.RunningVar.Value.Data, 1e-6, "running_var")
	require.Equal(t, float32(1), bn.NumBatchesTracked.Value.Data[0])
	bn.Forward(x)
	requireSlice(t, []float64{0.9*0.3 + 0.3, 0.9*0.2 + 0.2}, bn.RunningMean.Value.Data, 1e-6, "running_mean after 2")
	require.Equal(t, float32(2), bn.NumBatchesTracked.Value.Data[0])
	// Evaluation uses the running statistics and leaves them alone.
	env.Training = false
	rm, rv := bn.RunningMean.Value.Data, bn.RunningVar.Value.Data
	rm0, rv0 := rm[0], rv[0]
	y = bn.Forward(x)
	for i := range 4 {
		x0 := float64(x.Data[2*i])
		require.InDelta(t, 2*(x0-float64(rm0))/math.Sqrt(float64(rv0)+eps)+1, float64(y.Data[2*i]), 1e-5)
	}
	require.Equal(t, rm0, rm[0])
	require.Equal(t, float32(2), bn.NumBatchesTracked.Value.Data[0])
	// Cumulative average (momentum=None): the running mean is the plain
	// mean of the batch means.
	bc := NewBatchNorm1d(1)
	bc.CumulativeAverage = true
	_, _ = bc.Build(Shape{1}, &Env{Training: true})
	bc.Forward(FromSlice([]float32{1, 3}, 2, 1))
	bc.Forward(FromSlice([]float32{5, 7}, 2, 1))
	require.InDelta(t, 4, float64(bc.RunningMean.Value.Data[0]), 1e-6)
}

func TestBatchNormGradients(t *testing.T) {
	checkLayer(t, NewBatchNorm1d(3), Shape{3}, 5, 31)
	// Evaluation mode: a fixed affine map per feature.
	bn := NewBatchNorm1d(3)
	copy(bn.RunningMean.Value.Data, []float32{0.5, -1, 2})
	copy(bn.RunningVar.Value.Data, []float32{2, 0.5, 1})
	env := &Env{}
	_, _ = bn.Build(Shape{3}, env)
	rng := NewRNG(5)
	x := randTensor(rng, 1, 4, 3)
	r := randTensor(rng, 1, 4, 3)
	loss := func() float64 { return probeLoss(bn.Forward(x), r) }
	loss()
	dx := append([]float32(nil), bn.Backward(r, true).Data...)
	for i := range x.Data {
		requireClose(t, float64(dx[i]), fd(&x.Data[i], loss), "eval dx", i)
	}
}

func TestStateDictNames(t *testing.T) {
	m, err := NewSequential(784, NewFlatten(), NewLinear(784, 256), NewBatchNorm1d(256), NewReLU(), NewDropout(0.2), NewLinear(256, 10))
	require.NoError(t, err)
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	require.Equal(t, []string{"1.weight", "1.bias", "2.weight", "2.bias", "5.weight", "5.bias"}, names)
	names = nil
	for _, b := range m.Buffers() {
		names = append(names, b.Name)
	}
	require.Equal(t, []string{"2.running_mean", "2.running_var", "2.num_batches_tracked"}, names)
	require.Equal(t, []int{256, 784}, m.Params()[0].Value.Shape, "weight stored [out, in]")
	w, o := m.NumParams()
	require.Equal(t, 784*256+256*10, w)
	require.Equal(t, 256+2*256+10, o)

	sd := map[string][]float32{}
	for k, v := range m.StateDict() {
		sd[k] = make([]float32, len(v.Data))
	}
	sd["5.bias"][3] = 7
	require.NoError(t, m.LoadStateDict(sd))
	require.Equal(t, float32(7), m.Params()[5].Value.Data[3])
	delete(sd, "2.running_var")
	require.ErrorContains(t, m.LoadStateDict(sd), `"2.running_var"`)

	_, err = NewSequential(10, NewLinear(10, 5), NewReLU(), NewLinear(4, 2))
	require.ErrorContains(t, err, "layer 2 (Linear)")
}

func TestDefaultMLPCounts(t *testing.T) {
	// The CLI's summary for 784-256-128-10: 235,146 parameters, 234,752
	// weights and 394 biases.
	m, err := NewSequential(784, NewLinear(784, 256), NewReLU(), NewLinear(256, 128), NewReLU(), NewLinear(128, 10))
	require.NoError(t, err)
	w, b := m.NumParams()
	require.Equal(t, 234752, w)
	require.Equal(t, 394, b)
}

func sumAbs(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += math.Abs(float64(v))
	}
	return s
}

func TestDescribeAndPredict(t *testing.T) {
	m, err := NewSequential(3, NewLinear(3, 4), NewReLU(), NewLinear(4, 2))
	require.NoError(t, err)
	m.Init(NewRNG(3), XavierUniform{}, Uniform{Low: -1, High: 1})
	require.Equal(t, []LayerInfo{
		{Index: 0, Type: "Linear", Out: 4, OutShape: Shape{4}, Params: 16, Weights: 12, Biases: 4},
		{Index: 1, Type: "ReLU", Out: 4, OutShape: Shape{4}},
		{Index: 2, Type: "Linear", Out: 2, OutShape: Shape{2}, Params: 10, Weights: 8, Biases: 2},
	}, m.Describe())
	bn, err := NewSequential(2, NewLinearNoBias(2, 3), NewBatchNorm1d(3))
	require.NoError(t, err)
	require.Equal(t, []LayerInfo{
		{Index: 0, Type: "Linear", Out: 3, OutShape: Shape{3}, Params: 6, Weights: 6},
		{Index: 1, Type: "BatchNorm1d", Out: 3, OutShape: Shape{3}, Params: 6, Norm: 6, Buffers: 6},
	}, bn.Describe())
	x := []float32{1, 2, 3, 4, 5, 6, -1, 0, 1}
	got, err := m.Predict(x, 2)
	require.NoError(t, err)
	require.True(t, m.Training(), "mode restored")
	// Reference: y = W2·relu(W1·x + b1) + b2 in float64.
	w1, b1, w2, b2 := m.Params()[0].Value.Data, m.Params()[1].Value.Data, m.Params()[2].Value.Data, m.Params()[3].Value.Data
	for r := range 3 {
		h := make([]float64, 4)
		for o := range 4 {
			h[o] = float64(b1[o])
			for i := range 3 {
				h[o] += float64(w1[o*3+i]) * float64(x[r*3+i])
			}
			h[o] = math.Max(h[o], 0)
		}
		for o := range 2 {
			y := float64(b2[o])
			for i := range 4 {
				y += float64(w2[o*4+i]) * h[i]
			}
			require.InDelta(t, y, float64(got[r*2+o]), 1e-5)
		}
	}
	_, err = m.Predict(x[:4], 2)
	require.Error(t, err)
}

// TestMatchesPyTorch compares with values Debian's python3-torch 1.13.1
// printed for the same inputs:
//
//	F.cross_entropy(torch.tensor([[1., 2, -1], [.5, .5, 3]]), torch.tensor([1, 0]), label_smoothing=0.1)
//	bn = nn.BatchNorm1d(2); bn.weight.data = [2, .5]; bn.bias.data = [1, -1]
//	bn(torch.tensor([[1., 0], [2, 0], [3, 4], [6, 4]]))
func TestMatchesPyTorch(t *testing.T) {
	ce := &CrossEntropyLoss{LabelSmoothing: 0.1}
	l, err := ce.Forward(FromSlice([]float32{1, 2, -1, 0.5, 0.5, 3}, 2, 3), &Batch{Labels: []int{1, 0}})
	require.NoError(t, err)
	require.InDelta(t, 1.525510311126709, l, 2e-7)
	requireSlice(t, []float64{0.11308157444000244, -0.11397439241409302, 0.0008928477764129639,
		-0.4314119517803192, 0.018588056787848473, 0.4128238558769226}, ce.Backward().Data, 1e-7, "ce grad")

	bn := NewBatchNorm1d(2)
	_, err = bn.Build(Shape{2}, &Env{Training: true})
	require.NoError(t, err)
	copy(bn.Weight.Value.Data, []float32{2, 0.5})
	copy(bn.Bias.Value.Data, []float32{1, -1})
	y := bn.Forward(FromSlice([]float32{1, 0, 2, 0, 3, 4, 6, 4}, 4, 2))
	requireSlice(t, []float64{-1.1380867958068848, -1.4999994039535522, -0.06904339790344238, -1.4999994039535522,
		1.0, -0.5000006556510925, 4.207130432128906, -0.5000006556510925}, y.Data, 1e-6, "bn y")
	requireSlice(t, []float64{0.30000001192092896, 0.20000000298023224}, bn.RunningMean.Value.Data, 0, "running_mean")
	requireSlice(t, []float64{1.3666666746139526, 1.4333332777023315}, bn.RunningVar.Value.Data, 1e-7, "running_var")
}

// TestLinearForwardForms checks both forward forms (x·Wᵀ and the
// transposed W·xᵀ, chosen by batch size) against a float64 reference, at
// batch sizes on both sides of transposedForwardMax and with odd shapes.
func TestLinearForwardForms(t *testing.T) {
	rng := NewRNG(17)
	for _, batch := range []int{1, 7, transposedForwardMax, transposedForwardMax + 1, 150} {
		l := NewLinear(37, 19)
		_, err := l.Build(Shape{37}, &Env{})
		require.NoError(t, err)
		l.initParams(Normal{Std: 1}, Normal{Std: 1}, rng)
		x := randTensor(rng, 1, batch, 37)
		y := l.Forward(x)
		require.Equal(t, []int{batch, 19}, y.Shape)
		w, b := l.Weight.Value.Data, l.Bias.Value.Data
		worst := 0.0
		for r := range batch {
			for o := range 19 {
				ref := float64(b[o])
				for i := range 37 {
					ref += float64(w[o*37+i]) * float64(x.Data[r*37+i])
				}
				worst = math.Max(worst, math.Abs(ref-float64(y.Data[r*19+o])))
			}
		}
		require.Less(t, worst, 1e-4, "batch %d", batch)
	}
}
