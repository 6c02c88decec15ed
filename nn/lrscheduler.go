package nn

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Interval is when an LRScheduler steps its Scheduler, PyTorch
// Lightning's lr_scheduler "interval": IntervalEpoch or IntervalStep.
type Interval string

// The intervals at which an LRScheduler steps its Scheduler, PyTorch
// Lightning's lr_scheduler "interval" values.
const (
	IntervalEpoch Interval = "epoch"
	IntervalStep  Interval = "step"
)

// LRScheduler is a Callback that steps a learning-rate Scheduler during
// Fit, as a PyTorch Lightning lr_scheduler configuration or
// keras.callbacks.LearningRateScheduler: after every epoch (Interval
// "epoch", or ""), with the epoch's Monitor metric (EpochInfo.Metric; ""
// is the validation loss, or the training loss without a validation set),
// which only ReduceLROnPlateau reads; or after every optimizer step
// (Interval "step", e.g. a LinearLR warm-up counted in steps), with the
// batch's loss. Its OnStepEnd allocates nothing.
//
// Put the LRSchedulers first in Trainer.Callbacks: the callbacks after
// them then see the rate the schedule set for what comes next, and a
// callback that saves the Trainer's state (Export) saves the stepped
// schedule, so that a resumed run is bit-identical. EpochInfo.LR and
// StepInfo.LR are the rates used during the epoch or step, whatever the
// order. It is a StatefulCallback: Trainer.Export saves the schedule's
// state under "epoch_sched.<i>." or "step_sched.<i>.", i counting the
// LRSchedulers of the same interval before it in Trainer.Callbacks.
type LRScheduler struct {
	BaseCallback
	Scheduler Scheduler // built on Trainer.Optimizer by its constructor
	Interval  Interval  // IntervalEpoch ("" too) or IntervalStep
	Monitor   string    // epoch metric passed to Step, e.g. "val_loss"; "" for the default loss
}

// NewLRScheduler returns an LRScheduler stepping s after every epoch on
// the default metric.
func NewLRScheduler(s Scheduler) *LRScheduler { return &LRScheduler{Scheduler: s} }

// NewLRSchedulerPerStep returns an LRScheduler stepping s after every
// optimizer step (Interval IntervalStep), on the batch's loss: a schedule
// counted in steps, such as a LinearLR warm-up, whatever its kind.
func NewLRSchedulerPerStep(s Scheduler) *LRScheduler {
	return &LRScheduler{Scheduler: s, Interval: IntervalStep}
}

func (l *LRScheduler) perStep() bool { return l.Interval == IntervalStep }

// monitorWatcher is a Scheduler whose settings depend on the metric it is
// stepped with (ReduceLROnPlateau's mode "auto").
type monitorWatcher interface{ watch(name string) }

// tellMonitor tells the Scheduler the metric it is stepped with: Monitor,
// or for a schedule stepped after every optimizer step the batch's loss.
func (l *LRScheduler) tellMonitor() {
	if w, ok := l.Scheduler.(monitorWatcher); ok {
		name := l.Monitor
		if l.perStep() {
			name = MetricLoss
		}
		w.watch(name)
	}
}

// Setup implements SetupCallback: it checks the configuration (the
// Scheduler must set the rates of Trainer.Optimizer's groups, so a
// schedule's zero value, not made by its constructor, is refused; a
// ReduceLROnPlateau's fields, its Mode against Monitor included, resetting
// it when it has not stepped yet)
// and, for an epoch schedule, that this Fit's epochs have the Monitor
// metric (Trainer.CheckMetric), so that a missing one is refused before
// training.
func (l *LRScheduler) Setup(t *Trainer) error {
	switch {
	case l.Scheduler == nil:
		return errors.New("nn: LRScheduler needs a Scheduler")
	case l.Interval != "" && l.Interval != IntervalEpoch && l.Interval != IntervalStep:
		return fmt.Errorf("nn: LRScheduler.Interval %q is neither %q nor %q", l.Interval, IntervalEpoch, IntervalStep)
	}
	if _, err := ResolveMonitor(l.Monitor); err != nil {
		return fmt.Errorf("nn: LRScheduler.Monitor: %w", err)
	}
	if g, ok := l.Scheduler.(interface{ paramGroups() []*ParamGroup }); ok && len(g.paramGroups()) == 0 {
		// A schedule not made by its constructor has no groups: it would set no rate.
		return fmt.Errorf("nn: LRScheduler's %s has no optimizer: make it with nn.New%s(optimizer, ...)", l.Scheduler.Name(), l.Scheduler.Name())
	} else if ok && !slices.Equal(g.paramGroups(), t.Optimizer.Groups()) {
		return fmt.Errorf("nn: LRScheduler's %s sets the rates of another optimizer than Trainer.Optimizer (built on an earlier run's?); build it on the Trainer's optimizer", l.Scheduler.Name())
	}
	l.tellMonitor()
	if c, ok := l.Scheduler.(interface{ setup() error }); ok {
		if err := c.setup(); err != nil {
			return err
		}
	}
	if !l.perStep() {
		if err := t.checkMetric(l.Monitor); err != nil {
			return fmt.Errorf("nn: LRScheduler.Monitor of %s: %w", l.Scheduler.Name(), err)
		}
	}
	return nil
}

// OnStepEnd implements Callback: with Interval "step", it steps the
// schedule with the batch's loss. It returns an error when a OneCycleLR
// has been stepped past its total steps.
func (l *LRScheduler) OnStepEnd(_ *Trainer, s *StepInfo) error {
	if l.perStep() {
		l.Scheduler.Step(s.Loss)
		return l.stepError()
	}
	return nil
}

// stepError is the error of a Scheduler that can be stepped too often
// (OneCycleLR), after its Step.
func (l *LRScheduler) stepError() error {
	if e, ok := l.Scheduler.(interface{ stepError() error }); ok {
		return e.stepError()
	}
	return nil
}

// OnEpochEnd implements Callback: with Interval "epoch", it steps the
// schedule with the epoch's Monitor metric. It returns an error if the
// epoch lacks that metric (which Setup normally refuses first), or a
// OneCycleLR has been stepped past its total steps.
func (l *LRScheduler) OnEpochEnd(_ *Trainer, e *EpochInfo) error {
	if l.perStep() {
		return nil
	}
	metric, err := e.metric(l.Monitor)
	if err != nil {
		return fmt.Errorf("nn: LRScheduler.Monitor of %s: %w", l.Scheduler.Name(), err)
	}
	l.Scheduler.Step(metric)
	return l.stepError()
}

// StateKey implements StatefulCallback: "epoch_sched.<n>" or
// "step_sched.<n>" by the interval.
func (l *LRScheduler) StateKey(n int) string {
	if l.perStep() {
		return "step_sched." + strconv.Itoa(n)
	}
	return "epoch_sched." + strconv.Itoa(n)
}

// Export implements StatefulCallback with the Scheduler's state.
func (l *LRScheduler) Export() *State { return l.Scheduler.Export() }

// Import implements StatefulCallback: the Scheduler's Import, its error
// prefixed with the scheduler's name.
func (l *LRScheduler) Import(s *State) error {
	l.tellMonitor() // a ReduceLROnPlateau's mode "auto" depends on it
	if err := l.Scheduler.Import(s); err != nil {
		var se *StateError
		if errors.As(err, &se) {
			err = se // the Scheduler's own prefix is said again here
		}
		return &schedulerError{name: l.Scheduler.Name(), err: err}
	}
	return nil
}

// schedulerError is a Scheduler's Import error said with the scheduler's
// name. Its text is made when read, so that it shows the key
// Trainer.Import prefixes on the *StateError it wraps.
type schedulerError struct {
	name string
	err  error
}

func (e *schedulerError) Error() string { return "scheduler " + e.name + ": " + e.err.Error() }
func (e *schedulerError) Unwrap() error { return e.err }
