package nn

import (
	"fmt"
	"math"
)

// ReduceLROnPlateau is torch.optim.lr_scheduler.ReduceLROnPlateau: when the
// metric has not improved for more than Patience epochs, every group's rate
// becomes max(lr·Factor, MinLR) (skipped when the change is at most Eps),
// then Cooldown epochs pass before counting resumes. Improvement is
// metric < best·(1−Threshold) ("rel") or metric < best−Threshold ("abs")
// in "min" mode, and the mirror images in "max" mode.
type ReduceLROnPlateau struct {
	Mode          string // "min" or "max"
	Factor        float64
	Patience      int
	Threshold     float64
	ThresholdMode string // "rel" or "abs"
	Cooldown      int
	MinLR         float64
	Eps           float64

	groups          []*ParamGroup
	best            float64
	numBadEpochs    int
	cooldownCounter int
	lastEpoch       int
}

// NewReduceLROnPlateau returns the scheduler with PyTorch's defaults
// (mode min, factor 0.1, patience 10, threshold 1e-4 rel, cooldown 0,
// min_lr 0, eps 1e-8); change the fields before the first Step, then call
// Reset if Mode changed.
func NewReduceLROnPlateau(opt Optimizer) *ReduceLROnPlateau {
	r := &ReduceLROnPlateau{Mode: "min", Factor: 0.1, Patience: 10, Threshold: 1e-4,
		ThresholdMode: "rel", Eps: 1e-8, groups: opt.Groups()}
	r.Reset()
	return r
}

// Reset clears the counters and the best value (PyTorch's _reset).
func (r *ReduceLROnPlateau) Reset() {
	r.best = math.Inf(1)
	if r.Mode == "max" {
		r.best = math.Inf(-1)
	}
	r.numBadEpochs, r.cooldownCounter = 0, 0
}

// Name implements Scheduler.
func (r *ReduceLROnPlateau) Name() string { return "ReduceLROnPlateau" }

// LastEpoch implements Scheduler.
func (r *ReduceLROnPlateau) LastEpoch() int { return r.lastEpoch }

func (r *ReduceLROnPlateau) better(a float64) bool {
	rel := r.ThresholdMode != "abs"
	if r.Mode == "max" {
		if rel {
			return a > r.best*(r.Threshold+1)
		}
		return a > r.best+r.Threshold
	}
	if rel {
		return a < r.best*(1-r.Threshold)
	}
	return a < r.best-r.Threshold
}

// Step implements Scheduler with the epoch's metric.
func (r *ReduceLROnPlateau) Step(metric float64) {
	r.lastEpoch++
	if r.better(metric) {
		r.best = metric
		r.numBadEpochs = 0
	} else {
		r.numBadEpochs++
	}
	if r.cooldownCounter > 0 {
		r.cooldownCounter--
		r.numBadEpochs = 0
	}
	if r.numBadEpochs > r.Patience {
		for _, g := range r.groups {
			nl := math.Max(g.LR*r.Factor, r.MinLR)
			if g.LR-nl > r.Eps {
				g.LR = nl
			}
		}
		r.cooldownCounter = r.Cooldown
		r.numBadEpochs = 0
	}
}

// Export implements Scheduler.
func (r *ReduceLROnPlateau) Export() *State {
	s := NewState()
	s.setScalar("last_epoch", float64(r.lastEpoch))
	s.setScalar("best", r.best)
	s.setScalar("num_bad_epochs", float64(r.numBadEpochs))
	s.setScalar("cooldown_counter", float64(r.cooldownCounter))
	return s
}

// Import implements Scheduler.
func (r *ReduceLROnPlateau) Import(s *State) error {
	var v [4]float64
	for i, k := range []string{"last_epoch", "best", "num_bad_epochs", "cooldown_counter"} {
		x, err := s.scalar(k)
		if err != nil {
			return fmt.Errorf("ReduceLROnPlateau: %w", err)
		}
		v[i] = x
	}
	r.lastEpoch, r.best, r.numBadEpochs, r.cooldownCounter = int(v[0]), v[1], int(v[2]), int(v[3])
	return nil
}

// EarlyStopping stops training when the monitored metric (validation loss,
// or training loss without validation data) has not improved by more than
// MinDelta for Patience epochs, as Keras's EarlyStopping (mode min). With
// RestoreBest the weights of the best epoch are put back when it stops.
type EarlyStopping struct {
	Patience    int
	MinDelta    float64
	RestoreBest bool

	best      float64
	bestEpoch int
	wait      int
	started   bool
	bestState map[string][]float32
}

// NewEarlyStopping returns an EarlyStopping with the given patience.
func NewEarlyStopping(patience int) *EarlyStopping { return &EarlyStopping{Patience: patience} }

// update records an epoch's metric and reports whether to stop.
func (e *EarlyStopping) update(metric float64, epoch int, m *Sequential) bool {
	if !e.started || metric < e.best-e.MinDelta {
		e.best, e.bestEpoch, e.wait, e.started = metric, epoch, 0, true
		if e.RestoreBest {
			e.bestState = snapshot(m)
		}
		return false
	}
	e.wait++
	if e.wait >= e.Patience {
		if e.RestoreBest && e.bestState != nil {
			_ = m.LoadStateDict(e.bestState) // same model: cannot fail
		}
		return true
	}
	return false
}

// Export returns the early-stopping counters (not the saved best weights).
func (e *EarlyStopping) Export() *State {
	s := NewState()
	s.setScalar("best", e.best)
	s.setScalar("best_epoch", float64(e.bestEpoch))
	s.setScalar("wait", float64(e.wait))
	if e.started {
		s.setScalar("started", 1)
	} else {
		s.setScalar("started", 0)
	}
	return s
}

// Import restores counters saved by Export.
func (e *EarlyStopping) Import(s *State) error {
	var v [4]float64
	for i, k := range []string{"best", "best_epoch", "wait", "started"} {
		x, err := s.scalar(k)
		if err != nil {
			return fmt.Errorf("EarlyStopping: %w", err)
		}
		v[i] = x
	}
	e.best, e.bestEpoch, e.wait, e.started = v[0], int(v[1]), int(v[2]), v[3] != 0
	return nil
}

func snapshot(m *Sequential) map[string][]float32 {
	out := map[string][]float32{}
	for k, t := range m.StateDict() {
		out[k] = append([]float32(nil), t.Data...)
	}
	return out
}
