package nn

import (
	"math"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

// ref64 is a loss written from PyTorch's documented formula in float64:
// the per-element losses of pred against y, reduced by mean or sum.
type ref64 func(pred, y []float64, r Reduction) float64

func reduce64(ls []float64, r Reduction) float64 {
	var s float64
	for _, l := range ls {
		s += l
	}
	if r == Mean {
		return s / float64(len(ls))
	}
	return s
}

func huberRef(delta float64) ref64 {
	return func(pred, y []float64, r Reduction) float64 {
		ls := make([]float64, len(pred))
		for i := range pred {
			d := pred[i] - y[i]
			if math.Abs(d) < delta {
				ls[i] = 0.5 * d * d
			} else {
				ls[i] = delta * (math.Abs(d) - 0.5*delta)
			}
		}
		return reduce64(ls, r)
	}
}

func smoothL1Ref(beta float64) ref64 {
	return func(pred, y []float64, r Reduction) float64 {
		ls := make([]float64, len(pred))
		for i := range pred {
			d := math.Abs(pred[i] - y[i])
			if d < beta {
				ls[i] = 0.5 * d * d / beta
			} else {
				ls[i] = d - 0.5*beta
			}
		}
		return reduce64(ls, r)
	}
}

func l1Ref(pred, y []float64, r Reduction) float64 {
	ls := make([]float64, len(pred))
	for i := range pred {
		ls[i] = math.Abs(pred[i] - y[i])
	}
	return reduce64(ls, r)
}

func bceRef(pred, y []float64, r Reduction) float64 {
	ls := make([]float64, len(pred))
	for i := range pred {
		ls[i] = -(y[i]*max(math.Log(pred[i]), -100) + (1-y[i])*max(math.Log(1-pred[i]), -100))
	}
	return reduce64(ls, r)
}

func to64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// checkLoss64 compares a loss's Forward with the float64 reference (to
// float64 rounding: both accumulate in float64 from the same float32
// inputs) and its Backward with central differences of the reference in
// float64 (step 1e-6; the gradient is rounded to float32, so relative
// error up to 1e-6 plus the O(h²) truncation).
func checkLoss64(t *testing.T, l Loss, ref ref64, red Reduction, pred *Tensor, b *Batch) {
	checkLoss64Tol(t, l, ref, red, pred, b, 1e-12)
}

// checkLoss64Tol is checkLoss64 with a relative tolerance for the forward
// value (MSELoss subtracts in float32).
func checkLoss64Tol(t *testing.T, l Loss, ref ref64, red Reduction, pred *Tensor, b *Batch, fwdTol float64) {
	t.Helper()
	got, err := l.Forward(pred, b)
	require.NoError(t, err)
	p, y := to64(pred.Data), to64(b.Targets.Data)
	want := ref(p, y, red)
	require.InDeltaf(t, want, got, fwdTol*max(1, math.Abs(want)), "%s forward", l.Name())
	g := l.Backward()
	require.Equal(t, pred.Shape, g.Shape)
	const h = 1e-6
	for i := range p {
		old := p[i]
		p[i] = old + h
		up := ref(p, y, red)
		p[i] = old - h
		down := ref(p, y, red)
		p[i] = old
		num := (up - down) / (2 * h)
		require.InDeltaf(t, num, float64(g.Data[i]), 1e-6+1e-6*math.Abs(num), "%s gradient [%d]", l.Name(), i)
	}
}

// diffBatch draws pred and targets [rows, cols] whose differences
// stay 1e-3 away from the kinks at 0, ±k (k in kinks), where the loss has
// no derivative.
func diffBatch(seed uint64, rows, cols int, kinks ...float64) (*Tensor, *Batch) {
	rng := NewRNG(seed)
	pred := randTensor(rng, 2, rows, cols)
	y := randTensor(rng, 2, rows, cols)
	for i := range pred.Data {
		for {
			d := math.Abs(float64(pred.Data[i]) - float64(y.Data[i]))
			near := d < 1e-3
			for _, k := range kinks {
				near = near || math.Abs(d-k) < 1e-3
			}
			if !near {
				break
			}
			pred.Data[i] += 0.01
		}
	}
	return pred, &Batch{Targets: *y}
}

func TestRegressionLossesAgainstFloat64(t *testing.T) {
	for _, red := range []Reduction{Mean, Sum} {
		for _, shape := range [][2]int{{1, 1}, {7, 1}, {5, 3}} {
			pred, b := diffBatch(uint64(shape[0]*10+shape[1]), shape[0], shape[1], 0.5, 1, 2)
			checkLoss64Tol(t, &MSELoss{Reduction: red}, func(p, y []float64, r Reduction) float64 {
				ls := make([]float64, len(p))
				for i := range p {
					ls[i] = (p[i] - y[i]) * (p[i] - y[i])
				}
				return reduce64(ls, r)
			}, red, pred, b, 1e-6)
			checkLoss64(t, &L1Loss{Reduction: red}, l1Ref, red, pred, b)
			for _, delta := range []float64{0.5, 1, 2} {
				checkLoss64(t, &HuberLoss{Reduction: red, Delta: delta}, huberRef(delta), red, pred, b)
				checkLoss64(t, &SmoothL1Loss{Reduction: red, Beta: delta}, smoothL1Ref(delta), red, pred, b)
			}
		}
	}
}

// The values below are worked by hand from PyTorch's formulas for
// pred [[0.5, −1], [2, 3]] and targets [[0, 1], [2, 0.5]], so the
// differences are 0.5, −2, 0 and 2.5.
func handBatch() (*Tensor, *Batch) {
	pred := &Tensor{Data: []float32{0.5, -1, 2, 3}, Shape: []int{2, 2}}
	return pred, &Batch{Targets: Tensor{Data: []float32{0, 1, 2, 0.5}, Shape: []int{2, 2}}}
}

func TestRegressionLossesByHand(t *testing.T) {
	for _, c := range []struct {
		loss Loss
		want float64
		grad []float32 // of the mean
	}{
		// |d|: 0.5+2+0+2.5 = 5, /4; sign(d)/4 (0 at d = 0, as torch.sign).
		{NewL1Loss(), 1.25, []float32{0.25, -0.25, 0, 0.25}},
		// δ=1: 0.125 + (2−0.5) + 0 + (2.5−0.5) = 3.625, /4; clamp(d, ±1)/4.
		{NewHuberLoss(), 0.90625, []float32{0.125, -0.25, 0, 0.25}},
		// δ=2: 0.125 + 2(2−1) + 0 + 2(2.5−1) = 5.125, /4; |d| = δ is linear.
		{&HuberLoss{Delta: 2}, 1.28125, []float32{0.125, -0.5, 0, 0.5}},
		// β=1 equals Huber δ=1.
		{NewSmoothL1Loss(), 0.90625, []float32{0.125, -0.25, 0, 0.25}},
		// β=2: 0.25/4 + (2−1) + 0 + (2.5−1) = 2.5625, /4; d/β or sign(d), /4.
		{&SmoothL1Loss{Beta: 2}, 0.640625, []float32{0.0625, -0.25, 0, 0.25}},
		// β=0 is L1Loss.
		{&SmoothL1Loss{Beta: 0}, 1.25, []float32{0.25, -0.25, 0, 0.25}},
	} {
		pred, b := handBatch()
		got, err := c.loss.Forward(pred, b)
		require.NoError(t, err)
		require.Equalf(t, c.want, got, "%s %+v", c.loss.Name(), c.loss)
		require.Equalf(t, c.grad, c.loss.Backward().Data, "%s %+v gradient", c.loss.Name(), c.loss)
	}
}

func TestRegressionLossesRefuseBadInput(t *testing.T) {
	pred, b := handBatch()
	short := &Batch{Targets: Tensor{Data: []float32{1, 2, 3}, Shape: []int{3, 1}}}
	for _, l := range []Loss{NewL1Loss(), NewHuberLoss(), NewSmoothL1Loss(), NewBCELoss()} {
		_, err := l.Forward(pred, short)
		require.ErrorContainsf(t, err, "needs targets shaped [2, 2]", "%s", l.Name())
	}
	labelled := &Batch{Labels: []int{0, 1}}
	for _, l := range []Loss{NewMSELoss(), NewL1Loss(), NewHuberLoss()} {
		_, err := l.Forward(pred, labelled)
		require.EqualErrorf(t, err, "nn: "+l.Name()+" needs targets shaped [2, 2], but the data have class labels, not targets: use CrossEntropyLoss for classes, or give the data one-hot targets", "%s", l.Name())
	}
	for _, d := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := (&HuberLoss{Delta: d}).Forward(pred, b)
		require.ErrorContains(t, err, "HuberLoss delta")
	}
	for _, beta := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := (&SmoothL1Loss{Beta: beta}).Forward(pred, b)
		require.ErrorContains(t, err, "SmoothL1Loss beta")
	}
}

func TestBCELossAgainstFloat64(t *testing.T) {
	rng := NewRNG(3)
	for _, red := range []Reduction{Mean, Sum} {
		pred, y := NewTensor(6, 2), NewTensor(6, 2)
		for i := range pred.Data {
			pred.Data[i] = float32(0.05 + 0.9*rng.Float64())
			y.Data[i] = float32(rng.Float64())
		}
		checkLoss64(t, &BCELoss{Reduction: red}, bceRef, red, pred, &Batch{Targets: *y})
	}
}

// A probability of exactly 0 or 1 gives log 0 = −Inf, which BCELoss clamps
// at −100 as PyTorch does: the loss is 100 per confidently wrong element
// and 0 per confidently right one, and the gradient is finite.
func TestBCELossClampsTheLog(t *testing.T) {
	pred := &Tensor{Data: []float32{0, 1, 1, 0}, Shape: []int{4, 1}}
	b := &Batch{Labels: []int{1, 0, 1, 0}}
	l := NewBCELoss()
	got, err := l.Forward(pred, b)
	require.NoError(t, err)
	require.Equal(t, 50.0, got) // (100 + 100 + 0 + 0) / 4
	for i, g := range l.Backward().Data {
		require.Falsef(t, math.IsInf(float64(g), 0) || math.IsNaN(float64(g)), "gradient [%d] is %v", i, g)
	}
	// (p − y)/max(p(1−p), 1e-12)/4: ∓1e12/4 where wrong, 0 where right.
	require.InDeltaSlice(t, []float64{-0.25e12, 0.25e12, 0, 0}, to64(l.Backward().Data), 1e5)

	l.Reduction = Sum
	got, err = l.Forward(pred, b)
	require.NoError(t, err)
	require.Equal(t, 200.0, got)
}

func TestBCELossRefusesNonProbabilities(t *testing.T) {
	for _, p := range []float32{-0.01, 1.01, float32(math.NaN())} {
		pred := &Tensor{Data: []float32{0.5, p}, Shape: []int{2, 1}}
		_, err := NewBCELoss().Forward(pred, &Batch{Labels: []int{0, 1}})
		require.ErrorContains(t, err, "sample 1, output 0 is not a probability in [0, 1]")
	}
	pred := &Tensor{Data: []float32{0.5, 0.5}, Shape: []int{2, 1}}
	_, err := NewBCELoss().Forward(pred, &Batch{Labels: []int{0, 2}})
	require.ErrorContains(t, err, "label 2 of sample 1 is not 0 or 1")
}

// Trained by the Trainer, each regression loss fits y = 2x − 1.
func TestRegressionLossesTrain(t *testing.T) {
	x := make([]float32, 64)
	y := make([]float32, 64)
	for i := range x {
		x[i] = float32(i)/32 - 1
		y[i] = 2*x[i] - 1
	}
	for _, loss := range []Loss{NewL1Loss(), NewHuberLoss(), NewSmoothL1Loss()} {
		d, err := data.NewRegression(x, 1, y, 1)
		require.NoError(t, err)
		m, err := NewSequential(1, NewLinear(1, 1))
		require.NoError(t, err)
		m.Init(NewRNG(1), XavierUniform{}, Zeros{})
		opt, err := NewAdam(Groups(m.Params(), 0.05, 0, false), DefaultAdamConfig())
		require.NoError(t, err)
		tr := &Trainer{Model: m, Loss: loss, Optimizer: opt, BatchSize: 16, Epochs: 300, RNG: NewRNG(2)}
		require.NoError(t, tr.Fit(t.Context(), d, nil))
		got, err := Evaluate(m, NewMSELoss(), d, 64)
		require.NoError(t, err)
		require.Lessf(t, got.Loss, 1e-3, "%s", loss.Name())
	}
}
