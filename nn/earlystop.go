package nn

import (
	"errors"
	"fmt"
	"math"
)

// EarlyStopping is a Callback that stops training when the monitored
// metric has not improved for Patience epochs, as
// keras.callbacks.EarlyStopping: an epoch improves when
// metric + |MinDelta| < best in mode "min" (metric − |MinDelta| > best in
// mode "max"), best starting at +Inf (−Inf), so a NaN metric never
// improves; otherwise a counter grows, and training stops at the epoch
// where it reaches Patience (so Patience 0 stops at the first epoch that
// does not improve). Stopping sets EpochInfo.StopEarly: the callbacks
// after it in Trainer.Callbacks still see the epoch, then Fit returns nil.
// Monitor is a metric name of EpochInfo.Metric ("": the validation loss,
// or the training loss without a validation set); Mode is "min", "max" or
// "auto" ("": auto, max for an accuracy). Patience and StartFromEpoch
// must not be negative, MinDelta and Baseline not NaN, Monitor and Mode
// known, Mode not against Monitor's direction ("min" on an accuracy, "max"
// on a loss, which would take every worsening for an improvement), and
// Monitor a metric this
// Fit's epochs have (Trainer.CheckMetric): Fit checks them before any
// callback runs (Setup). Prechelt ("Early Stopping — But When?", in
// Neural Networks: Tricks of the Trade, LNCS 1524, 1998) compares such
// stopping criteria; the one here, patience on a monitored metric, is
// Keras's.
//
// Fit starts a fresh run (no step done yet) with fresh counters, as Keras
// does at the start of training, so one EarlyStopping can serve several
// runs; a resumed run keeps them. Once it has stopped a run, Fit on that
// run returns nil at once, before any callback's OnTrainBegin.
//
// RestoreBest is Keras's restore_best_weights: at every improving epoch the
// model's state_dict (parameters and buffers such as BatchNorm1d's running
// statistics) is copied into a buffer allocated at the first copy and
// reused after, and those weights are loaded back when training stops
// early, once every callback's OnEpochEnd has seen the epoch that stops
// (its weights, which its metrics describe: History's row, with its test
// metrics, is of one set of weights) and before any OnTrainEnd, as Keras
// 3 restores in on_train_end. Unlike Keras 3, whose on_train_end also
// restores them when training ran all its epochs, nothing is restored
// when training ends at its last epoch without stopping early: the model
// keeps the last epoch's weights, so that the run can be resumed with
// more epochs bit-identically.
//
// Its place in Trainer.Callbacks matters: put it before the callbacks that
// should see its outcome (EpochInfo.StopEarly and BestEpoch; the restored
// weights are there for OnTrainEnd and after Fit) and before those that
// save the Trainer's state. It is a
// StatefulCallback: the counters and, with RestoreBest, the best weights
// are part of Trainer.Export under "early_stop.", so a resumed run
// restores the same weights.
type EarlyStopping struct {
	Monitor     string  // metric name, e.g. "val_loss"; "" for the default loss
	Mode        string  // "min", "max", "auto" or "" (auto)
	Patience    int     // epochs without improvement before stopping; >= 0
	MinDelta    float64 // least change, in the metric's units, that counts as improving; its sign is ignored
	RestoreBest bool    // load the best epoch's weights on stopping early
	// Baseline, when set, is Keras's baseline: a value the metric must
	// beat (by MinDelta, in Mode's direction) for an epoch to reset the
	// patience counter. An epoch that improves on the best but not on
	// Baseline still becomes the best (the weights RestoreBest loads) but
	// counts towards Patience, so a run that never beats Baseline stops
	// after Patience epochs (the first, with Patience 0), as Keras's
	// documentation says. Keras 3's code differs: it never stops on an
	// epoch that improves on the best, so with a Baseline it may stop one
	// epoch later than this. nil: no baseline. It must not be NaN.
	Baseline *float64
	// StartFromEpoch is Keras's start_from_epoch: the first StartFromEpoch
	// epochs are a warm-up that is not watched (no best epoch, nothing
	// counted towards Patience), for a run whose metric is expected not to
	// improve at first. >= 0.
	StartFromEpoch int

	best      float64
	bestEpoch int
	wait      int
	started   bool
	stopped   int // the epoch at which it stopped the run (0: not stopped)
	// bestState is the best epoch's state_dict, by name (RestoreBest).
	bestState map[string][]float32
	// restorePending: update stopped with RestoreBest, and the epoch's
	// callbacks have yet to see its weights before restoreBest.
	restorePending bool
	restored       int // the epoch whose weights restoreBest loaded in this Fit
}

// NewEarlyStopping returns an EarlyStopping with the given patience,
// MinDelta 0 and RestoreBest false (Keras's defaults), watching the
// validation loss (or the training loss without a validation set).
func NewEarlyStopping(patience int) *EarlyStopping { return &EarlyStopping{Patience: patience} }

// BestEpoch returns the 1-based epoch with the best metric so far (0
// before the first epoch ends).
func (e *EarlyStopping) BestEpoch() int { return e.bestEpoch }

// StoppedEpoch returns the epoch at which it stopped the run, 0 if it has
// not (Keras's stopped_epoch, 1-based).
func (e *EarlyStopping) StoppedEpoch() int { return e.stopped }

// RestoredEpoch returns the epoch whose weights it loaded into the model
// when it stopped the current (or last) Fit, from its OnTrainEnd on: the
// best epoch with RestoreBest, 0 when it did not stop that Fit or loaded
// nothing (RestoreBest false, or no epoch improved).
func (e *EarlyStopping) RestoredEpoch() int { return e.restored }

// Setup implements SetupCallback: it checks the settings and the metric,
// starts a fresh run's counters afresh, and returns ErrStop for a resumed
// run it has already stopped, which Fit then ends at once.
func (e *EarlyStopping) Setup(t *Trainer) error {
	if err := e.check(); err != nil {
		return err
	}
	if err := t.checkMetric(e.Monitor); err != nil {
		return fmt.Errorf("nn: EarlyStopping.Monitor: %w", err)
	}
	e.restored = 0
	if t.fresh() {
		e.reset()
	} else if e.stopped != 0 {
		return ErrStop
	}
	return nil
}

// OnTrainBegin implements Callback; it does nothing, and its error is always nil.
func (e *EarlyStopping) OnTrainBegin(*Trainer) error { return nil }

// OnTrainEnd implements Callback; it does nothing, and its error is always nil.
func (e *EarlyStopping) OnTrainEnd(*Trainer, error) error { return nil }

// OnEpochBegin implements Callback; it does nothing, and its error is always nil.
func (e *EarlyStopping) OnEpochBegin(*Trainer, int) error { return nil }

// OnStepEnd implements Callback; it does nothing, and its error is always nil.
func (e *EarlyStopping) OnStepEnd(*Trainer, *StepInfo) error { return nil }

// OnEpochEnd implements Callback: it records the epoch's metric, sets
// info.BestEpoch, and on stopping sets info.StopEarly and, with
// RestoreBest, has Fit load the best epoch's weights into the model once
// the epoch's callbacks have run. It returns an error if Monitor is not a
// metric the epoch has (a validation metric without a validation set, an
// accuracy without labels), which Setup normally catches first.
func (e *EarlyStopping) OnEpochEnd(t *Trainer, info *EpochInfo) error {
	metric, err := info.metric(e.Monitor)
	if err != nil {
		return fmt.Errorf("nn: EarlyStopping.Monitor: %w", err)
	}
	if info.Epoch <= e.StartFromEpoch {
		return nil // the warm-up: watched from the next epoch on
	}
	stop := e.update(metric, info.Epoch, t.Model)
	info.BestEpoch = e.bestEpoch
	info.StopEarly = info.StopEarly || stop
	return nil
}

// update records an epoch's metric and reports whether to stop. It loads
// no weights, so it cannot fail: on stopping with RestoreBest it only marks
// the restore pending, and restoreBest loads the best weights once every
// callback's OnEpochEnd has seen the stopping epoch's, which its metrics
// describe.
func (e *EarlyStopping) update(metric float64, epoch int, m *Sequential) bool {
	up, _ := maximize(e.Mode, e.Monitor) // checked by Setup
	best := e.best
	if !e.started {
		best = math.Inf(1)
		if up {
			best = math.Inf(-1)
		}
	}
	e.started = true
	if e.improves(metric, best, up) {
		e.best, e.bestEpoch = metric, epoch
		if e.RestoreBest {
			e.keepBest(m)
		}
		if e.beatsBaseline(metric, up) {
			e.wait = 0
			return false
		}
	} else if e.bestEpoch == 0 {
		e.best = best // ±Inf until an epoch improves
	}
	e.wait++
	if e.wait < e.Patience {
		return false
	}
	e.stopped = epoch
	e.restorePending = e.RestoreBest && e.bestState != nil
	return true
}

// beatsBaseline reports whether metric improves on Baseline by MinDelta
// (true without a Baseline); up is Mode's direction.
func (e *EarlyStopping) beatsBaseline(metric float64, up bool) bool {
	return e.Baseline == nil || e.improves(metric, *e.Baseline, up)
}

// improves reports whether metric is better than ref by more than
// |MinDelta| in Mode's direction (up: larger is better).
func (e *EarlyStopping) improves(metric, ref float64, up bool) bool {
	if up {
		return metric-math.Abs(e.MinDelta) > ref
	}
	return metric+math.Abs(e.MinDelta) < ref
}

// restoreBest implements stopRestorer: it loads the best weights into m
// if update stopped with RestoreBest; the error says why they do not fit
// m (only possible after an Import from another model).
func (e *EarlyStopping) restoreBest(m *Sequential) error {
	if !e.restorePending {
		return nil
	}
	e.restorePending = false
	if err := m.LoadStateDict(e.bestState); err != nil {
		return fmt.Errorf("nn: EarlyStopping: restoring the weights of epoch %d: %w", e.bestEpoch, err)
	}
	e.restored = e.bestEpoch
	return nil
}

// reset forgets everything but the settings, for a fresh run (the best
// weights' buffer is kept for reuse).
func (e *EarlyStopping) reset() {
	e.best, e.bestEpoch, e.wait, e.started, e.stopped, e.restorePending = 0, 0, 0, false, 0, false
	e.bestState = nil // an earlier run's weights, perhaps of another model
}

// check reports settings Fit cannot run with.
func (e *EarlyStopping) check() error {
	switch {
	case e.Patience < 0:
		return fmt.Errorf("nn: EarlyStopping.Patience %d is negative", e.Patience)
	case math.IsNaN(e.MinDelta):
		return errors.New("nn: EarlyStopping.MinDelta is NaN")
	case e.Baseline != nil && math.IsNaN(*e.Baseline):
		return errors.New("nn: EarlyStopping.Baseline is NaN; nil sets no baseline")
	case e.StartFromEpoch < 0:
		return fmt.Errorf("nn: EarlyStopping.StartFromEpoch %d is negative", e.StartFromEpoch)
	}
	if _, err := ResolveMonitor(e.Monitor); err != nil {
		return fmt.Errorf("nn: EarlyStopping.Monitor: %w", err)
	}
	if err := checkMode(e.Mode, e.Monitor); err != nil {
		return fmt.Errorf("nn: EarlyStopping.Mode: %w", err)
	}
	return nil
}
