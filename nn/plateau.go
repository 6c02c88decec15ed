package nn

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
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

// Import implements Scheduler. "last_epoch", "num_bad_epochs" and
// "cooldown_counter" must be integers in [0, 2^53) and "best" not NaN,
// else it returns a *StateError and changes nothing.
func (r *ReduceLROnPlateau) Import(s *State) error {
	var v [3]int
	for i, k := range []string{"last_epoch", "num_bad_epochs", "cooldown_counter"} {
		x, err := s.count(k)
		if err != nil {
			return fmt.Errorf("ReduceLROnPlateau: %w", err)
		}
		v[i] = x
	}
	best, err := s.scalar("best")
	if err != nil {
		return fmt.Errorf("ReduceLROnPlateau: %w", err)
	}
	if math.IsNaN(best) {
		return &StateError{Key: "best", Problem: "is NaN, want the best metric so far"}
	}
	r.lastEpoch, r.best, r.numBadEpochs, r.cooldownCounter = v[0], best, v[1], v[2]
	return nil
}

// EarlyStopping stops training when the monitored metric (validation loss,
// or training loss without validation data) has not improved for Patience
// epochs, as keras.callbacks.EarlyStopping in mode "min": an epoch improves
// when metric + |MinDelta| < best, best starting at +Inf (Keras takes
// abs(min_delta), negates it in this mode and tests current − min_delta <
// best), so a NaN metric never improves; otherwise a counter grows, and
// training stops at the epoch where it reaches Patience (so Patience 0
// stops at the first epoch that does not improve). Patience must not be
// negative and MinDelta must not be NaN (Trainer.Fit checks).
//
// Trainer.Fit starts a fresh run (no epoch done yet) with fresh counters,
// as Keras does at the start of training, so one EarlyStopping can serve
// several runs; a resumed run keeps them. Once it has stopped a run,
// Fit on that run returns at once without training.
//
// RestoreBest is Keras's restore_best_weights: at every improving epoch the
// model's state_dict (parameters and buffers such as BatchNorm1d's running
// statistics) is copied into a buffer allocated at the first copy and
// reused after, and those weights are loaded back when training stops
// early. As in Keras (keras/src/callbacks/early_stopping.py, on_epoch_end),
// nothing is restored when training ends at its last epoch without
// stopping early: the model keeps the last epoch's weights.
//
// The counters and, with RestoreBest, the best weights are part of Export
// and Import, so a resumed run restores the same weights.
type EarlyStopping struct {
	Patience    int
	MinDelta    float64
	RestoreBest bool

	best      float64
	bestEpoch int
	wait      int
	started   bool
	stopped   int // the epoch at which it stopped the run (0: not stopped)
	// bestState is the best epoch's state_dict, by name (RestoreBest).
	bestState map[string][]float32
}

// NewEarlyStopping returns an EarlyStopping with the given patience,
// MinDelta 0 and RestoreBest false (Keras's defaults).
func NewEarlyStopping(patience int) *EarlyStopping { return &EarlyStopping{Patience: patience} }

// BestEpoch returns the 1-based epoch with the best metric so far (0
// before the first epoch ends).
func (e *EarlyStopping) BestEpoch() int { return e.bestEpoch }

// update records an epoch's metric and reports whether to stop. When it
// stops with RestoreBest, it loads the best weights into m; the error
// says why they do not fit m (only possible after an Import from another
// model).
func (e *EarlyStopping) update(metric float64, epoch int, m *Sequential) (bool, error) {
	best := e.best
	if !e.started {
		best = math.Inf(1)
	}
	e.started = true
	if metric+math.Abs(e.MinDelta) < best {
		e.best, e.bestEpoch, e.wait = metric, epoch, 0
		if e.RestoreBest {
			e.keepBest(m)
		}
		return false, nil
	}
	if e.bestEpoch == 0 {
		e.best = best // +Inf until an epoch improves
	}
	e.wait++
	if e.wait < e.Patience {
		return false, nil
	}
	e.stopped = epoch
	if e.RestoreBest && e.bestState != nil {
		if err := m.LoadStateDict(e.bestState); err != nil {
			return true, fmt.Errorf("nn: EarlyStopping: restoring the weights of epoch %d: %w", e.bestEpoch, err)
		}
	}
	return true, nil
}

// reset forgets everything but the settings, for a fresh run (the best
// weights' buffer is kept for reuse).
func (e *EarlyStopping) reset() {
	e.best, e.bestEpoch, e.wait, e.started, e.stopped = 0, 0, 0, false, 0
}

// StoppedEpoch returns the epoch at which it stopped the run, 0 if it has
// not (Keras's stopped_epoch, 1-based).
func (e *EarlyStopping) StoppedEpoch() int { return e.stopped }

// check reports settings Fit cannot run with.
func (e *EarlyStopping) check() error {
	switch {
	case e.Patience < 0:
		return fmt.Errorf("nn: EarlyStopping.Patience %d is negative", e.Patience)
	case math.IsNaN(e.MinDelta):
		return errors.New("nn: EarlyStopping.MinDelta is NaN")
	}
	return nil
}

// keepBest copies m's state_dict into bestState, allocating an entry only
// the first time its name is seen.
func (e *EarlyStopping) keepBest(m *Sequential) {
	if e.bestState == nil {
		e.bestState = make(map[string][]float32, len(m.Params())+len(m.Buffers()))
	}
	for _, p := range m.Params() {
		e.keep(p.Name, p.Value.Data)
	}
	for _, b := range m.Buffers() {
		e.keep(b.Name, b.Value.Data)
	}
}

func (e *EarlyStopping) keep(name string, v []float32) {
	dst, ok := e.bestState[name]
	if !ok || len(dst) != len(v) {
		dst = make([]float32, len(v))
		e.bestState[name] = dst
	}
	copy(dst, v)
}

// bestPrefix names the best weights in the exported State:
// "best.<state_dict name>", e.g. "best.0.weight".
const bestPrefix = "best."

// Export returns the counters ("best", "best_epoch", "wait", "started",
// "stopped_epoch")
// and, with RestoreBest once an epoch has ended, the best weights as
// tensors "best.<state_dict name>" (e.g. "best.0.weight").
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
	s.setScalar("stopped_epoch", float64(e.stopped))
	if e.RestoreBest {
		for name, v := range e.bestState {
			s.setTensor(bestPrefix+name, v)
		}
	}
	return s
}

// Import restores a state saved by Export (the tensors are copied). With
// RestoreBest it returns an error when the state records a best epoch but
// holds no best weights (saved without RestoreBest), since stopping would
// then keep the last weights while claiming the best; Trainer.Import also
// checks the weights against its model. Without RestoreBest saved weights
// are ignored. It checks everything before changing anything: "best" must
// not be NaN, "best_epoch", "wait" and "stopped_epoch" must be integers in
// [0, 2^53), "started" 0 or 1, and the best weights finite; a bad value
// gives a *StateError naming the entry.
func (e *EarlyStopping) Import(s *State) error {
	best, err := s.scalar("best")
	if err != nil {
		return fmt.Errorf("EarlyStopping: %w", err)
	}
	if math.IsNaN(best) {
		return &StateError{Key: "best", Problem: "is NaN, want the best metric so far"}
	}
	var counts [2]int
	for i, k := range []string{"best_epoch", "wait"} {
		if counts[i], err = s.count(k); err != nil {
			return fmt.Errorf("EarlyStopping: %w", err)
		}
	}
	started, err := s.scalar("started")
	if err != nil {
		return fmt.Errorf("EarlyStopping: %w", err)
	}
	if started != 0 && started != 1 {
		return &StateError{Key: "started", Problem: fmt.Sprintf("is %v, want 0 or 1", started)}
	}
	stopped := 0
	if _, ok := s.Scalars["stopped_epoch"]; ok { // absent from states saved before it existed
		if stopped, err = s.count("stopped_epoch"); err != nil {
			return fmt.Errorf("EarlyStopping: %w", err)
		}
	}
	var bestState map[string][]float32
	if e.RestoreBest {
		for _, k := range slices.Sorted(maps.Keys(s.Tensors)) {
			name, ok := strings.CutPrefix(k, bestPrefix)
			if !ok {
				continue
			}
			if err := checkFiniteEntry(k, s.Tensors[k]); err != nil {
				return err
			}
			if bestState == nil {
				bestState = map[string][]float32{}
			}
			bestState[name] = slices.Clone(s.Tensors[k])
		}
		if counts[0] != 0 && bestState == nil {
			return fmt.Errorf("EarlyStopping: the state records a best epoch (%d) but no best weights (tensors %q...); it was saved without RestoreBest", counts[0], bestPrefix)
		}
	}
	e.best, e.bestEpoch, e.wait, e.started, e.stopped = best, counts[0], counts[1], started == 1, stopped
	e.bestState = bestState
	return nil
}

// checkBest reports whether the imported best weights fit m's state_dict.
func (e *EarlyStopping) checkBest(m *Sequential) error {
	if e.bestState == nil {
		return nil
	}
	if err := m.checkStateDict(e.bestState); err != nil {
		return fmt.Errorf("EarlyStopping best weights: %w", err)
	}
	return nil
}
