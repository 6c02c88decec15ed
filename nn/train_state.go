package nn

import (
	"fmt"
	"strconv"
)

// Export returns everything besides the model's state_dict that a resumed
// run needs to continue bit-identically: the position ("trainer.epoch",
// "trainer.step", "trainer.global_step", the epoch's running sums), the
// shuffle RNG now and at the epoch's start, the model's RNG (Dropout),
// the optimizer's state under "optim.", each scheduler's under
// "epoch_sched.<i>." and "step_sched.<i>.", and early stopping's under
// "early_stop." (with RestoreBest, its copy of the best weights as tensors
// "early_stop.best.<state_dict name>"). Call it between steps (in OnStep or OnEpoch, or after Fit
// returns).
func (t *Trainer) Export() *State {
	s := NewState()
	s.setScalar("trainer.epoch", float64(t.epoch))
	s.setScalar("trainer.step", float64(t.step))
	s.setScalar("trainer.global_step", float64(t.global))
	s.setScalar("trainer.epoch_loss", t.epochLoss)
	s.setScalar("trainer.epoch_correct", float64(t.epochCorrect))
	s.setScalar("trainer.epoch_samples", float64(t.epochSamples))
	s.setScalar("trainer.epoch_grad_norm", t.epochGradNorm)
	if t.RNG != nil {
		t.RNG.Export(s, "trainer.shuffle.")
		if t.haveEpochStart {
			s.setWord("trainer.epoch_start.hi", t.epochStartHi)
			s.setWord("trainer.epoch_start.lo", t.epochStartLo)
		}
	}
	if t.Model != nil && t.Model.RNG() != nil {
		t.Model.RNG().Export(s, "model.rng.")
	}
	if t.Optimizer != nil {
		s.Merge("optim.", t.Optimizer.Export())
	}
	for i, sc := range t.EpochSchedulers {
		s.Merge("epoch_sched."+strconv.Itoa(i)+".", sc.Export())
	}
	for i, sc := range t.StepSchedulers {
		s.Merge("step_sched."+strconv.Itoa(i)+".", sc.Export())
	}
	if t.EarlyStopping != nil {
		s.Merge("early_stop.", t.EarlyStopping.Export())
	}
	return s
}

// Import restores a state saved by Export into a Trainer configured like
// the one that saved it (same model, optimizer, schedulers, batch size and
// dataset size); load the model's state_dict separately. The next Fit
// continues where the saved run was.
func (t *Trainer) Import(s *State) error {
	var v [7]float64
	for i, k := range []string{"epoch", "step", "global_step", "epoch_loss", "epoch_correct", "epoch_samples", "epoch_grad_norm"} {
		x, err := s.scalar("trainer." + k)
		if err != nil {
			return err
		}
		v[i] = x
	}
	if t.RNG != nil {
		if err := t.RNG.Import(s, "trainer.shuffle."); err != nil {
			return err
		}
		hi, errHi := s.word("trainer.epoch_start.hi")
		lo, errLo := s.word("trainer.epoch_start.lo")
		t.haveEpochStart = errHi == nil && errLo == nil
		t.epochStartHi, t.epochStartLo = hi, lo
	}
	if t.Model != nil && t.Model.RNG() != nil {
		if err := t.Model.RNG().Import(s, "model.rng."); err != nil {
			return err
		}
	}
	if t.Optimizer != nil {
		if err := t.Optimizer.Import(s.Sub("optim.")); err != nil {
			return fmt.Errorf("optimizer: %w", err)
		}
	}
	for i, sc := range t.EpochSchedulers {
		if err := sc.Import(s.Sub("epoch_sched." + strconv.Itoa(i) + ".")); err != nil {
			return fmt.Errorf("scheduler %s: %w", sc.Name(), err)
		}
	}
	for i, sc := range t.StepSchedulers {
		if err := sc.Import(s.Sub("step_sched." + strconv.Itoa(i) + ".")); err != nil {
			return fmt.Errorf("scheduler %s: %w", sc.Name(), err)
		}
	}
	if t.EarlyStopping != nil {
		if err := t.EarlyStopping.Import(s.Sub("early_stop.")); err != nil {
			return err
		}
		if t.Model != nil {
			if err := t.EarlyStopping.checkBest(t.Model); err != nil {
				return err
			}
		}
	}
	t.epoch, t.step, t.global = int(v[0]), int(v[1]), int(v[2])
	t.epochLoss, t.epochCorrect, t.epochSamples, t.epochGradNorm = v[3], int(v[4]), int(v[5]), v[6]
	return nil
}
