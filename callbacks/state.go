package callbacks

import (
	"errors"
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

// withKeyPrefix returns err with prefix added to the key of the
// *nn.StateError it is (or wraps), for an Import given State.Sub(prefix).
func withKeyPrefix(prefix string, err error) error {
	var se *nn.StateError
	if !errors.As(err, &se) {
		return err
	}
	return &nn.StateError{Key: prefix + se.Key, Problem: se.Problem}
}

// freshRun reports whether t's Fit starts a new run (no step done), not a
// resumed one.
func freshRun(t *nn.Trainer) bool { return t.Epoch() == 0 && t.EpochStep() == 0 && t.GlobalStep() == 0 }
