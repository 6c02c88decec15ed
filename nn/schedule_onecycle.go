package nn

import (
	"errors"
	"fmt"
	"math"
)

// OneCycleLRConfig holds torch.optim.lr_scheduler.OneCycleLR's arguments,
// under PyTorch's names; DefaultOneCycleLRConfig gives PyTorch's defaults.
type OneCycleLRConfig struct {
	MaxLR float64 // max_lr: the peak rate, of every group; finite and > 0
	// TotalSteps is total_steps, the optimizer steps of the cycle; 0
	// takes Epochs × StepsPerEpoch instead (PyTorch's epochs and
	// steps_per_epoch).
	TotalSteps            int
	Epochs, StepsPerEpoch int
	PctStart              float64 // pct_start: the fraction of the steps that rise to MaxLR, in [0, 1]; 0.3
	AnnealStrategy        string  // anneal_strategy: "cos" (the default) or "linear"
	DivFactor             float64 // div_factor: the first rate is MaxLR/DivFactor; 25
	FinalDivFactor        float64 // final_div_factor: the last rate is MaxLR/DivFactor/FinalDivFactor; 1e4
	// ThreePhase is three_phase: rise, fall back to the first rate, then
	// anneal to the last (Smith's schedule), instead of rise and anneal
	// (fast.ai's).
	ThreePhase bool
	// CycleMomentum is cycle_momentum, which PyTorch's OneCycleLR sets by
	// default: it moves the momentum (beta1) against the rate. brawn's
	// optimizers hold their momentum and beta1 fixed for the whole run, so
	// true is refused; compare with PyTorch's OneCycleLR(...,
	// cycle_momentum=False).
	CycleMomentum bool
}

// DefaultOneCycleLRConfig returns PyTorch's defaults for a cycle of
// totalSteps optimizer steps peaking at maxLR: pct_start 0.3, 'cos',
// div_factor 25, final_div_factor 1e4, two phases; cycle_momentum False
// (PyTorch's default is True, which brawn cannot do: see CycleMomentum).
func DefaultOneCycleLRConfig(maxLR float64, totalSteps int) OneCycleLRConfig {
	return OneCycleLRConfig{MaxLR: maxLR, TotalSteps: totalSteps, PctStart: 0.3, AnnealStrategy: "cos", DivFactor: 25, FinalDivFactor: 1e4}
}

// OneCycleLR is torch.optim.lr_scheduler.OneCycleLR (L. N. Smith and
// N. Topin, "Super-Convergence", 2017): the rate rises from
// MaxLR/DivFactor to MaxLR over the first PctStart of the steps, then
// anneals to MaxLR/DivFactor/FinalDivFactor, along a half cosine or a
// line; ThreePhase falls back to the first rate before the last
// annealing. It is counted in optimizer steps: step it after every one
// (NewLRSchedulerPerStep). Each rate is computed from the step alone, as
// in PyTorch, not from the group's current one: it replaces the rate
// another schedule sets rather than compose with it, and it sets each
// group's InitialLR to the first rate, as PyTorch sets initial_lr.
//
// The rate after the cycle's last step (last_epoch TotalSteps), which no
// step uses, is the cycle's last rate, MaxLR/DivFactor/FinalDivFactor,
// where PyTorch extends the last phase one step past its end (above that
// rate along the cosine, below it along a line: negative when the line is
// steep), which a checkpoint could not hold as a rate. Stepped more than
// TotalSteps times, it keeps the rate and its LRScheduler stops Fit with
// an error, as PyTorch's step raises ValueError. Where a phase would have no steps (PctStart·TotalSteps = 1,
// PctStart = 1, ...), PyTorch divides by zero when it enters it;
// NewOneCycleLR refuses such a cycle.
type OneCycleLR struct {
	schedBase
	Config OneCycleLRConfig // the arguments; TotalSteps is resolved (never 0)

	initialLR, minLR float64
	phases           []cyclePhase
	overrun          error // set once stepped past TotalSteps
}

// cyclePhase is one of _schedule_phases: it anneals from start to end by
// step endStep (a float, as PyTorch computes it).
type cyclePhase struct {
	endStep, start, end float64
}

// NewOneCycleLR returns a OneCycleLR on opt's groups. It returns an error,
// and no schedule, when the steps are not given (TotalSteps, or Epochs and
// StepsPerEpoch, positive), PctStart is outside [0, 1], AnnealStrategy is
// neither "cos" nor "linear", MaxLR, DivFactor or FinalDivFactor is not a
// finite number > 0, a phase would have no steps, or CycleMomentum is set;
// it panics if opt is nil.
func NewOneCycleLR(opt Optimizer, cfg OneCycleLRConfig) (*OneCycleLR, error) {
	if err := cfg.resolve(); err != nil {
		return nil, err
	}
	s := &OneCycleLR{Config: cfg}
	s.initialLR = cfg.MaxLR / cfg.DivFactor
	s.minLR = s.initialLR / cfg.FinalDivFactor
	T, lo, top, bottom := float64(cfg.TotalSteps), s.initialLR, cfg.MaxLR, s.minLR
	if cfg.ThreePhase {
		s.phases = []cyclePhase{
			{float64(cfg.PctStart*T) - 1, lo, top},
			{float64(2*cfg.PctStart*T) - 2, top, lo},
			{T - 1, lo, bottom},
		}
	} else {
		s.phases = []cyclePhase{
			{float64(cfg.PctStart*T) - 1, lo, top},
			{T - 1, top, bottom},
		}
	}
	start := 0.0
	for i, p := range s.phases {
		if p.endStep == start {
			return nil, fmt.Errorf("nn: OneCycleLR phase %d of %d would have no steps (pct_start %g of total_steps %d): PyTorch divides by zero there; choose another pct_start or total_steps",
				i+1, len(s.phases), cfg.PctStart, cfg.TotalSteps)
		}
		start = p.endStep
	}
	s.params = func() []schedParam {
		c := s.Config
		three := 0.0
		if c.ThreePhase {
			three = 1
		}
		return []schedParam{one("max_lr", c.MaxLR), one("total_steps", float64(c.TotalSteps)), one("pct_start", c.PctStart),
			choice("anneal_strategy", c.AnnealStrategy, "cos", "linear"), one("div_factor", c.DivFactor),
			one("final_div_factor", c.FinalDivFactor), one("three_phase", three)}
	}
	for _, g := range groupsOf("OneCycleLR", opt) {
		g.InitialLR = s.initialLR
	}
	s.start("OneCycleLR", opt, func(_ int, lr float64) float64 { return s.rate(lr) })
	return s, nil
}

// resolve checks cfg and sets TotalSteps from Epochs × StepsPerEpoch
// when it is 0.
func (cfg *OneCycleLRConfig) resolve() error {
	switch {
	case cfg.TotalSteps < 0:
		return fmt.Errorf("nn: OneCycleLR total_steps %d must be positive", cfg.TotalSteps)
	case cfg.TotalSteps == 0 && (cfg.Epochs <= 0 || cfg.StepsPerEpoch <= 0):
		return fmt.Errorf("nn: OneCycleLR needs total_steps, or epochs (%d) and steps_per_epoch (%d) both positive", cfg.Epochs, cfg.StepsPerEpoch)
	case cfg.TotalSteps == 0 && cfg.Epochs > math.MaxInt/cfg.StepsPerEpoch:
		return fmt.Errorf("nn: OneCycleLR epochs %d × steps_per_epoch %d overflows an int", cfg.Epochs, cfg.StepsPerEpoch)
	case !(cfg.PctStart >= 0 && cfg.PctStart <= 1):
		return fmt.Errorf("nn: OneCycleLR pct_start %g must be in [0, 1]", cfg.PctStart)
	case cfg.AnnealStrategy != "cos" && cfg.AnnealStrategy != "linear":
		return fmt.Errorf("nn: OneCycleLR anneal_strategy %q must be \"cos\" or \"linear\"", cfg.AnnealStrategy)
	case cfg.CycleMomentum:
		return errors.New("nn: OneCycleLR cycle_momentum is not supported: brawn's optimizers hold momentum and beta1 fixed; set CycleMomentum false (PyTorch's OneCycleLR(..., cycle_momentum=False) is the same schedule)")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"max_lr", cfg.MaxLR}, {"div_factor", cfg.DivFactor}, {"final_div_factor", cfg.FinalDivFactor}} {
		if !(f.v > 0) || math.IsInf(f.v, 1) {
			return fmt.Errorf("nn: OneCycleLR %s %g must be a finite number > 0", f.name, f.v)
		}
	}
	if cfg.TotalSteps == 0 {
		cfg.TotalSteps = cfg.Epochs * cfg.StepsPerEpoch
	}
	return nil
}

// rate is PyTorch's get_lr at last_epoch; at the cycle's end its last
// rate, and past it lr, unchanged.
func (s *OneCycleLR) rate(lr float64) float64 {
	step := s.lastEpoch
	switch {
	case step == s.Config.TotalSteps:
		return s.minLR
	case step > s.Config.TotalSteps:
		if s.overrun == nil {
			s.overrun = fmt.Errorf("nn: OneCycleLR was stepped %d times, beyond its total_steps %d (PyTorch raises ValueError); give a cycle of as many steps as the run has", step, s.Config.TotalSteps)
		}
		return lr
	}
	start := 0.0
	x := float64(step)
	for i, p := range s.phases {
		if x <= p.endStep || i == len(s.phases)-1 {
			return s.anneal(p.start, p.end, (x-start)/(p.endStep-start))
		}
		start = p.endStep
	}
	return lr // not reached: the last phase always applies
}

// anneal is _annealing_cos or _annealing_linear, from start to end as pct
// goes from 0 to 1.
func (s *OneCycleLR) anneal(start, end, pct float64) float64 {
	if s.Config.AnnealStrategy == "linear" {
		return float64((end-start)*pct) + start // unfused: see nn/doc.go
	}
	cosOut := math.Cos(math.Pi*pct) + 1
	return end + float64((start-end)/2*cosOut) // unfused: see nn/doc.go
}

// stepError implements the error an LRScheduler returns after a Step:
// stepping past TotalSteps.
func (s *OneCycleLR) stepError() error { return s.overrun }

// Name implements Scheduler.
func (s *OneCycleLR) Name() string { return "OneCycleLR" }
