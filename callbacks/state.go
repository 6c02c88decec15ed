package callbacks

import (
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// indexedKey is a StateKey: key for the first callback of its kind in a
// Trainer, key_<n> for the n-th other.
func indexedKey(key string, n int) string {
	if n == 0 {
		return key
	}
	return key + "_" + strconv.Itoa(n)
}

// freshRun reports whether t's Fit starts a new run (no step done), not a
// resumed one.
func freshRun(t *nn.Trainer) bool { return t.Epoch() == 0 && t.EpochStep() == 0 && t.GlobalStep() == 0 }
