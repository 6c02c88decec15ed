package callbacks

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// An error a callback returns comes back saying which callback, hook and
// position it came from, still matching errors.Is; a Checkpoint whose
// Snapshot returns nil names Snapshot, the path and the epoch.
func TestCallbackErrorsSayWhereTheyCameFrom(t *testing.T) {
	failed := errors.New("my callback failed")
	tr, ds := blobTrainer(t, 16, 3)
	tr.Callbacks = []nn.Callback{&History{}, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.GlobalStep == 6 {
			return failed
		}
		return nil
	}}}
	err := tr.Fit(context.Background(), ds, nil)
	require.ErrorIs(t, err, failed)
	require.EqualError(t, err, "nn: Callbacks[1] (*callbacks.Lambda) OnStepEnd in epoch 2 at global step 6: my callback failed")

	path := filepath.Join(t.TempDir(), "m.safetensors")
	tr, ds = blobTrainer(t, 16, 3)
	tr.Callbacks = []nn.Callback{&Checkpoint{Path: path, Snapshot: func(*nn.Trainer) *model.Model { return nil }}}
	err = tr.Fit(context.Background(), ds, nil)
	require.EqualError(t, err, "nn: Callbacks[0] (*callbacks.Checkpoint) OnEpochEnd in epoch 1 at global step 4: callbacks: Checkpoint.Snapshot returned nil for "+path+" after epoch 1; it must return the model to save")
}
