package nn

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// StateKey implements StatefulCallback: the entries are under
// "early_stop." (the names brawn checkpoints have always used), those of
// a second EarlyStopping in the same Trainer under "early_stop_1.", and so
// on.
func (e *EarlyStopping) StateKey(n int) string {
	if n == 0 {
		return "early_stop"
	}
	return "early_stop_" + strconv.Itoa(n)
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
		return err
	}
	if math.IsNaN(best) {
		return &StateError{Key: "best", Problem: "is NaN, want the best metric so far"}
	}
	var counts [2]int
	for i, k := range []string{"best_epoch", "wait"} {
		if counts[i], err = s.count(k); err != nil {
			return err
		}
	}
	started, err := s.scalar("started")
	if err != nil {
		return err
	}
	if started != 0 && started != 1 {
		return &StateError{Key: "started", Problem: fmt.Sprintf("is %v, want 0 or 1", started)}
	}
	stopped := 0
	if _, ok := s.Scalars["stopped_epoch"]; ok { // absent from states saved before it existed
		if stopped, err = s.count("stopped_epoch"); err != nil {
			return err
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
			return fmt.Errorf("nn: EarlyStopping: the state records a best epoch (%d) but no best weights (tensors %q...); it was saved without RestoreBest", counts[0], bestPrefix)
		}
	}
	e.best, e.bestEpoch, e.wait, e.started, e.stopped = best, counts[0], counts[1], started == 1, stopped
	e.bestState = bestState
	return nil
}

// checkModel implements modelStateChecker: it reports whether the
// imported best weights fit m's state_dict.
func (e *EarlyStopping) checkModel(m *Sequential) error {
	if e.bestState == nil {
		return nil
	}
	if err := m.checkStateDict(e.bestState); err != nil {
		return fmt.Errorf("EarlyStopping best weights: %w", err)
	}
	return nil
}
