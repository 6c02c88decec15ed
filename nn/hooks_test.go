package nn

// hooks is a test callback made of an OnStepEnd and an OnEpochEnd
// function (either may be nil), as callbacks.Lambda, which nn's tests
// cannot import.
type hooks struct {
	BaseCallback
	step  func(*StepInfo) error
	epoch func(*EpochInfo) error
}

func (h *hooks) OnStepEnd(_ *Trainer, s *StepInfo) error {
	if h.step == nil {
		return nil
	}
	return h.step(s)
}

func (h *hooks) OnEpochEnd(_ *Trainer, e *EpochInfo) error {
	if h.epoch == nil {
		return nil
	}
	return h.epoch(e)
}

func onStep(f func(*StepInfo) error) *hooks   { return &hooks{step: f} }
func onEpoch(f func(*EpochInfo) error) *hooks { return &hooks{epoch: f} }
