package nn

import (
	"fmt"
	"math"
	"slices"
)

// Scheduler changes the learning rates of an optimizer's groups as
// torch.optim.lr_scheduler does. Construction performs PyTorch's initial
// step (last_epoch becomes 0 and the epoch-0 rate is set); each Step then
// advances last_epoch by one and sets the rates for it, in PyTorch's
// chainable form (each rate computed from the group's current rate), so
// several schedulers on one optimizer compose as in PyTorch; OneCycleLR and
// CosineAnnealingWarmRestarts, which PyTorch computes from the step alone,
// replace the rate instead. Call Step once
// per epoch after the epoch's optimizer steps (or once per optimizer step
// for schedules counted in steps, such as a warm-up). The constructors
// (NewStepLR, ..., NewReduceLROnPlateau) panic if the optimizer is nil.
type Scheduler interface {
	// Step advances one epoch; metric is used by ReduceLROnPlateau only.
	Step(metric float64)
	// LastEpoch returns PyTorch's last_epoch (0 after construction).
	LastEpoch() int
	// Export saves the schedule's state (last_epoch, base rates, plateau
	// counters) and its hyperparameters (T_max, gamma, ...); the groups'
	// current rates belong to the optimizer's state.
	Export() *State
	// Import restores the state Export saved; a hyperparameter that
	// differs from the schedule's is an error naming both values.
	Import(*State) error
	// Name returns the PyTorch class name ("StepLR", ...).
	Name() string
}

// schedBase is the shared part: the optimizer's groups, base_lrs and
// last_epoch, and the rule giving the new rate of group i.
type schedBase struct {
	groups    []*ParamGroup
	baseLRs   []float64
	lastEpoch int
	rule      func(i int, lr float64) float64
	name      string
	params    func() []schedParam // the hyperparameters Export records
}

// start takes opt's groups and sets their epoch-0 rates by rule. It
// panics, naming the schedule, if opt is nil.
func (s *schedBase) start(name string, opt Optimizer, rule func(i int, lr float64) float64) {
	s.groups = groupsOf(name, opt)
	s.name = name
	s.baseLRs = make([]float64, len(s.groups))
	for i, g := range s.groups {
		if g.InitialLR == 0 {
			g.InitialLR = g.LR
		}
		s.baseLRs[i] = g.InitialLR
	}
	s.rule = rule
	s.apply()
}

// groupsOf returns opt's groups for the schedule called name, and panics
// with a message naming it if opt is nil.
func groupsOf(name string, opt Optimizer) []*ParamGroup {
	if opt == nil {
		panic("nn.New" + name + ": nil optimizer")
	}
	return opt.Groups()
}

// paramGroups returns the groups whose rates the schedule sets.
func (s *schedBase) paramGroups() []*ParamGroup { return s.groups }

func (s *schedBase) apply() {
	for i, g := range s.groups {
		g.LR = s.rule(i, g.LR)
	}
}

// Step implements Scheduler.
func (s *schedBase) Step(float64) {
	s.lastEpoch++
	s.apply()
}

// LastEpoch implements Scheduler.
func (s *schedBase) LastEpoch() int { return s.lastEpoch }

// Export implements Scheduler: "last_epoch", "base_lr.<i>" and the
// schedule's hyperparameters under PyTorch's names ("T_max", "eta_min",
// "step_size", "gamma", "milestones.len" and "milestones.<i>", "factor",
// "start_factor", "end_factor", "total_iters", "T_0", "T_mult",
// "max_lr", "total_steps", "pct_start", "anneal_strategy" (0 "cos", 1
// "linear"), "div_factor", "final_div_factor", "three_phase" (0 or 1)).
func (s *schedBase) Export() *State {
	st := NewState()
	st.setScalar("last_epoch", float64(s.lastEpoch))
	for i, b := range s.baseLRs {
		st.setScalar(fmt.Sprintf("base_lr.%d", i), b)
	}
	if s.params != nil {
		exportParams(st, s.params())
	}
	return st
}

// Import implements Scheduler. "last_epoch" must be an integer in
// [0, 2^53) and each "base_lr.<i>" finite and >= 0, else it returns a
// *StateError and changes nothing. A hyperparameter in st that differs
// from the schedule's (a CosineAnnealingLR saved with T_max 2 imported
// into one with T_max 4) is an error naming both values; a state
// without it (saved before schedules exported them) is accepted.
func (s *schedBase) Import(st *State) error {
	le, err := st.count("last_epoch")
	if err != nil {
		return err
	}
	if s.params != nil {
		if err := checkParams(s.name, st, s.params()); err != nil {
			return err
		}
	}
	base := make([]float64, len(s.baseLRs))
	for i := range base {
		if base[i], err = st.rate(fmt.Sprintf("base_lr.%d", i)); err != nil {
			return err
		}
	}
	copy(s.baseLRs, base)
	s.lastEpoch = le
	return nil
}

// ConstantLR is torch.optim.lr_scheduler.ConstantLR: the rate is multiplied
// by Factor until last_epoch reaches TotalIters, then restored. Factor 1
// keeps the rate constant (the "constant" schedule).
type ConstantLR struct {
	schedBase
	Factor     float64 // multiplier of the rate, in (0, 1]
	TotalIters int     // Steps (epochs, or optimizer steps with IntervalStep) before the rate is restored
}

// NewConstantLR returns a ConstantLR (PyTorch defaults: factor 1/3,
// total_iters 5). It returns an error, and no schedule, for a factor
// outside (0, 1], and panics if opt is nil.
func NewConstantLR(opt Optimizer, factor float64, totalIters int) (*ConstantLR, error) {
	if !(factor > 0 && factor <= 1) { // NaN too
		return nil, fmt.Errorf("nn: ConstantLR factor %g must be in (0, 1]", factor)
	}
	s := &ConstantLR{Factor: factor, TotalIters: totalIters}
	s.params = func() []schedParam {
		return []schedParam{one("factor", s.Factor), one("total_iters", float64(s.TotalIters))}
	}
	s.start("ConstantLR", opt, func(_ int, lr float64) float64 {
		switch {
		case s.lastEpoch == 0:
			return lr * s.Factor
		case s.lastEpoch != s.TotalIters:
			return lr
		}
		return lr * (1 / s.Factor)
	})
	return s, nil
}

// Name implements Scheduler.
func (s *ConstantLR) Name() string { return "ConstantLR" }

// StepLR is torch.optim.lr_scheduler.StepLR: the rate is multiplied by
// Gamma every StepSize epochs (lr = base·γ^⌊epoch/StepSize⌋).
type StepLR struct {
	schedBase
	StepSize int     // Steps (epochs, or optimizer steps with IntervalStep) between decays; >= 1
	Gamma    float64 // multiplier of the rate at each decay
}

// NewStepLR returns a StepLR (PyTorch's default gamma is 0.1). It returns
// an error, and no schedule, for a stepSize below 1, and panics if opt is
// nil.
func NewStepLR(opt Optimizer, stepSize int, gamma float64) (*StepLR, error) {
	if stepSize < 1 {
		return nil, fmt.Errorf("nn: StepLR step size %d must be at least 1", stepSize)
	}
	s := &StepLR{StepSize: stepSize, Gamma: gamma}
	s.params = func() []schedParam { return []schedParam{one("step_size", float64(s.StepSize)), one("gamma", s.Gamma)} }
	s.start("StepLR", opt, func(_ int, lr float64) float64 {
		if s.lastEpoch == 0 || s.lastEpoch%s.StepSize != 0 {
			return lr
		}
		return lr * s.Gamma
	})
	return s, nil
}

// Name implements Scheduler.
func (s *StepLR) Name() string { return "StepLR" }

// MultiStepLR is torch.optim.lr_scheduler.MultiStepLR: the rate is
// multiplied by Gamma at each milestone epoch (by Gamma^k for a milestone
// listed k times).
type MultiStepLR struct {
	schedBase
	Milestones []int   // Step counts (epochs, or optimizer steps with IntervalStep) at which to decay, sorted
	Gamma      float64 // multiplier of the rate at each milestone
}

// NewMultiStepLR returns a MultiStepLR (PyTorch's default gamma is 0.1),
// its milestones a sorted copy of milestones. Any milestones and gamma are
// accepted, as PyTorch accepts them, so the error is always nil. It panics
// if opt is nil.
func NewMultiStepLR(opt Optimizer, milestones []int, gamma float64) (*MultiStepLR, error) {
	ms := slices.Clone(milestones)
	slices.Sort(ms)
	s := &MultiStepLR{Milestones: ms, Gamma: gamma}
	s.params = func() []schedParam { return []schedParam{ints("milestones", s.Milestones), one("gamma", s.Gamma)} }
	s.start("MultiStepLR", opt, func(_ int, lr float64) float64 {
		k := 0
		for _, m := range s.Milestones {
			if m == s.lastEpoch {
				k++
			}
		}
		if k == 0 {
			return lr
		}
		return lr * math.Pow(s.Gamma, float64(k))
	})
	return s, nil
}

// Name implements Scheduler.
func (s *MultiStepLR) Name() string { return "MultiStepLR" }

// ExponentialLR is torch.optim.lr_scheduler.ExponentialLR: the rate is
// multiplied by Gamma every epoch.
type ExponentialLR struct {
	schedBase
	Gamma float64 // multiplier of the rate at every Step
}

// NewExponentialLR returns an ExponentialLR. It panics if opt is nil.
func NewExponentialLR(opt Optimizer, gamma float64) *ExponentialLR {
	s := &ExponentialLR{Gamma: gamma}
	s.params = func() []schedParam { return []schedParam{one("gamma", s.Gamma)} }
	s.start("ExponentialLR", opt, func(_ int, lr float64) float64 {
		if s.lastEpoch == 0 {
			return lr
		}
		return lr * s.Gamma
	})
	return s
}

// Name implements Scheduler.
func (s *ExponentialLR) Name() string { return "ExponentialLR" }

// CosineAnnealingLR is torch.optim.lr_scheduler.CosineAnnealingLR
// (Loshchilov & Hutter 2017, SGDR without restarts): the rate follows
// η_min + (base−η_min)(1+cos(π·epoch/TMax))/2, computed in PyTorch's
// recursive form. Past TMax the rate rises again along the cosine (period
// 2·TMax), as PyTorch's does; it is not held at η_min. To train longer on
// one descent, give the total number of epochs as TMax, or extend it with
// SetTMax.
type CosineAnnealingLR struct {
	schedBase
	TMax   int     // half-period in Steps (epochs, or optimizer steps with IntervalStep); mid-run, use SetTMax
	EtaMin float64 // the lowest rate, reached at TMax
}

// NewCosineAnnealingLR returns a CosineAnnealingLR over tMax epochs down to
// etaMin (PyTorch's default 0). It returns an error, and no schedule, for
// a tMax below 1, and panics if opt is nil.
func NewCosineAnnealingLR(opt Optimizer, tMax int, etaMin float64) (*CosineAnnealingLR, error) {
	if tMax < 1 {
		return nil, fmt.Errorf("nn: CosineAnnealingLR T_max %d must be at least 1", tMax)
	}
	s := &CosineAnnealingLR{TMax: tMax, EtaMin: etaMin}
	s.params = func() []schedParam {
		tMax := one("T_max", float64(s.TMax))
		tMax.hint = " (SetTMax, after Import, changes the horizon of a resumed run)"
		return []schedParam{tMax, one("eta_min", s.EtaMin)}
	}
	s.start("CosineAnnealingLR", opt, func(i int, lr float64) float64 {
		e, T := s.lastEpoch, s.TMax
		switch {
		case e == 0:
			return lr
		case pyMod(e-1-T, 2*T) == 0:
			return lr + (s.baseLRs[i]-s.EtaMin)*(1-math.Cos(math.Pi/float64(T)))/2
		}
		return float64((1+math.Cos(math.Pi*float64(e)/float64(T)))/
			(1+math.Cos(math.Pi*float64(e-1)/float64(T)))*(lr-s.EtaMin)) + s.EtaMin
	})
	return s, nil
}

// Name implements Scheduler.
func (s *CosineAnnealingLR) Name() string { return "CosineAnnealingLR" }

// SetTMax changes the schedule's horizon to tMax epochs in the middle of a
// run (to extend a resumed run), as if it had been tMax from the start:
// with f(e, T) = (1+cos(π·e/T))/2 and e the last epoch, each group's rate
// r becomes η_min + (r−η_min)·f(e, tMax)/f(e, TMax). That is the rate the
// schedule gives at e with tMax when it alone sets the rate, and it keeps
// the factor of a multiplicative schedule chained with it (a warm-up).
// Where f(e, TMax) is 0 the rate is η_min and no longer carries that
// factor, so chained gives it: the product of the factors the other
// schedules have applied so far (LinearLR.Factor for a warm-up; 1 when
// none), and the rate becomes η_min + (base·chained−η_min)·f(e, tMax).
// Later Steps follow the new cosine. Assigning TMax instead would make
// PyTorch's recursive form, which computes each rate from the last,
// continue from a rate of the old horizon (from η_min it would stay
// there). It returns an error, changing nothing, if tMax is below 1 or
// chained is not a positive finite number.
func (s *CosineAnnealingLR) SetTMax(tMax int, chained float64) error {
	if tMax < 1 {
		return fmt.Errorf("nn: CosineAnnealingLR T_max %d must be at least 1", tMax)
	}
	if !(chained > 0) || math.IsInf(chained, 0) {
		return fmt.Errorf("nn: CosineAnnealingLR.SetTMax: chained factor %g must be positive and finite", chained)
	}
	f := func(T int) float64 { return (1 + math.Cos(math.Pi*float64(s.lastEpoch)/float64(T))) / 2 }
	old, now := f(s.TMax), f(tMax)
	for i, g := range s.groups {
		if old < 1e-12 {
			g.LR = s.EtaMin + float64((float64(s.baseLRs[i]*chained)-s.EtaMin)*now) // unfused: see nn/doc.go
		} else {
			g.LR = s.EtaMin + (g.LR-s.EtaMin)*now/old
		}
	}
	s.TMax = tMax
	return nil
}

// pyMod is Python's a % m for m > 0 (never negative).
func pyMod(a, m int) int { return ((a % m) + m) % m }

// LinearLR is torch.optim.lr_scheduler.LinearLR, the linear warm-up: the
// rate's factor goes linearly from StartFactor (at last_epoch 0) to
// EndFactor (at TotalIters) and stays there. Step it per optimizer step
// (NewLRSchedulerPerStep) for a warm-up counted in steps.
type LinearLR struct {
	schedBase
	// StartFactor, in (0, 1], and EndFactor, in [0, 1], multiply the base
	// rate at the first and the last Step of the ramp.
	StartFactor, EndFactor float64
	TotalIters             int // Steps the ramp lasts (epochs, or optimizer steps with IntervalStep); >= 1
}

// NewLinearLR returns a LinearLR (PyTorch defaults: start 1/3, end 1,
// total_iters 5). It returns an error, and no schedule, for a startFactor
// outside (0, 1] or an endFactor outside [0, 1], or a
// totalIters below 1, and panics if opt is nil.
func NewLinearLR(opt Optimizer, startFactor, endFactor float64, totalIters int) (*LinearLR, error) {
	if !(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1) { // NaN too
		return nil, fmt.Errorf("nn: LinearLR factors (%g, %g): start must be in (0, 1], end in [0, 1]", startFactor, endFactor)
	}
	if totalIters < 1 {
		return nil, fmt.Errorf("nn: LinearLR total_iters %d must be at least 1", totalIters)
	}
	s := &LinearLR{StartFactor: startFactor, EndFactor: endFactor, TotalIters: totalIters}
	s.params = func() []schedParam {
		return []schedParam{one("start_factor", s.StartFactor), one("end_factor", s.EndFactor), one("total_iters", float64(s.TotalIters))}
	}
	s.start("LinearLR", opt, func(_ int, lr float64) float64 {
		switch {
		case s.lastEpoch == 0:
			return lr * s.StartFactor
		case s.lastEpoch > s.TotalIters:
			return lr
		}
		d := s.EndFactor - s.StartFactor
		return lr * (1 + d/(float64(float64(s.TotalIters)*s.StartFactor)+float64(float64(s.lastEpoch-1)*d))) // unfused: see nn/doc.go
	})
	return s, nil
}

// Name implements Scheduler.
func (s *LinearLR) Name() string { return "LinearLR" }

// Factor returns the factor by which the LinearLR has multiplied the rate
// so far: StartFactor + (EndFactor−StartFactor)·min(last_epoch,
// TotalIters)/TotalIters (PyTorch's closed form).
func (s *LinearLR) Factor() float64 {
	k := min(s.lastEpoch, s.TotalIters)
	return s.StartFactor + (s.EndFactor-s.StartFactor)*float64(k)/float64(s.TotalIters)
}
