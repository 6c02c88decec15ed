//go:build !mpi || !cgo

package mpi

import (
	"errors"

	"github.com/brawn-ml/brawn/dist"
)

// Built reports whether this binary has the MPI binding (build tag mpi).
const Built = false

// ErrNotBuilt is Init's error in a binary built without the tag mpi.
var ErrNotBuilt = errors.New("this brawn was built without MPI; " + BuildHint)

// Init returns ErrNotBuilt: this binary has no MPI binding.
func Init() (dist.Comm, error) { return nil, ErrNotBuilt }

// Finalize does nothing without MPI: its error is always nil.
func Finalize() error { return nil }
