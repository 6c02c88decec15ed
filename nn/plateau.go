package nn

import (
	"fmt"
	"math"
	"strconv"
)

// ReduceLROnPlateau is torch.optim.lr_scheduler.ReduceLROnPlateau: when the
// metric has not improved for more than Patience epochs, every group's rate
// becomes max(lr·Factor, MinLR) (skipped when the change is at most Eps),
// then Cooldown epochs pass before counting resumes. Improvement is
// metric < best·(1−Threshold) ("rel") or metric < best−Threshold ("abs")
// in "min" mode, and the mirror images in "max" mode. There is no paper to
// cite: the rule is PyTorch's, and keras.callbacks.ReduceLROnPlateau is
// the same idea (its min_delta an absolute threshold).
//
// Mode "auto" (the default, as Keras's; "" too) is "max" when the
// LRScheduler stepping it watches an accuracy and "min" otherwise (a
// loss, or the metrics of a schedule stepped by hand), as EarlyStopping's
// is. Under an LRScheduler, a Mode against the monitored metric's
// direction ("min" on an accuracy, "max" on a loss) is refused, as
// EarlyStopping refuses it: it would cut the rate while the metric
// improves.
type ReduceLROnPlateau struct {
	Mode          string  // "auto" (or ""), "min" or "max"
	Factor        float64 // multiplies the rate on a plateau; in [0, 1)
	Patience      int     // Steps (epochs, or optimizer steps with IntervalStep) without improvement tolerated; >= 0
	Threshold     float64 // least improvement: a fraction of best ("rel") or in the metric's units ("abs"); >= 0
	ThresholdMode string  // "rel" or "abs"
	Cooldown      int     // Steps after a reduction before bad ones count again; >= 0
	MinLR         float64 // floor of every group's rate; >= 0
	Eps           float64 // a reduction of at most Eps is skipped; >= 0

	groups []*ParamGroup
	// monitor is the metric the LRScheduler stepping it watches, for
	// "auto"; watched says one does (monitor "" is then its default loss).
	monitor         string
	watched         bool
	best            float64
	numBadEpochs    int
	cooldownCounter int
	lastEpoch       int
}

// NewReduceLROnPlateau returns the scheduler with PyTorch's defaults but
// for the mode, Keras's "auto" (which PyTorch's "min" is for a loss):
// factor 0.1, patience 10, threshold 1e-4 rel, cooldown 0, min_lr 0, eps
// 1e-8; change the fields before the first Step, which checks them and
// starts from Mode's best (as an LRScheduler's Setup does in Fit).
func NewReduceLROnPlateau(opt Optimizer) *ReduceLROnPlateau {
	r := &ReduceLROnPlateau{Mode: "auto", Factor: 0.1, Patience: 10, Threshold: 1e-4,
		ThresholdMode: "rel", Eps: 1e-8, groups: groupsOf("ReduceLROnPlateau", opt)}
	r.Reset()
	return r
}

// Reset clears the counters and the best value (PyTorch's _reset).
func (r *ReduceLROnPlateau) Reset() {
	r.best = math.Inf(1)
	if r.maximizes() {
		r.best = math.Inf(-1)
	}
	r.numBadEpochs, r.cooldownCounter = 0, 0
}

// maximizes reports whether Mode, resolved for the watched metric, is
// "max".
func (r *ReduceLROnPlateau) maximizes() bool {
	up, _ := maximize(r.Mode, r.monitor) // setup refuses another Mode
	return up
}

// watch implements monitorWatcher: the LRScheduler stepping r watches
// name (a loss for "").
func (r *ReduceLROnPlateau) watch(name string) { r.monitor, r.watched = name, true }

// setup checks the fields as PyTorch's constructor does (mode, threshold
// mode, factor below 1) and more (no negative or NaN setting, no mode
// against the watched metric), and resets a schedule that has not stepped
// yet, so that a Mode set after NewReduceLROnPlateau starts from its own
// best (−Inf for "max").
func (r *ReduceLROnPlateau) setup() error {
	_, err := maximize(r.Mode, r.monitor)
	if err == nil && r.watched {
		err = checkMode(r.Mode, r.monitor)
	}
	if err != nil {
		return fmt.Errorf("nn: ReduceLROnPlateau.Mode: %w", err)
	}
	switch {
	case r.ThresholdMode != "rel" && r.ThresholdMode != "abs":
		return fmt.Errorf("nn: ReduceLROnPlateau.ThresholdMode %q is neither \"rel\" nor \"abs\"", r.ThresholdMode)
	case !(r.Factor >= 0 && r.Factor < 1):
		return fmt.Errorf("nn: ReduceLROnPlateau.Factor %v must be in [0, 1)", r.Factor)
	case r.Patience < 0 || r.Cooldown < 0:
		return fmt.Errorf("nn: ReduceLROnPlateau.Patience %d and Cooldown %d must not be negative", r.Patience, r.Cooldown)
	case !(r.Threshold >= 0) || !(r.MinLR >= 0) || !(r.Eps >= 0):
		return fmt.Errorf("nn: ReduceLROnPlateau.Threshold %v, MinLR %v and Eps %v must be numbers >= 0", r.Threshold, r.MinLR, r.Eps)
	}
	if r.lastEpoch == 0 {
		r.Reset()
	}
	return nil
}

// paramGroups returns the groups whose rates the schedule sets.
func (r *ReduceLROnPlateau) paramGroups() []*ParamGroup { return r.groups }

// Name implements Scheduler.
func (r *ReduceLROnPlateau) Name() string { return "ReduceLROnPlateau" }

// LastEpoch implements Scheduler.
func (r *ReduceLROnPlateau) LastEpoch() int { return r.lastEpoch }

func (r *ReduceLROnPlateau) better(a float64) bool {
	rel := r.ThresholdMode != "abs"
	if r.maximizes() {
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

// Step implements Scheduler with the epoch's metric. The first Step
// checks the fields and starts from Mode's best, as Fit's Setup does, so a
// schedule stepped by hand needs no Reset after its fields are set; it
// panics, naming the field, if one is invalid (Setup returns that error).
func (r *ReduceLROnPlateau) Step(metric float64) {
	if r.lastEpoch == 0 {
		if err := r.setup(); err != nil {
			panic(err.Error())
		}
	}
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

// params are the settings Export records, under PyTorch's names ("mode"
// and "threshold_mode" as the index of the choice: 0 "min" or "rel", 1
// "max" or "abs"). The mode is the one "auto" resolves to, which is what
// the schedule follows, and what states saved before "auto" existed
// record.
func (r *ReduceLROnPlateau) params() []schedParam {
	mode := choice("mode", r.Mode, "min", "max")
	if r.Mode == "" || r.Mode == "auto" {
		resolved := "min"
		if r.maximizes() {
			resolved = "max"
		}
		mode = choice("mode", resolved, "min", "max")
		mode.hint = fmt.Sprintf(" (its Mode %q picks %q for %s)", r.Mode, resolved, r.watchedName())
	}
	return []schedParam{mode, one("factor", r.Factor), one("patience", float64(r.Patience)),
		one("threshold", r.Threshold), choice("threshold_mode", r.ThresholdMode, "rel", "abs"),
		one("cooldown", float64(r.Cooldown)), one("min_lr", r.MinLR), one("eps", r.Eps)}
}

// Export implements Scheduler: the counters and the settings (see
// params).
func (r *ReduceLROnPlateau) Export() *State {
	s := NewState()
	s.setScalar("last_epoch", float64(r.lastEpoch))
	s.setScalar("best", r.best)
	s.setScalar("num_bad_epochs", float64(r.numBadEpochs))
	s.setScalar("cooldown_counter", float64(r.cooldownCounter))
	exportParams(s, r.params())
	return s
}

// Import implements Scheduler. "last_epoch", "num_bad_epochs" and
// "cooldown_counter" must be integers in [0, 2^53) and "best" not NaN,
// else it returns a *StateError and changes nothing. A setting in s that
// differs from the field's (set the fields before Import) is an error
// naming both values; a state without it (saved before schedules
// exported their settings) is accepted.
func (r *ReduceLROnPlateau) Import(s *State) error {
	if err := checkParams("ReduceLROnPlateau", s, r.params()); err != nil {
		return err
	}
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

// watchedName says the metric "auto" resolved for, in the error of a
// state saved in another mode.
func (r *ReduceLROnPlateau) watchedName() string {
	switch {
	case !r.watched:
		return "a schedule stepped by hand"
	case r.monitor == "":
		return "the loss"
	}
	return strconv.Quote(r.monitor)
}
