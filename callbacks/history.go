package callbacks

import (
	"context"
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// History records every epoch's metrics, as keras.callbacks.History does,
// in the form a brawn checkpoint (model.Model.History) and the --json
// metrics store them. Put it after the schedules and EarlyStopping and
// before the other callbacks in Trainer.Callbacks, so that the callbacks
// after it can read the epoch's entry (Last) in their OnEpochEnd.
type History struct {
	nn.BaseCallback
	// Test, when set, is evaluated after every epoch (TestLoss,
	// TestAccuracy; NaN without it), in batches of the Trainer's
	// EvalBatchSize (or BatchSize), before the epoch ends (EvaluateEpoch):
	// a cancel during the pass stops Fit as one during validation does.
	Test *data.Dataset
	// Extra, when set, adds to an epoch's entry before it is recorded
	// (task scores such as R², layer health); its error stops Fit.
	Extra func(t *nn.Trainer, e *nn.EpochInfo, m *model.EpochMetrics) error
	// Epochs are the recorded entries, oldest first. Set it to a resumed
	// run's history to continue it; a fresh run (Fit with no step done)
	// empties it when it begins, as Keras's History.on_train_begin does,
	// so that a History reused for a new run records that run alone.
	Epochs []model.EpochMetrics

	samples int // trained by this process in the current epoch
	// test holds Test's metrics for the epoch tested (0: none yet), which
	// EvaluateEpoch scored for OnEpochEnd to record.
	test   nn.Metrics
	tested int
}

// Last returns the latest entry, or nil before the first.
func (h *History) Last() *model.EpochMetrics {
	if len(h.Epochs) == 0 {
		return nil
	}
	return &h.Epochs[len(h.Epochs)-1]
}

// OnTrainBegin implements nn.Callback: a fresh run starts an empty
// history. It returns an error, before the first step, for a Test that
// the model would have to evaluate in a batch of one sample, which a
// layer normalising with its batch's statistics refuses
// (nn.Sequential.CheckEvalBatches), rather than fail at the first
// epoch's end.
func (h *History) OnTrainBegin(t *nn.Trainer) error {
	if h.Test != nil {
		if err := t.Model.CheckEvalBatches(h.Test.Len(), t.EvalBatch()); err != nil {
			return fmt.Errorf("History.Test: %w", err)
		}
	}
	if freshRun(t) {
		h.Epochs = nil
	}
	return nil
}

// OnEpochBegin implements nn.Callback: it restarts the epoch's sample
// count. Its error is always nil.
func (h *History) OnEpochBegin(*nn.Trainer, int) error {
	h.samples = 0
	return nil
}

// OnStepEnd implements nn.Callback: it counts the samples trained. Its
// error is always nil.
func (h *History) OnStepEnd(_ *nn.Trainer, s *nn.StepInfo) error {
	h.samples += s.Samples
	return nil
}

// EvaluateEpoch implements nn.EpochEvaluator: it scores the model on
// Test, when set, for OnEpochEnd to record. It returns
// nn.EvaluateContext's error as it is: ctx's when ctx is done during the
// pass.
func (h *History) EvaluateEpoch(ctx context.Context, t *nn.Trainer, e *nn.EpochInfo) error {
	if h.Test == nil {
		return nil
	}
	test, err := nn.EvaluateContext(ctx, t.Model, t.Loss, h.Test, t.EvalBatch())
	if err != nil {
		return err
	}
	h.test, h.tested = test, e.Epoch
	return nil
}

// OnEpochEnd implements nn.Callback: it records the epoch's training and
// validation metrics, the test set's, the learning rate, the duration and
// the speed. SamplesPerSec counts the samples this process trained in the
// epoch: after a mid-epoch resume, EpochInfo.Samples also counts those
// before it. It returns Extra's error as it is, or, for a Test that Fit's
// EvaluateEpoch did not score, nn.Evaluate's, and then records no entry
// for the epoch.
func (h *History) OnEpochEnd(t *nn.Trainer, e *nn.EpochInfo) error {
	secs := e.Duration.Seconds()
	m := model.EpochMetrics{
		Epoch: e.Epoch, TrainLoss: e.TrainLoss, TrainAccuracy: e.TrainAccuracy,
		TestLoss: math.NaN(), TestAccuracy: math.NaN(), LR: e.LR, Seconds: secs,
	}
	if h.Test != nil {
		if h.tested != e.Epoch {
			// Not scored by Fit's EvaluateEpoch (a caller of the hooks
			// of its own): scored now.
			if err := h.EvaluateEpoch(context.Background(), t, e); err != nil {
				return err
			}
		}
		m.TestLoss, m.TestAccuracy = h.test.Loss, h.test.Accuracy
		h.tested = 0
	}
	if secs > 0 {
		m.SamplesPerSec = float64(h.samples) / secs
	}
	if e.HasVal {
		vl, va := e.ValLoss, e.ValAccuracy
		m.ValLoss, m.ValAccuracy = &vl, &va
	}
	if h.Extra != nil {
		if err := h.Extra(t, e, &m); err != nil {
			return err
		}
	}
	h.Epochs = append(h.Epochs, m)
	return nil
}

// checkHistoryBefore refuses a Trainer whose Callbacks do not list h before
// the callback self (named name) that reads h's entries at each epoch's
// end: before it, h has not recorded the epoch yet, and self would take the
// previous epoch's entry for this one.
func checkHistoryBefore(t *nn.Trainer, h *History, self nn.Callback, name string) error {
	for _, c := range t.Callbacks {
		switch c {
		case nn.Callback(h):
			return nil
		case self:
			for _, later := range t.Callbacks {
				if later == nn.Callback(h) {
					return fmt.Errorf("callbacks: the %s's History comes after it in Trainer.Callbacks; put the History before it, so that it reads each epoch's entry", name)
				}
			}
			return fmt.Errorf("callbacks: the %s's History is not in Trainer.Callbacks, so it records no epoch; add it before the %s", name, name)
		}
	}
	return nil
}
