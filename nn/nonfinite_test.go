package nn

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trainerSnapshot is everything a step that fails must leave as it was:
// the weights, the model's buffers and RNG, and the optimizer's full state
// (its buffers, step count and learning rates), compared bit for bit.
type trainerSnapshot struct {
	weights, buffers [][]uint32
	rngHi, rngLo     uint64
	optim            map[string][]uint32
	steps            int
}

func bits(x []float32) []uint32 {
	out := make([]uint32, len(x))
	for i, v := range x {
		out[i] = math.Float32bits(v)
	}
	return out
}

func snapshotTrainer(t *testing.T, tr *Trainer) trainerSnapshot {
	t.Helper()
	var s trainerSnapshot
	for _, p := range tr.Model.Params() {
		s.weights = append(s.weights, bits(p.Value.Data))
	}
	for _, b := range tr.Model.Buffers() {
		s.buffers = append(s.buffers, bits(b.Value.Data))
	}
	s.rngHi, s.rngLo = tr.Model.RNG().State()
	s.optim = map[string][]uint32{}
	st := tr.Optimizer.Export()
	for k, v := range st.Tensors {
		s.optim[k] = bits(v)
	}
	for k, v := range st.Scalars {
		s.optim[k] = []uint32{uint32(math.Float64bits(v) >> 32), uint32(math.Float64bits(v))}
	}
	if o, ok := tr.Optimizer.(interface{ Steps() int }); ok {
		s.steps = o.Steps()
	}
	return s
}

// regressionBatch is one batch of samples x (features per row) with
// targets y (one per row).
func regressionBatch(t *testing.T, features int, x, y []float32) *Batch {
	t.Helper()
	d, err := data.NewRegression(x, features, y, 1)
	require.NoError(t, err)
	var b Batch
	idx := make([]int, d.Len())
	for i := range idx {
		idx[i] = i
	}
	require.NoError(t, b.Gather(d, idx))
	return &b
}

func requireNonFinite(t *testing.T, err error) *NonFiniteError {
	t.Helper()
	var nf *NonFiniteError
	require.True(t, errors.As(err, &nf), "got %v", err)
	return nf
}

// A finite loss whose backward pass overflows float32: MSE of 1e38 (the
// output is 1e19 too high), but dL/dw = 2·1e19·x with x = 1e20 is +Inf.
// The step stops before the update, naming the weight's gradient.
func TestBackwardOverflowStopsBeforeTheUpdate(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	copy(m.Params()[0].Value.Data, []float32{0.1})
	opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewMSELoss(), Optimizer: opt, BatchSize: 1, Epochs: 1}
	before := snapshotTrainer(t, tr)
	loss, _, err := tr.TrainBatch(regressionBatch(t, 1, []float32{1e20}, []float32{0}))
	require.True(t, finite32(loss), "loss %g", loss)
	nf := requireNonFinite(t, err)
	assert.Equal(t, &NonFiniteError{Quantity: QuantityGradient, Layer: 0, LayerType: "Linear", Param: "0.weight", Index: 0, Value: math.Inf(1)}, nf)
	assert.Equal(t, "nn: the gradient of 0.weight (layer 0, Linear) is +Inf at element 0; the update was not applied", err.Error())
	assert.Equal(t, before, snapshotTrainer(t, tr))

	// Through Fit, the error says where, and the position still counts
	// the step as not done.
	ds, err := data.NewRegression([]float32{1, 1e20}, 1, []float32{0.1, 0}, 1)
	require.NoError(t, err)
	tr.Epochs = 3
	err = tr.Fit(context.Background(), ds, nil)
	nf = requireNonFinite(t, err)
	assert.Equal(t, [3]int{1, 2, 2}, [3]int{nf.Epoch, nf.Step, nf.GlobalStep})
	assert.Equal(t, 1, tr.GlobalStep())
	assert.Contains(t, err.Error(), "at epoch 1, step 2 (global step 2)")
}

// Gradients whose elements are finite but whose float32 sum of squares
// overflows count as non-finite, as clip_grad_norm_ with
// error_if_nonfinite: the error has no element index.
func TestGradientSquaresOverflow(t *testing.T) {
	m, err := NewSequential(1, NewLinearNoBias(1, 1))
	require.NoError(t, err)
	copy(m.Params()[0].Value.Data, []float32{1})
	opt, err := NewSGD(Groups(m.Params(), 0.01, 0, false), SGDConfig{})
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewMSELoss(), Optimizer: opt, BatchSize: 1, Epochs: 1}
	// pred = 1e10, dL/dw = 2·1e10·1e10 = 2e20: finite, its square is not.
	_, _, err = tr.TrainBatch(regressionBatch(t, 1, []float32{1e10}, []float32{0}))
	nf := requireNonFinite(t, err)
	assert.Equal(t, QuantityGradient, nf.Quantity)
	assert.Equal(t, "0.weight", nf.Param)
	assert.Equal(t, -1, nf.Index)
	assert.Equal(t, math.Inf(1), nf.Value)
	assert.Equal(t, "nn: the gradient of 0.weight (layer 0, Linear) overflows float32: its norm is +Inf; the update was not applied", err.Error())
	assert.Equal(t, []float32{1}, m.Params()[0].Value.Data)
}

// A loss that is finite in float64 but beyond float32's range (MSELoss
// accumulates in float64) stops the step: 1e22² = 1e44.
func TestLossBeyondFloat32Range(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	copy(m.Params()[0].Value.Data, []float32{1e22})
	opt, err := NewSGD(Groups(m.Params(), 0.01, 0, false), SGDConfig{Momentum: 0.9})
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewMSELoss(), Optimizer: opt, BatchSize: 1, Epochs: 1}
	before := snapshotTrainer(t, tr)
	loss, _, err := tr.TrainBatch(regressionBatch(t, 1, []float32{1}, []float32{0}))
	assert.False(t, math.IsInf(loss, 0) || math.IsNaN(loss), "the float64 loss %g is finite", loss)
	nf := requireNonFinite(t, err)
	assert.Equal(t, QuantityLoss, nf.Quantity)
	assert.InEpsilon(t, 1e44, nf.Value, 1e-6)
	assert.Equal(t, [2]int{-1, -1}, [2]int{nf.Layer, nf.Index})
	assert.Equal(t, "nn: the loss is 1e+44, beyond float32's range; the update was not applied", err.Error())
	assert.Equal(t, before, snapshotTrainer(t, tr))
}

// poisonLayer is the identity with one parameter whose gradient Backward
// sets to NaN, to give NaN gradients with a finite loss.
type poisonLayer struct {
	p *Param
}

func (l *poisonLayer) Build(in Shape, _ *Env) (Shape, error) {
	l.p = newParam("weight", KindWeight, 3)
	return in, nil
}
func (l *poisonLayer) Forward(x *Tensor) *Tensor { return x }
func (l *poisonLayer) Backward(dy *Tensor, _ bool) *Tensor {
	l.p.Grad.Data[1] = float32(math.NaN())
	return dy
}
func (l *poisonLayer) Params() []*Param   { return []*Param{l.p} }
func (l *poisonLayer) Buffers() []*Buffer { return nil }
func (l *poisonLayer) Type() string       { return "Poison" }

// Clipping cannot rescue NaN gradients (their norm is NaN): the step
// stops, naming the first parameter whose gradient is NaN, and nothing
// changes, BatchNorm1d's running statistics and the dropout RNG included.
func TestClippingWithNaNGradients(t *testing.T) {
	m, err := NewSequential(2, NewLinear(2, 4), NewBatchNorm1d(4), NewDropout(0.5), &poisonLayer{}, NewLinear(4, 2))
	require.NoError(t, err)
	m.Init(NewRNG(3), KaimingUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 1, ClipNorm: 1, ClipValue: 0.5, TrackHealth: true}
	before := snapshotTrainer(t, tr)
	_, _, err = tr.TrainBatch(xorBatch(t))
	nf := requireNonFinite(t, err)
	assert.True(t, math.IsNaN(nf.Value), "the gradient norm %v", nf.Value)
	nf.Value = 0
	assert.Equal(t, &NonFiniteError{Quantity: QuantityGradient, Layer: 3, LayerType: "Poison", Param: "3.weight", Index: 1}, nf)
	assert.Equal(t, before, snapshotTrainer(t, tr))
	assert.True(t, math.IsNaN(ClipGradNorm(m.Params(), 1)))
}

func xorBatch(t *testing.T) *Batch {
	t.Helper()
	var b Batch
	require.NoError(t, b.Gather(xorData(t), []int{0, 1, 2, 3}))
	return &b
}

// An update from finite gradients that makes a weight or an optimizer
// buffer non-finite is undone: the weights and the optimizer's state
// (buffers and step count) after the error are those before, bit for bit,
// for every optimizer, on parameters large enough to be updated in many
// blocks and on several threads. Here the last input feature is always 0,
// so its weights have a zero gradient, and with eps = 0 (which only the
// unexported constructors accept) the adaptive optimizers divide 0 by 0;
// SGD's learning rate of 1e38 overflows.
func TestBadUpdateIsUndone(t *testing.T) {
	splitSmallTensors(t)
	const in, out, rows = 11000, 3, 4 // 33000 weights: 3 parts in a region on 3 threads
	build := map[string]func([]*Param) (Optimizer, error){
		"Adam": func(p []*Param) (Optimizer, error) {
			return newAdam(Groups(p, 0.01, 0, false), AdamConfig{Beta1: 0.9, Beta2: 0.999}, false)
		},
		"AdamW-amsgrad": func(p []*Param) (Optimizer, error) {
			return newAdam(Groups(p, 0.01, 0.01, false), AdamConfig{Beta1: 0.9, Beta2: 0.999, AMSGrad: true}, true)
		},
		"RMSprop": func(p []*Param) (Optimizer, error) {
			return newRMSprop(Groups(p, 0.01, 0, false), RMSpropConfig{Alpha: 0.99, Momentum: 0.9})
		},
		"Adagrad": func(p []*Param) (Optimizer, error) { return newAdagrad(Groups(p, 0.01, 0, false), AdagradConfig{}) },
		"SGD": func(p []*Param) (Optimizer, error) {
			return NewSGD(Groups(p, 1e-3, 0, false), SGDConfig{Momentum: 0.9, Nesterov: true})
		},
	}
	x := make([]float32, rows*in)
	for i := range x {
		if i%in != in-1 {
			x[i] = float32(i%7) - 2.5
		}
	}
	for _, name := range slices.Sorted(maps.Keys(build)) {
		for _, threads := range []int{1, 3} {
			m, err := NewSequential(in, NewLinear(in, out), NewReLU(), NewLinear(out, 2))
			require.NoError(t, err)
			m.Init(NewRNG(5), KaimingUniform{}, nil)
			opt, err := build[name](m.Params())
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: rows, Epochs: 1}
			tr.SetThreads(threads)
			d, err := data.NewClassification(x, in, []int{0, 1, 1, 0}, 2)
			require.NoError(t, err)
			var b Batch
			require.NoError(t, b.Gather(d, []int{0, 1, 2, 3}))
			if name == "SGD" {
				// A first step at a sane rate, so the momentum
				// buffers and step count are not at their start.
				_, _, err = tr.TrainBatch(&b)
				require.NoError(t, err)
				for _, g := range opt.Groups() {
					g.LR = 3e38
				}
			}
			before := snapshotTrainer(t, tr)
			_, _, err = tr.TrainBatch(&b)
			nf := requireNonFinite(t, err)
			assert.Equal(t, QuantityWeight, nf.Quantity, "%s, %d threads", name, threads)
			assert.Equal(t, "0.weight", nf.Param, "%s", name)
			if name != "SGD" {
				assert.Equal(t, in-1, nf.Index, "%s: the first zero gradient", name)
				assert.True(t, math.IsNaN(nf.Value), "%s: %v", name, nf.Value)
			}
			assert.Equal(t, before, snapshotTrainer(t, tr), "%s, %d threads", name, threads)
			assert.Contains(t, err.Error(), "nn: the update would make 0.weight (layer 0, Linear) ")
		}
	}
}

// plainSGD is an Optimizer of another package's kind (it does not embed
// optimBase): w -= lr·g.
type plainSGD struct {
	groups []*ParamGroup
}

func (o *plainSGD) Step() {
	for _, g := range o.groups {
		for _, p := range g.Params {
			for i, d := range p.Grad.Data {
				p.Value.Data[i] -= float32(g.LR) * d
			}
		}
	}
}
func (o *plainSGD) Groups() []*ParamGroup { return o.groups }
func (o *plainSGD) Export() *State        { return NewState() }
func (o *plainSGD) Import(*State) error   { return nil }
func (o *plainSGD) Name() string          { return "plainSGD" }

// Another package's optimizer has its weights checked and restored too.
func TestBadUpdateOfOtherOptimizerIsUndone(t *testing.T) {
	m, err := NewSequential(2, NewLinear(2, 2))
	require.NoError(t, err)
	m.Init(NewRNG(1), KaimingUniform{}, nil)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: &plainSGD{Groups(m.Params(), math.Inf(1), 0, true)}, BatchSize: 4, Epochs: 1}
	before := snapshotTrainer(t, tr)
	_, _, err = tr.TrainBatch(xorBatch(t))
	nf := requireNonFinite(t, err)
	assert.Equal(t, QuantityWeight, nf.Quantity)
	assert.Equal(t, "0.weight", nf.Param)
	assert.Equal(t, before, snapshotTrainer(t, tr))
}

// A non-finite optimizer buffer is caught even when the weights stay
// finite: an Adam second moment of +Inf (set by hand) stays +Inf and makes
// its weight's update m/Inf = 0.
func TestNonFiniteOptimizerStateIsNamed(t *testing.T) {
	m, err := NewSequential(2, NewLinear(2, 2))
	require.NoError(t, err)
	m.Init(NewRNG(1), KaimingUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 1}
	opt.bufs["exp_avg_sq"][1][1] = float32(math.Inf(1))
	before := snapshotTrainer(t, tr)
	_, _, err = tr.TrainBatch(xorBatch(t))
	nf := requireNonFinite(t, err)
	assert.Equal(t, &NonFiniteError{Quantity: QuantityOptimizerState, Layer: 0, LayerType: "Linear", Param: "0.bias", Buffer: "exp_avg_sq", Index: 1, Value: math.Inf(1)}, nf)
	assert.Equal(t, "nn: the optimizer's exp_avg_sq of 0.bias (layer 0, Linear) would become +Inf at element 1; the update was not applied", err.Error())
	assert.Equal(t, before, snapshotTrainer(t, tr))
}

func TestAllFinite(t *testing.T) {
	for n := range 70 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i) - 30
		}
		require.True(t, allFinite(x))
		for i := range x {
			for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
				old := x[i]
				x[i] = bad
				require.False(t, allFinite(x), "n %d, element %d = %v", n, i, bad)
				require.Equal(t, i, firstNonFinite(x))
				x[i] = old
			}
			old := x[i]
			x[i] = math.MaxFloat32 // its square overflows, it is finite
			require.True(t, allFinite(x))
			x[i] = old
		}
	}
	require.True(t, finite32(math.MaxFloat32))
	require.False(t, finite32(math.Nextafter(math.MaxFloat32, math.Inf(1))))
	require.False(t, finite32(math.NaN()))
}

// The guarded update (backed up and checked block by block) gives the
// same bits as the plain one, for every optimizer, on a parameter with a
// ragged tail, on one thread and on several.
func TestGuardedStepMatchesPlainStep(t *testing.T) {
	n := 2*parallelMin + 1027
	optims := map[string]func([]*ParamGroup) (Optimizer, error){
		"Adam":  func(g []*ParamGroup) (Optimizer, error) { return NewAdam(g, DefaultAdamConfig()) },
		"AdamW": func(g []*ParamGroup) (Optimizer, error) { return NewAdamW(g, DefaultAdamConfig()) },
		"AMSGrad": func(g []*ParamGroup) (Optimizer, error) {
			return NewAdam(g, AdamConfig{Beta1: 0.9, Beta2: 0.99, Eps: 1e-8, AMSGrad: true})
		},
		"SGD": func(g []*ParamGroup) (Optimizer, error) {
			return NewSGD(g, SGDConfig{Momentum: 0.9, Nesterov: true})
		},
		"RMSprop": func(g []*ParamGroup) (Optimizer, error) {
			return NewRMSprop(g, RMSpropConfig{Alpha: 0.9, Eps: 1e-8, Momentum: 0.5})
		},
		"Adagrad": func(g []*ParamGroup) (Optimizer, error) { return NewAdagrad(g, DefaultAdagradConfig()) },
	}
	rng := NewRNG(9)
	w0, g0 := make([]float32, n), make([]float32, n)
	for i := range w0 {
		w0[i], g0[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
	}
	for _, name := range slices.Sorted(maps.Keys(optims)) {
		for _, threads := range []int{1, 3} {
			var weights [2][]float32
			for k, guarded := range []bool{false, true} {
				p := newParam("weight", KindWeight, n)
				copy(p.Value.Data, w0)
				copy(p.Grad.Data, g0)
				opt, err := optims[name]([]*ParamGroup{{Params: []*Param{p}, LR: 0.01, WeightDecay: 0.01}})
				require.NoError(t, err)
				opt.(interface{ SetThreads(int) }).SetThreads(threads)
				for range 3 {
					if guarded {
						opt.(guardedOptimizer).armGuard()
					}
					opt.Step()
					if guarded {
						require.False(t, opt.(guardedOptimizer).disarmGuard())
					}
				}
				weights[k] = p.Value.Data
			}
			require.Equal(t, bits(weights[0]), bits(weights[1]), "%s, %d threads", name, threads)
		}
	}
}
