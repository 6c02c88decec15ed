package callbacks

import "github.com/brawn-ml/brawn/nn"

// Lambda is a callback made of functions, as keras.callbacks.LambdaCallback:
// each method calls its function, or returns nil when it is nil.
type Lambda struct {
	TrainBegin func(t *nn.Trainer) error                  // nn.Callback.OnTrainBegin (Keras's on_train_begin)
	TrainEnd   func(t *nn.Trainer, err error) error       // OnTrainEnd, err being how Fit ends
	EpochBegin func(t *nn.Trainer, epoch int) error       // OnEpochBegin, epoch counted from 1
	EpochEnd   func(t *nn.Trainer, e *nn.EpochInfo) error // OnEpochEnd
	StepEnd    func(t *nn.Trainer, s *nn.StepInfo) error  // OnStepEnd (Keras's on_train_batch_end)
}

// OnTrainBegin implements nn.Callback with TrainBegin, returning its error; nil
// when TrainBegin is nil.
func (l *Lambda) OnTrainBegin(t *nn.Trainer) error {
	if l.TrainBegin == nil {
		return nil
	}
	return l.TrainBegin(t)
}

// OnTrainEnd implements nn.Callback with TrainEnd, returning its error; nil
// when TrainEnd is nil.
func (l *Lambda) OnTrainEnd(t *nn.Trainer, err error) error {
	if l.TrainEnd == nil {
		return nil
	}
	return l.TrainEnd(t, err)
}

// OnEpochBegin implements nn.Callback with EpochBegin, returning its error; nil
// when EpochBegin is nil.
func (l *Lambda) OnEpochBegin(t *nn.Trainer, epoch int) error {
	if l.EpochBegin == nil {
		return nil
	}
	return l.EpochBegin(t, epoch)
}

// OnEpochEnd implements nn.Callback with EpochEnd, returning its error; nil
// when EpochEnd is nil.
func (l *Lambda) OnEpochEnd(t *nn.Trainer, e *nn.EpochInfo) error {
	if l.EpochEnd == nil {
		return nil
	}
	return l.EpochEnd(t, e)
}

// OnStepEnd implements nn.Callback with StepEnd, returning its error; nil
// when StepEnd is nil.
func (l *Lambda) OnStepEnd(t *nn.Trainer, s *nn.StepInfo) error {
	if l.StepEnd == nil {
		return nil
	}
	return l.StepEnd(t, s)
}
