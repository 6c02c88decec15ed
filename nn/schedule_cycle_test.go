package nn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// OneCycleLR refuses what PyTorch refuses, a phase without steps (where
// PyTorch divides by zero), rates that are not finite numbers > 0, and
// cycle_momentum, which brawn's optimizers cannot follow.
func TestOneCycleLRRefusesBadArguments(t *testing.T) {
	for _, c := range []struct {
		edit func(*OneCycleLRConfig)
		want string
	}{
		{func(c *OneCycleLRConfig) { c.CycleMomentum = true }, "nn: OneCycleLR cycle_momentum is not supported: brawn's optimizers hold momentum and beta1 fixed; set CycleMomentum false (PyTorch's OneCycleLR(..., cycle_momentum=False) is the same schedule)"},
		{func(c *OneCycleLRConfig) { c.TotalSteps = 0 }, "nn: OneCycleLR needs total_steps, or epochs (0) and steps_per_epoch (0) both positive"},
		{func(c *OneCycleLRConfig) { c.TotalSteps, c.Epochs = 0, 3 }, "nn: OneCycleLR needs total_steps, or epochs (3) and steps_per_epoch (0) both positive"},
		{func(c *OneCycleLRConfig) { c.TotalSteps = -1 }, "nn: OneCycleLR total_steps -1 must be positive"},
		{func(c *OneCycleLRConfig) { c.PctStart = 1.5 }, "nn: OneCycleLR pct_start 1.5 must be in [0, 1]"},
		{func(c *OneCycleLRConfig) { c.PctStart = math.NaN() }, "nn: OneCycleLR pct_start NaN must be in [0, 1]"},
		{func(c *OneCycleLRConfig) { c.AnnealStrategy = "cosine" }, `nn: OneCycleLR anneal_strategy "cosine" must be "cos" or "linear"`},
		{func(c *OneCycleLRConfig) { c.MaxLR = 0 }, "nn: OneCycleLR max_lr 0 must be a finite number > 0"},
		{func(c *OneCycleLRConfig) { c.DivFactor = math.Inf(1) }, "nn: OneCycleLR div_factor +Inf must be a finite number > 0"},
		{func(c *OneCycleLRConfig) { c.FinalDivFactor = -1 }, "nn: OneCycleLR final_div_factor -1 must be a finite number > 0"},
		{func(c *OneCycleLRConfig) { c.TotalSteps, c.PctStart = 10, 0.1 }, "nn: OneCycleLR phase 1 of 2 would have no steps (pct_start 0.1 of total_steps 10): PyTorch divides by zero there; choose another pct_start or total_steps"},
		{func(c *OneCycleLRConfig) { c.PctStart = 1 }, "nn: OneCycleLR phase 2 of 2 would have no steps (pct_start 1 of total_steps 20)"},
		{func(c *OneCycleLRConfig) { c.ThreePhase, c.TotalSteps, c.PctStart = true, 2, 0.75 }, "nn: OneCycleLR phase 3 of 3 would have no steps (pct_start 0.75 of total_steps 2)"},
	} {
		cfg := DefaultOneCycleLRConfig(0.1, 20)
		c.edit(&cfg)
		_, err := NewOneCycleLR(sgdAt(t, 1), cfg)
		require.ErrorContains(t, err, c.want, "%+v", cfg)
	}
	for _, c := range []struct {
		t0, mult int
		want     string
	}{{0, 1, "T_0 0 must be at least 1"}, {3, 0, "T_mult 0 must be at least 1"}} {
		_, err := NewCosineAnnealingWarmRestarts(sgdAt(t, 1), c.t0, c.mult, 0)
		require.ErrorContains(t, err, c.want)
	}
}

// A OneCycleLR stepped per batch over more steps than its cycle stops Fit
// at the step past its end, as PyTorch's step raises; one of exactly the
// run's steps trains to the end, each step at the rate of its number,
// the last one at the cycle's lowest.
func TestOneCycleLRStepsPerBatchInFit(t *testing.T) {
	train := blobs(t, 40, 8, 3, 1) // 4 steps of 10 an epoch
	fit := func(totalSteps int) ([]float64, error) {
		m := distModel(t, 3, false)
		opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{Momentum: 0.9})
		require.NoError(t, err)
		s, err := NewOneCycleLR(opt, DefaultOneCycleLRConfig(0.1, totalSteps))
		require.NoError(t, err)
		var used []float64
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 10, Epochs: 3, RNG: NewRNG(1)}
		tr.Callbacks = []Callback{&hooks{step: func(s *StepInfo) error { used = append(used, s.LR); return nil }}}
		tr.Callbacks = append([]Callback{NewLRSchedulerPerStep(s)}, tr.Callbacks...)
		err = tr.Fit(context.Background(), train, nil)
		return used, err
	}
	used, err := fit(12)
	require.NoError(t, err)
	require.Len(t, used, 12)
	o := sgdAt(t, 1)
	want := lrs(o, must1(NewOneCycleLR(o, DefaultOneCycleLRConfig(0.1, 12))), 11)
	require.Equal(t, want, used, "each step at the rate of its step number")

	_, err = fit(10)
	require.ErrorContains(t, err, "OnStepEnd in epoch 3 at global step 11: nn: OneCycleLR was stepped 11 times, beyond its total_steps 10 (PyTorch raises ValueError); give a cycle of as many steps as the run has")
}

func must1[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A schedule exported in the middle of its cycle and imported into a new
// one continues the same rates (the position is last_epoch alone).
func TestCycleSchedulesResume(t *testing.T) {
	for _, build := range []func(o Optimizer) Scheduler{
		func(o Optimizer) Scheduler { return must1(NewOneCycleLR(o, DefaultOneCycleLRConfig(0.2, 30))) },
		func(o Optimizer) Scheduler {
			c := DefaultOneCycleLRConfig(0.2, 30)
			c.ThreePhase, c.AnnealStrategy = true, "linear"
			return must1(NewOneCycleLR(o, c))
		},
		func(o Optimizer) Scheduler { return must1(NewCosineAnnealingWarmRestarts(o, 3, 2, 1e-3)) },
	} {
		o := sgdAt(t, 0.1)
		whole := lrs(o, build(o), 29)
		a := sgdAt(t, 0.1)
		s := build(a)
		for range 13 {
			s.Step(0)
		}
		st, ost := s.Export(), a.Export()
		b := sgdAt(t, 0.1)
		r := build(b)
		require.NoError(t, r.Import(st))
		require.NoError(t, b.Import(ost))
		rest := []float64{b.Groups()[0].LR}
		for range 16 {
			r.Step(0)
			rest = append(rest, b.Groups()[0].LR)
		}
		require.Equal(t, whole[13:], rest, r.Name())
	}
}
