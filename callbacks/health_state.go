package callbacks

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// State keys under which Trainer.Export saves Health's yardsticks (for
// the first Health of a Trainer), so a resumed run compares with the same
// ones.
const (
	FirstLossKey     = "health.first_loss"
	InitialRMSPrefix = "health.initial_rms." // + the layer's label
)

// healthKey is Health's StateKey for n 0: its entries are FirstLossKey
// and InitialRMSPrefix + label.
const healthKey = "health"

// StateKey implements nn.StatefulCallback: "health" (then "health_<n>"),
// so Trainer.Export holds the yardsticks under FirstLossKey and
// InitialRMSPrefix.
func (h *Health) StateKey(n int) string { return indexedKey(healthKey, n) }

// Export implements nn.StatefulCallback: "first_loss" (when set) and
// "initial_rms.<label>".
func (h *Health) Export() *nn.State {
	s := nn.NewState()
	for k, v := range h.InitialRMS {
		s.Scalars[strings.TrimPrefix(InitialRMSPrefix, healthKey+".")+k] = v
	}
	if h.FirstLoss != 0 {
		s.Scalars[strings.TrimPrefix(FirstLossKey, healthKey+".")] = h.FirstLoss
	}
	return s
}

// Import implements nn.StatefulCallback, restoring FirstLoss and, when s
// has them, InitialRMS from what Export saved. It returns an *nn.StateError, changing nothing, for an
// initial-RMS or first-loss entry that is negative, NaN or +Inf.
func (h *Health) Import(s *nn.State) error {
	rmsPrefix := strings.TrimPrefix(InitialRMSPrefix, healthKey+".")
	firstLoss := strings.TrimPrefix(FirstLossKey, healthKey+".")
	initial := map[string]float64{}
	for _, k := range slices.Sorted(maps.Keys(s.Scalars)) {
		v := s.Scalars[k]
		name, isRMS := strings.CutPrefix(k, rmsPrefix)
		if k != firstLoss && !isRMS {
			continue
		}
		if !(v >= 0 && !math.IsInf(v, 1)) {
			return &nn.StateError{Key: k, Problem: fmt.Sprintf("is %v, want a finite number >= 0", v)}
		}
		if isRMS {
			initial[name] = v
		}
	}
	if len(initial) > 0 {
		h.InitialRMS = initial
	}
	h.FirstLoss = s.Scalars[firstLoss]
	return nil
}
