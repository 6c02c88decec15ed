package nn

// Callback observes and steers Trainer.Fit, as a Keras callback
// (keras.callbacks.Callback) or a PyTorch Lightning Callback does. Fit
// calls the Trainer's Callbacks in list order at each point:
//
//   - OnTrainBegin once, after Fit has checked its configuration and data
//     and before the first step (also when resuming; not when
//     EarlyStopping had already stopped the run, which Fit ends at once);
//   - OnEpochBegin before an epoch's first step, with the 1-based epoch
//     (also before the rest of an epoch resumed mid-way);
//   - OnStepEnd after every optimizer step;
//   - OnEpochEnd after every epoch, once the validation metrics, the epoch
//     schedulers and EarlyStopping have run;
//   - OnTrainEnd once, however Fit ends, for every callback whose
//     OnTrainBegin returned nil, with the error Fit is about to return (nil
//     when training finished or was stopped).
//
// A method stops training by returning an error: Fit skips the callbacks
// after it and returns that error, or nil for ErrStop (or an error that
// wraps it), which ends training early without an error, as Keras's
// model.stop_training. An error from OnTrainEnd is returned only when Fit
// has no error of its own; every OnTrainEnd still runs.
//
// The *StepInfo and *EpochInfo are reused by the Trainer; copy them to keep
// them. The *Trainer is the one running: a callback may read its fields and
// position (Epoch, GlobalStep) and Export its state, but must not change
// its Model, Loss, Optimizer, BatchSize or Callbacks during Fit. Embed
// BaseCallback to implement only some of the methods. OnStepEnd runs on
// every step, so it should not allocate: steady-state steps allocate
// nothing.
type Callback interface {
	OnTrainBegin(t *Trainer) error
	OnTrainEnd(t *Trainer, err error) error
	OnEpochBegin(t *Trainer, epoch int) error
	OnEpochEnd(t *Trainer, e *EpochInfo) error
	OnStepEnd(t *Trainer, s *StepInfo) error
}

// BaseCallback implements every Callback method as a no-op returning nil;
// embed it in a callback that needs only some of them.
type BaseCallback struct{}

// OnTrainBegin implements Callback; it does nothing.
func (BaseCallback) OnTrainBegin(*Trainer) error { return nil }

// OnTrainEnd implements Callback; it does nothing.
func (BaseCallback) OnTrainEnd(*Trainer, error) error { return nil }

// OnEpochBegin implements Callback; it does nothing.
func (BaseCallback) OnEpochBegin(*Trainer, int) error { return nil }

// OnEpochEnd implements Callback; it does nothing.
func (BaseCallback) OnEpochEnd(*Trainer, *EpochInfo) error { return nil }

// OnStepEnd implements Callback; it does nothing.
func (BaseCallback) OnStepEnd(*Trainer, *StepInfo) error { return nil }

// trainBegin calls OnTrainBegin in order and returns how many callbacks
// began (and so get OnTrainEnd) and the first error.
func (t *Trainer) trainBegin() (int, error) {
	if t.follower() {
		return 0, nil // rank 0 runs the callbacks of a data-parallel run
	}
	for i, c := range t.Callbacks {
		if err := c.OnTrainBegin(t); err != nil {
			return i, err
		}
	}
	return len(t.Callbacks), nil
}

// trainEnd calls OnTrainEnd on the first n callbacks with Fit's result err
// and returns err, or else the first OnTrainEnd error.
func (t *Trainer) trainEnd(n int, err error) error {
	var first error
	for _, c := range t.Callbacks[:n] {
		if e := c.OnTrainEnd(t, err); e != nil && first == nil {
			first = e
		}
	}
	if err != nil {
		return err
	}
	return stopErr(first)
}

func (t *Trainer) epochBegin() error {
	if t.follower() {
		return nil
	}
	for _, c := range t.Callbacks {
		if err := c.OnEpochBegin(t, t.epoch+1); err != nil {
			return err
		}
	}
	return nil
}

func (t *Trainer) stepEnd() error {
	if t.follower() {
		return nil
	}
	for _, c := range t.Callbacks {
		if err := c.OnStepEnd(t, &t.info); err != nil {
			return err
		}
	}
	if t.OnStep != nil {
		return t.OnStep(&t.info)
	}
	return nil
}

func (t *Trainer) epochEnd(info *EpochInfo) error {
	if t.follower() {
		return nil
	}
	for _, c := range t.Callbacks {
		if err := c.OnEpochEnd(t, info); err != nil {
			return err
		}
	}
	if t.OnEpoch != nil {
		return t.OnEpoch(info)
	}
	return nil
}
