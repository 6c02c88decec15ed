package nn

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Export returns everything besides the model's state_dict that a resumed
// run needs to continue bit-identically: the position ("trainer.epoch",
// "trainer.step", "trainer.global_step", the epoch's running sums), the
// shuffle RNG now and at the epoch's start, the model's RNG (Dropout),
// the optimizer's state under "optim.", and each StatefulCallback's under
// its key (see StatefulCallback): an LRScheduler's under "epoch_sched.<i>."
// or "step_sched.<i>.", EarlyStopping's under "early_stop." (with
// RestoreBest, its copy of the best weights as tensors
// "early_stop.best.<state_dict name>"). Call it between steps (from a
// Callback, or after Fit returns).
func (t *Trainer) Export() *State {
	s := NewState()
	s.setScalar("trainer.epoch", float64(t.epoch))
	s.setScalar("trainer.step", float64(t.step))
	s.setScalar("trainer.global_step", float64(t.global))
	s.setScalar("trainer.epoch_loss", t.epochLoss)
	s.setScalar("trainer.epoch_correct", float64(t.epochCorrect))
	s.setScalar("trainer.epoch_samples", float64(t.epochSamples))
	if t.epochIgnored > 0 {
		// Only then: a run that ignores no label saves what it always has.
		s.setScalar(epochIgnoredKey, float64(t.epochIgnored))
	}
	s.setScalar("trainer.epoch_grad_norm", t.epochGradNorm)
	if t.RNG != nil {
		t.exportShuffle(s)
		if t.haveEpochStart {
			s.setWord("trainer.epoch_start.hi", t.epochStartHi)
			s.setWord("trainer.epoch_start.lo", t.epochStartLo)
		}
	}
	if t.Model != nil && t.Model.RNG() != nil {
		t.Model.RNG().Export(s, "model.rng.")
	}
	if t.Model != nil && t.TrackHealth && t.step > 0 {
		// The epoch's dead-unit fractions count the units active in its
		// steps so far too.
		if rec := t.Model.healthRecord(nil); len(rec) > 0 {
			s.setTensor(activeUnitsKey, rec)
		}
		t.exportGradNorms(s)
	}
	if t.Optimizer != nil {
		s.Merge("optim.", t.Optimizer.Export())
	}
	list, prefixes := t.statefulCallbacks()
	for i, c := range list {
		s.Merge(prefixes[i], c.Export())
	}
	return s
}

// epochIgnoredKey holds, mid-epoch, how many of the epoch's samples so
// far have a label the loss ignores (IgnoredLabel), which the epoch's
// accuracy leaves out; absent, none.
const (
	epochIgnored    = "epoch_ignored"
	epochIgnoredKey = "trainer." + epochIgnored
)

// activeUnitsKey holds, mid-epoch, which ReLU units were active in the
// epoch's steps so far (Sequential.healthRecord's form); activeUnits is
// its name among trainerKeys.
const (
	activeUnits    = "active_units"
	activeUnitsKey = "trainer." + activeUnits
)

// importActiveUnits restores the record activeUnitsKey holds, if s has
// one: it must fit the model and hold only zeros and ones.
func (t *Trainer) importActiveUnits(s *State) error {
	v, ok := s.Tensors[activeUnitsKey]
	if !ok || t.Model == nil {
		return nil
	}
	if n := t.Model.healthRecordLen(); len(v) != n {
		return &StateError{Key: activeUnitsKey, Problem: fmt.Sprintf("has %d elements, but the model's ReLU layers record %d", len(v), n)}
	}
	for i, x := range v {
		if x != 0 && x != 1 {
			return &StateError{Key: activeUnitsKey, Problem: fmt.Sprintf("holds %v at %d, want 0 or 1", x, i)}
		}
	}
	t.Model.setHealthRecord(v)
	return nil
}

// exportShuffle adds the shuffle RNG's state to s. Between two epochs it is
// the state before the next epoch's order is drawn, also when Fit stopped
// after drawing it (cancelled in an OnEpochBegin), so that the resumed run
// draws the same order once.
func (t *Trainer) exportShuffle(s *State) {
	if t.step > 0 || !t.epochDrawn || !t.haveEpochStart {
		t.RNG.Export(s, "trainer.shuffle.")
		return
	}
	hi, lo := t.RNG.State()
	t.RNG.SetState(t.epochStartHi, t.epochStartLo)
	t.RNG.Export(s, "trainer.shuffle.")
	t.RNG.SetState(hi, lo)
}

// Import restores a state saved by Export into a Trainer configured like
// the one that saved it (same model, optimizer, stateful callbacks in the
// same order, batch size and dataset size); load the model's state_dict
// separately. The next Fit
// continues where the saved run was.
//
// The position must be sound: "trainer.epoch", "trainer.step",
// "trainer.global_step", "trainer.epoch_correct" and
// "trainer.epoch_samples" integers in [0, 2^53), "trainer.epoch_ignored"
// (optional: 0 when absent) one in [0, "trainer.epoch_samples"],
// "trainer.epoch_loss" and
// "trainer.epoch_grad_norm" finite; the optimizer's and the
// StatefulCallbacks' Import check their entries likewise. A bad value gives
// a *StateError naming the entry (e.g. "optim.step"). Whether the step
// fits the training set is checked by CheckPosition (Fit calls it). After
// an error the Trainer may be partly restored: build a new one.
//
// Every entry of s must have a reader in this Trainer, as PyTorch's
// load_state_dict(strict=True) requires: an entry that none would read
// (the state of a schedule or EarlyStopping this Trainer lacks, the
// shuffle RNG's with a nil RNG, the optimizer's with a nil Optimizer)
// is an error naming the entries, before anything is restored, since
// ignoring it would continue another run than the saved one. A nil s is
// an error.
func (t *Trainer) Import(s *State) error {
	if s == nil {
		return errors.New("nn: Trainer.Import was given a nil State")
	}
	if err := t.checkConsumed(s); err != nil {
		return err
	}
	var counts [5]int
	for i, k := range []string{"epoch", "step", "global_step", "epoch_correct", "epoch_samples"} {
		n, err := s.count("trainer." + k)
		if err != nil {
			return err
		}
		counts[i] = n
	}
	ignored := 0
	if _, ok := s.Scalars[epochIgnoredKey]; ok {
		n, err := s.count(epochIgnoredKey)
		if err != nil {
			return err
		}
		if n > counts[4] {
			return &StateError{Key: epochIgnoredKey, Problem: fmt.Sprintf("is %d, more than the epoch's %d samples (trainer.epoch_samples)", n, counts[4])}
		}
		ignored = n
	}
	var sums [2]float64
	for i, k := range []string{"epoch_loss", "epoch_grad_norm"} {
		x, err := s.finite("trainer." + k)
		if err != nil {
			return err
		}
		sums[i] = x
	}
	if t.RNG != nil {
		if err := t.RNG.Import(s, "trainer.shuffle."); err != nil {
			return err
		}
		hi, errHi := s.word("trainer.epoch_start.hi")
		lo, errLo := s.word("trainer.epoch_start.lo")
		t.haveEpochStart = errHi == nil && errLo == nil
		t.epochStartHi, t.epochStartLo = hi, lo
		t.epochDrawn = false
	}
	if t.Model != nil && t.Model.RNG() != nil {
		if err := t.Model.RNG().Import(s, "model.rng."); err != nil {
			return err
		}
	}
	if err := t.importActiveUnits(s); err != nil {
		return err
	}
	if err := t.importGradNorms(s); err != nil {
		return err
	}
	if t.Optimizer != nil {
		if err := t.Optimizer.Import(s.Sub("optim.")); err != nil {
			return fmt.Errorf("optimizer: %w", withPrefix("optim.", err))
		}
	}
	list, prefixes := t.statefulCallbacks()
	for i, c := range list {
		if err := c.Import(s.Sub(prefixes[i])); err != nil {
			var se *StateError
			if errors.As(err, &se) {
				se.Key = prefixes[i] + se.Key
			}
			return err
		}
		if mc, ok := c.(modelStateChecker); ok && t.Model != nil {
			if err := mc.checkModel(t.Model); err != nil {
				return err
			}
		}
	}
	t.epoch, t.step, t.global, t.epochCorrect, t.epochSamples = counts[0], counts[1], counts[2], counts[3], counts[4]
	t.epochIgnored = ignored
	t.epochLoss, t.epochGradNorm = sums[0], sums[1]
	return nil
}

// checkConsumed returns an error naming the entries of s that Import
// would give to no reader.
func (t *Trainer) checkConsumed(s *State) error {
	var prefixes []string
	if t.Model != nil && t.Model.RNG() != nil {
		prefixes = append(prefixes, "model.rng.")
	}
	if t.Optimizer != nil {
		prefixes = append(prefixes, "optim.")
	}
	_, cbPrefixes := t.statefulCallbacks()
	prefixes = append(prefixes, cbPrefixes...)
	read := func(k string) bool {
		if rest, ok := strings.CutPrefix(k, "trainer."); ok {
			return trainerKeys[rest] || strings.HasPrefix(rest, layerGradNorm) || t.RNG != nil && (strings.HasPrefix(rest, "shuffle.") || strings.HasPrefix(rest, "epoch_start."))
		}
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
		return false
	}
	unread := unreadKeys(s.Tensors, read)
	unread = append(unread, unreadKeys(s.Scalars, read)...)
	unread = append(unread, unreadKeys(s.Words, read)...)
	if len(unread) == 0 {
		return nil
	}
	slices.Sort(unread)
	for i, k := range unread {
		unread[i] = strconv.Quote(k)
	}
	return fmt.Errorf("nn: Trainer.Import: this Trainer has nothing that reads state entries %s, saved by a schedule, EarlyStopping or other stateful callback, RNG or optimizer it lacks; give it the same stateful callbacks, in the same order, as the Trainer that exported the state", listSome(unread, 8))
}

// trainerKeys are the "trainer." entries Import reads besides the shuffle
// RNG's.
var trainerKeys = map[string]bool{"epoch": true, "step": true, "global_step": true, "epoch_loss": true,
	"epoch_correct": true, "epoch_samples": true, "epoch_grad_norm": true, activeUnits: true, epochIgnored: true}

// unreadKeys returns the keys of m that read rejects.
func unreadKeys[V any](m map[string]V, read func(string) bool) []string {
	var keys []string
	for k := range m {
		if !read(k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// CheckPosition reports whether the position restored by Import fits a
// training set of n samples in batches of BatchSize: the steps completed in
// the current epoch ("trainer.step") must be at most its ceil(n/BatchSize)
// batches, else it returns a *StateError (and a plain error for a
// BatchSize <= 0). Fit checks it before training.
func (t *Trainer) CheckPosition(n int) error {
	if t.BatchSize <= 0 {
		return fmt.Errorf("nn: batch size %d must be positive", t.BatchSize)
	}
	if steps := (n + t.BatchSize - 1) / t.BatchSize; t.step > steps {
		return &StateError{Key: "trainer.step", Problem: fmt.Sprintf("is %d, beyond the %d batches of an epoch (%d samples in batches of %d)", t.step, steps, n, t.BatchSize)}
	}
	return nil
}
