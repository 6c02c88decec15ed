package nn

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

// blobs returns n samples of f features in k classes: class centres
// N(0, 4) and unit-variance noise, from a fixed seed.
func blobs(t *testing.T, n, f, k int, seed uint64) *data.Dataset {
	rng := NewRNG(seed)
	centres := make([]float64, k*f)
	for i := range centres {
		centres[i] = 2 * rng.NormFloat64()
	}
	x := make([]float32, n*f)
	y := make([]int, n)
	for i := range n {
		y[i] = rng.IntN(k)
		for j := range f {
			x[i*f+j] = float32(centres[y[i]*f+j] + rng.NormFloat64())
		}
	}
	d, err := data.NewClassification(x, f, y, k)
	require.NoError(t, err)
	return d
}

// TestOverfit64 memorises 64 random samples with random labels: only a
// working forward, backward and optimizer reach near-zero loss.
func TestOverfit64(t *testing.T) {
	rng := NewRNG(4)
	x := make([]float32, 64*10)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]int, 64)
	for i := range y {
		y[i] = rng.IntN(4)
	}
	ds, err := data.NewClassification(x, 10, y, 4)
	require.NoError(t, err)
	m, err := NewSequential(10, NewLinear(10, 64), NewReLU(), NewLinear(64, 64), NewTanh(), NewLinear(64, 4))
	require.NoError(t, err)
	m.Init(rng, HeUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 200, RNG: rng}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	met, err := Evaluate(m, NewCrossEntropyLoss(), ds, 64)
	require.NoError(t, err)
	require.Equal(t, 1.0, met.Accuracy)
	require.Less(t, met.Loss, 1e-3)
}

// richTrainer builds a run that uses every stateful part: dropout,
// batch norm, shuffling, AdamW with groups, a warm-up and an epoch
// schedule, L1/L2 penalties, clipping and health tracking.
func richTrainer(t *testing.T, threads int) *Trainer {
	m, err := NewSequential(8, NewLinear(8, 32), NewBatchNorm1d(32), NewReLU(), NewDropout(0.2),
		NewLinear(32, 16), NewLeakyReLU(0.01), NewLinear(16, 3))
	require.NoError(t, err)
	m.Init(NewRNG(5), KaimingNormal{}, nil)
	m.SetRNG(NewRNG(6))
	m.SetThreads(threads)
	opt, err := NewAdamW(Groups(m.Params(), 0.01, 0.01, false), DefaultAdamConfig())
	require.NoError(t, err)
	opt.SetThreads(threads)
	warm, err := NewLinearLR(opt, 0.1, 1, 10)
	require.NoError(t, err)
	cos, err := NewCosineAnnealingLR(opt, 4, 1e-4)
	require.NoError(t, err)
	return &Trainer{Model: m, Loss: &CrossEntropyLoss{LabelSmoothing: 0.05}, Optimizer: opt,
		BatchSize: 24, Epochs: 4, RNG: NewRNG(7),
		Callbacks: []Callback{NewLRSchedulerPerStep(warm), NewLRScheduler(cos)},
		Penalty:   Penalty{L1: 1e-5, L2: 1e-4}, ClipNorm: 1, TrackHealth: true}
}

func weights(m *Sequential) map[string][]float32 {
	out := map[string][]float32{}
	for k, v := range m.StateDict() {
		out[k] = append([]float32(nil), v.Data...)
	}
	return out
}

// TestDeterministicAcrossThreads trains the same run with GOMAXPROCS 1 and
// 2 (and 1 and 2 threads) and requires bit-identical weights.
func TestDeterministicAcrossThreads(t *testing.T) {
	ds := blobs(t, 200, 8, 3, 1)
	val := blobs(t, 50, 8, 3, 2)
	run := func(procs, threads int) map[string][]float32 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		tr := richTrainer(t, threads)
		require.NoError(t, tr.Fit(context.Background(), ds, val))
		return weights(tr.Model)
	}
	a := run(1, 1)
	require.Equal(t, a, run(2, 2))
	require.Equal(t, a, run(2, 0))
}

// TestResumeBitIdentical interrupts a run in the middle of epoch 2, saves
// the model's state_dict and the Trainer's State (through the string
// encoding a checkpoint header uses), restores both into a fresh run, and
// requires the final weights to equal an uninterrupted run's bit for bit.
func TestResumeBitIdentical(t *testing.T) {
	ds := blobs(t, 200, 8, 3, 1)
	val := blobs(t, 50, 8, 3, 2)
	full := richTrainer(t, 0)
	require.NoError(t, full.Fit(context.Background(), ds, val))

	first := richTrainer(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.Epoch == 2 && s.Step == 3 {
			cancel()
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, ds, val), context.Canceled)
	require.Equal(t, 1, first.Epoch())
	saved := first.Export()
	sd := weights(first.Model)
	// Through strings, as a checkpoint stores scalars and words.
	restored := NewState()
	restored.Tensors = saved.Tensors
	require.NoError(t, restored.ParseStrings(saved.Strings()))

	second := richTrainer(t, 0)
	require.NoError(t, second.Model.LoadStateDict(sd))
	require.NoError(t, second.Import(restored))
	require.NoError(t, second.Fit(context.Background(), ds, val))
	require.Equal(t, weights(full.Model), weights(second.Model))
	require.Equal(t, full.GlobalStep(), second.GlobalStep())
}

func TestHealthStats(t *testing.T) {
	ds := blobs(t, 100, 8, 3, 1)
	tr := richTrainer(t, 0)
	tr.Epochs = 1
	var info EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { info = *e; return nil }))
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Len(t, info.Stats, 7)
	lin := info.Stats[0]
	require.Equal(t, "Linear", lin.Type)
	require.InDelta(t, norm(tr.Model.Params()[0].Value.Data), lin.WeightNorm, 0)
	require.Greater(t, lin.GradNorm, 0.0)
	require.Greater(t, info.MeanGradNorm, 0.0)
	relu := info.Stats[2]
	require.True(t, relu.HasDead)
	require.GreaterOrEqual(t, relu.Dead, 0.0)
	require.Less(t, relu.Dead, 0.5)
	require.False(t, info.Stats[5].HasDead, "LeakyReLU units cannot die")

	// A ReLU fed only negative numbers is entirely dead.
	m, err := NewSequential(2, NewLinear(2, 3), NewReLU())
	require.NoError(t, err)
	m.Init(NewRNG(1), Constant{Value: -1}, nil)
	m.SetTrackHealth(true)
	m.Forward(FromSlice([]float32{1, 2, 3, 4}, 2, 2))
	st := m.Stats()
	require.Equal(t, 1.0, st[1].Dead)
}

func TestPenaltyAndClipping(t *testing.T) {
	w := oneParam(3, -4, 0)
	b := newParam("bias", KindBias, 1)
	b.Value.Data[0] = 10
	// L1: 0.1·(3+4+0) = 0.7; L2: 0.01·(9+16) = 0.25. Gradients:
	// 0.1·sign(w) + 0.02·w = (0.16, −0.18, 0); the bias is not penalised.
	got := Penalty{L1: 0.1, L2: 0.01}.Apply([]*Param{w, b})
	require.InDelta(t, 0.95, got, 1e-6)
	requireSlice(t, []float64{0.16, -0.18, 0}, w.Grad.Data, 1e-7, "penalty grad")
	require.Equal(t, float32(0), b.Grad.Data[0])

	// Global norm of (3, 4) and (12) is 13; clipping to 6.5 halves them
	// (torch.nn.utils.clip_grad_norm_ scales by max/(norm+1e-6)).
	copy(w.Grad.Data, []float32{3, 4, 0})
	b.Grad.Data[0] = 12
	n := ClipGradNorm([]*Param{w, b}, 6.5)
	require.Equal(t, 13.0, n)
	requireSlice(t, []float64{1.5, 2, 0}, w.Grad.Data, 1e-6, "clipped")
	require.InDelta(t, 6.5, GradNorm([]*Param{w, b}), 1e-5)
	// Below the limit nothing changes.
	require.InDelta(t, 6.5, ClipGradNorm([]*Param{w, b}, 100), 1e-5)
	requireSlice(t, []float64{1.5, 2, 0}, w.Grad.Data, 1e-6, "unclipped")
	ClipGradValue([]*Param{w, b}, 1.75)
	requireSlice(t, []float64{1.5, 1.75, 0}, w.Grad.Data, 1e-6, "clamped")
	require.Equal(t, float32(1.75), b.Grad.Data[0])
}

func TestEarlyStopping(t *testing.T) {
	// In a Trainer: a learning rate of 0 never improves the validation
	// loss, so training stops after the first epoch plus patience.
	ds := blobs(t, 40, 8, 3, 1)
	m, err := NewSequential(8, NewLinear(8, 3))
	require.NoError(t, err)
	m.Init(NewRNG(1), XavierUniform{}, nil)
	opt, err := NewSGD(Groups(m.Params(), 0, 0, false), SGDConfig{})
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 8, Epochs: 50,
		RNG: NewRNG(1), Callbacks: []Callback{NewEarlyStopping(3)}}
	epochs := 0
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { epochs = e.Epoch; return nil }))
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.Equal(t, 4, epochs)
}

func TestStateStrings(t *testing.T) {
	s := NewState()
	s.setScalar("best", math.Inf(1))
	s.setScalar("lr", 0.1+0.2)
	s.setWord("rng.hi", math.MaxUint64)
	back := NewState()
	require.NoError(t, back.ParseStrings(s.Strings()))
	require.Equal(t, s.Scalars, back.Scalars)
	require.Equal(t, s.Words, back.Words)
	require.ErrorContains(t, back.ParseStrings(map[string]string{"x": "f:abc"}), `"x"`)
}

func TestFitErrors(t *testing.T) {
	ds := blobs(t, 10, 8, 3, 1)
	tr := richTrainer(t, 0)
	tr.BatchSize = 0
	require.ErrorContains(t, tr.Fit(context.Background(), ds, nil), "batch size")
	tr = richTrainer(t, 0)
	require.ErrorContains(t, tr.Fit(context.Background(), blobs(t, 10, 5, 3, 1), nil), "5 features, the model takes 8")
	require.EqualError(t, tr.Fit(context.Background(), nil, nil), "nn: Fit needs a training set (got nil)")
	// An optimizer built on another model's parameters would train nothing.
	tr.Optimizer = richTrainer(t, 0).Optimizer
	require.EqualError(t, tr.Fit(context.Background(), ds, nil), `nn: the Optimizer's parameter "0.weight" is not one of the Model's; build the optimizer on Model.Params()`)
}

// TestEvaluateReductions: the per-sample loss Evaluate reports is the same
// for mean- and sum-reduced losses, with batches of unequal size.
func TestEvaluateReductions(t *testing.T) {
	ds := blobs(t, 50, 8, 3, 3)
	m, err := NewSequential(8, NewLinear(8, 3))
	require.NoError(t, err)
	m.Init(NewRNG(1), XavierUniform{}, nil)
	mean, err := Evaluate(m, NewCrossEntropyLoss(), ds, 16)
	require.NoError(t, err)
	sum, err := Evaluate(m, &CrossEntropyLoss{Reduction: Sum}, ds, 16)
	require.NoError(t, err)
	require.InDelta(t, mean.Loss, sum.Loss, 1e-6)
	whole, err := Evaluate(m, NewCrossEntropyLoss(), ds, 50)
	require.NoError(t, err)
	require.InDelta(t, whole.Loss, mean.Loss, 1e-6)
	require.Equal(t, whole.Accuracy, mean.Accuracy)
}
