package nn

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// layerGradNorm is the prefix, among trainerKeys' entries, of the last
// step's gradient norm of each layer (by its index), which a checkpoint
// taken mid-epoch keeps: Stats reads them off the gradients, which a
// checkpoint does not hold, and a Fit resumed after the epoch's last step
// runs no step that would compute them again.
const (
	layerGradNorm    = "layer_grad_norm."
	layerGradNormKey = "trainer." + layerGradNorm
)

// exportGradNorms adds the layers' gradient norms to s, between two steps
// of an epoch: those an Import kept when no step has run since (the
// gradients are then not the last step's), so a run interrupted again
// before its first step still carries them.
func (t *Trainer) exportGradNorms(s *State) {
	stats := t.Model.Stats()
	for i, st := range stats {
		norm := st.GradNorm
		if len(t.resumedGradNorms) == len(stats) {
			norm = t.resumedGradNorms[i]
		}
		s.setScalar(layerGradNormKey+strconv.Itoa(i), norm)
	}
}

// importGradNorms keeps the norms exportGradNorms saved, if s has them,
// for the epoch's end when no step comes before it: one per layer of the
// model, each finite and >= 0.
func (t *Trainer) importGradNorms(s *State) error {
	var norms []float64
	for _, k := range slices.Sorted(maps.Keys(s.Scalars)) {
		v := s.Scalars[k]
		rest, ok := strings.CutPrefix(k, layerGradNormKey)
		if !ok {
			continue
		}
		i, err := strconv.Atoi(rest)
		if err != nil || t.Model == nil || i < 0 || i >= len(t.Model.Layers) {
			return &StateError{Key: k, Problem: "names no layer of the model"}
		}
		if !(v >= 0) || math.IsInf(v, 1) {
			return &StateError{Key: k, Problem: fmt.Sprintf("is %v, want a finite number >= 0", v)}
		}
		if norms == nil {
			norms = make([]float64, len(t.Model.Layers))
		}
		norms[i] = v
	}
	t.resumedGradNorms = norms
	return nil
}
