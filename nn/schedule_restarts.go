package nn

import (
	"fmt"
	"math"
)

// CosineAnnealingWarmRestarts is
// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR: I.
// Loshchilov and F. Hutter, "SGDR: Stochastic Gradient Descent with Warm
// Restarts", ICLR 2017): the rate follows
// η_min + (base−η_min)(1+cos(π·T_cur/T_i))/2, where T_cur counts the Steps
// since the last restart; a cycle lasts T_i = T0·TMult^k Steps (k the
// cycles before it), after which the rate restarts at the base rate. Each
// rate is computed from the base rate, as in PyTorch, not from the
// group's current one, so it replaces another schedule's rate rather
// than compose with it. Step it per epoch, as PyTorch's documentation
// does, or per optimizer step (NewLRSchedulerPerStep) for cycles counted
// in steps; PyTorch's fractional step(epoch) has no equivalent.
type CosineAnnealingWarmRestarts struct {
	schedBase
	T0     int     // T_0: the Steps of the first cycle; >= 1
	TMult  int     // T_mult: each cycle is TMult times the one before; >= 1
	EtaMin float64 // eta_min: the lowest rate, approached at each cycle's end
}

// NewCosineAnnealingWarmRestarts returns a CosineAnnealingWarmRestarts
// (PyTorch's defaults: T_mult 1, eta_min 0). It returns an error, and no
// schedule, for a t0 or tMult below 1, and panics if opt is nil.
func NewCosineAnnealingWarmRestarts(opt Optimizer, t0, tMult int, etaMin float64) (*CosineAnnealingWarmRestarts, error) {
	if t0 < 1 {
		return nil, fmt.Errorf("nn: CosineAnnealingWarmRestarts T_0 %d must be at least 1", t0)
	}
	if tMult < 1 {
		return nil, fmt.Errorf("nn: CosineAnnealingWarmRestarts T_mult %d must be at least 1", tMult)
	}
	s := &CosineAnnealingWarmRestarts{T0: t0, TMult: tMult, EtaMin: etaMin}
	s.params = func() []schedParam {
		return []schedParam{one("T_0", float64(s.T0)), one("T_mult", float64(s.TMult)), one("eta_min", s.EtaMin)}
	}
	s.start("CosineAnnealingWarmRestarts", opt, func(i int, _ float64) float64 {
		cur, ti := s.Position()
		c := 1 + math.Cos(math.Pi*float64(cur)/ti)
		return s.EtaMin + float64((s.baseLRs[i]-s.EtaMin)*c)/2 // unfused: see nn/doc.go
	})
	return s, nil
}

// Position returns PyTorch's T_cur, the Steps since the last restart, and
// T_i, the Steps of the current cycle, at the last epoch. T_i is a
// float64 since, for a TMult >= 2, it grows past an int's range once the
// cycles are long enough.
func (s *CosineAnnealingWarmRestarts) Position() (tCur int, tI float64) {
	e, ti := s.lastEpoch, s.T0
	if s.TMult == 1 {
		return e % ti, float64(ti)
	}
	for e >= ti {
		e -= ti
		if ti > math.MaxInt/s.TMult {
			return e, float64(ti) * float64(s.TMult) // beyond any int, e among them
		}
		ti *= s.TMult
	}
	return e, float64(ti)
}

// Name implements Scheduler.
func (s *CosineAnnealingWarmRestarts) Name() string { return "CosineAnnealingWarmRestarts" }
