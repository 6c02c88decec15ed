package nn

import (
	"math"
	"testing"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/stretchr/testify/require"
)

// Finite-difference checks run in float32 (the only precision nn has) with
// central differences of step h = 1e-2 and the loss accumulated in
// float64. With O(h²) truncation and float32 rounding of O(1e-7·|L|/h),
// the documented tolerance is |analytic − numeric| <= 2e-3 + 2e-2·|numeric|.
const (
	fdStep   = 1e-2
	fdAbsTol = 2e-3
	fdRelTol = 2e-2
)

func randTensor(rng *RNG, scale float64, shape ...int) *Tensor {
	t := NewTensor(shape...)
	for i := range t.Data {
		t.Data[i] = float32(scale * rng.NormFloat64())
	}
	return t
}

// probeLoss is L = Σ r ⊙ f(x) for a fixed random r, so dL/dy = r.
func probeLoss(y, r *Tensor) float64 {
	var s float64
	for i, v := range y.Data {
		s += float64(v) * float64(r.Data[i])
	}
	return s
}

func requireClose(t *testing.T, analytic, numeric float64, what string, i int) {
	t.Helper()
	tol := fdAbsTol + fdRelTol*math.Abs(numeric)
	require.InDeltaf(t, numeric, analytic, tol, "%s[%d]: analytic %g, numeric %g", what, i, analytic, numeric)
}

// fd returns the central difference of f with respect to *p.
func fd(p *float32, f func() float64) float64 { return fdWith(p, f, fdStep) }

func fdWith(p *float32, f func() float64, h float32) float64 {
	old := *p
	*p = old + h
	up := f()
	*p = old - h
	down := f()
	*p = old
	return (up - down) / (2 * float64(h))
}

// avoidKinks moves inputs away from ReLU's kink at 0 by more than the
// finite-difference step, where the derivative is not defined.
func avoidKinks(x *Tensor) {
	for i, v := range x.Data {
		if math.Abs(float64(v)) < 5*fdStep {
			x.Data[i] = float32(math.Copysign(5*fdStep, float64(v)))
		}
	}
}

// checkLayer verifies a layer's input and parameter gradients by finite
// differences, in training mode.
func checkLayer(t *testing.T, l Layer, in Shape, batch int, seed uint64) {
	t.Helper()
	rng := NewRNG(seed)
	env := &Env{Training: true, RNG: NewRNG(seed + 1)}
	out, err := l.Build(in, env)
	require.NoError(t, err)
	for _, p := range l.Params() {
		for i := range p.Value.Data {
			p.Value.Data[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	x := randTensor(rng, 1, append([]int{batch}, in...)...)
	avoidKinks(x)
	r := randTensor(rng, 1, append([]int{batch}, out...)...)
	checkGradients(t, l, x, r, env)
}

// checkGradients verifies the input and parameter gradients of a built
// layer at x by finite differences of L = Σ r ⊙ l(x), in env's mode; the
// RNG is restored before every evaluation, so stochastic layers see the
// same draws.
func checkGradients(t *testing.T, l Layer, x, r *Tensor, env *Env) {
	t.Helper()
	hi, lo := env.RNG.State()
	loss := func() float64 {
		env.RNG.SetState(hi, lo)
		return probeLoss(l.Forward(x), r)
	}
	loss()
	dx := l.Backward(r, true)
	require.NotNil(t, dx)
	require.Equal(t, x.Shape, dx.Shape, "dx has x's shape")
	dxCopy := append([]float32(nil), dx.Data...)
	var grads [][]float32
	for _, p := range l.Params() {
		grads = append(grads, append([]float32(nil), p.Grad.Data...))
	}
	for i := range x.Data {
		requireClose(t, float64(dxCopy[i]), fd(&x.Data[i], loss), l.Type()+" dx", i)
	}
	for k, p := range l.Params() {
		for i := range p.Value.Data {
			requireClose(t, float64(grads[k][i]), fd(&p.Value.Data[i], loss), l.Type()+" d"+p.scope+p.local, i)
		}
	}
}

func TestLinearGradients(t *testing.T) {
	checkLayer(t, NewLinear(5, 3), Shape{5}, 4, 1)
	checkLayer(t, NewLinear(1, 7), Shape{1}, 1, 2)
	checkLayer(t, NewLinear(3, 2), Shape{3}, transposedForwardMax+6, 9) // the x·Wᵀ forward form
}

func TestActivationGradients(t *testing.T) {
	checkLayer(t, NewReLU(), Shape{6}, 3, 3)
	checkLayer(t, NewLeakyReLU(0.1), Shape{6}, 3, 4)
	checkLayer(t, NewSigmoid(), Shape{6}, 3, 5)
	checkLayer(t, NewTanh(), Shape{6}, 3, 6)
	checkLayer(t, NewSoftmax(), Shape{6}, 3, 7)
	checkLayer(t, NewFlatten(), Shape{6}, 3, 8)
}

// checkLoss verifies a loss's gradient with respect to its input.
func checkLoss(t *testing.T, l Loss, pred *Tensor, b *Batch) {
	t.Helper()
	f := func() float64 {
		v, err := l.Forward(pred, b)
		require.NoError(t, err)
		return v
	}
	f()
	g := append([]float32(nil), l.Backward().Data...)
	for i := range pred.Data {
		requireClose(t, float64(g[i]), fd(&pred.Data[i], f), l.Name(), i)
	}
}

func TestLossGradients(t *testing.T) {
	rng := NewRNG(10)
	pred := randTensor(rng, 2, 4, 5)
	labels := &Batch{Labels: []int{0, 4, 2, 2}}
	for _, red := range []Reduction{Mean, Sum} {
		checkLoss(t, &CrossEntropyLoss{Reduction: red}, pred, labels)
		checkLoss(t, &CrossEntropyLoss{Reduction: red, LabelSmoothing: 0.1}, pred, labels)
		targets := &Batch{Targets: *randTensor(rng, 1, 4, 5)}
		checkLoss(t, &MSELoss{Reduction: red}, pred, targets)
		probs := &Batch{Targets: *NewTensor(4, 5)}
		for i := range probs.Targets.Data {
			probs.Targets.Data[i] = float32(rng.Float64())
		}
		checkLoss(t, &BCEWithLogitsLoss{Reduction: red}, pred, probs)
	}
}

// TestNetworkGradients checks a whole small network's parameter gradients
// through Sequential and CrossEntropyLoss.
func TestNetworkGradients(t *testing.T) {
	m, err := NewSequential(4, NewLinear(4, 6), NewTanh(), NewLinear(6, 5), NewReLU(), NewLinear(5, 3))
	require.NoError(t, err)
	rng := NewRNG(11)
	m.Init(rng, XavierNormal{Gain: 1.5}, Normal{Std: 0.3})
	x := randTensor(rng, 1, 5, 4)
	b := &Batch{X: *x, Labels: []int{0, 1, 2, 1, 0}}
	checkNetwork(t, m, NewCrossEntropyLoss(), b, nil)
}

// checkNetwork verifies every parameter gradient of m under loss on b by
// finite differences; before calls runs before each evaluation.
func checkNetwork(t *testing.T, m *Sequential, l Loss, b *Batch, before func()) {
	t.Helper()
	loss := func() float64 {
		if before != nil {
			before()
		}
		v, err := l.Forward(m.Forward(&b.X), b)
		require.NoError(t, err)
		return v
	}
	loss()
	m.Backward(l.Backward())
	checked, kinks := 0, 0
	for _, p := range m.Params() {
		g := append([]float32(nil), p.Grad.Data...)
		for i := range p.Value.Data {
			num := fd(&p.Value.Data[i], loss)
			// A ReLU kink within the step makes the difference depend on
			// the step: such coordinates cannot be checked this way.
			if fine := fdWith(&p.Value.Data[i], loss, fdStep/4); math.Abs(fine-num) > fdAbsTol+fdRelTol*math.Abs(fine) {
				kinks++
				continue
			}
			requireClose(t, float64(g[i]), num, p.Name, i)
			checked++
		}
	}
	require.LessOrEqual(t, kinks, checked/10, "at most 10%% of the coordinates straddle a kink")
}

// TestNormalizedNetworkGradients checks a network with BatchNorm1d (in
// training mode), Dropout (its mask fixed by restoring the model's RNG
// before every evaluation), LeakyReLU and Sigmoid under MSELoss.
func TestNormalizedNetworkGradients(t *testing.T) {
	m, err := NewSequential(3, NewLinear(3, 5), NewBatchNorm1d(5), NewLeakyReLU(0.1), NewDropout(0.3),
		NewLinear(5, 4), NewSigmoid(), NewLinear(4, 2))
	require.NoError(t, err)
	rng := NewRNG(12)
	m.Init(rng, KaimingNormal{A: 0.1}, Normal{Std: 0.2})
	m.SetRNG(NewRNG(13))
	hi, lo := m.RNG().State()
	x := randTensor(rng, 1, 6, 3)
	b := &Batch{X: *x, Targets: *randTensor(rng, 1, 6, 2)}
	checkNetwork(t, m, NewMSELoss(), b, func() { m.RNG().SetState(hi, lo) })
}

// norm is the L2 norm of x, as Sequential.Stats computes it.
func norm(x []float32) float64 { return math.Sqrt(float64(kernels.SumSquares(x))) }
