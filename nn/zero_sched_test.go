package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A schedule's zero value has no optimizer groups and would set no rate:
// LRScheduler.Setup refuses it, naming the constructor. Import of a nil
// State is an error, not a nil dereference.
func TestZeroValueScheduleAndNilStateRefused(t *testing.T) {
	for _, s := range []Scheduler{&StepLR{}, &MultiStepLR{}, &ExponentialLR{}, &CosineAnnealingLR{},
		&LinearLR{}, &ConstantLR{}, &ReduceLROnPlateau{}} {
		tr, train, val := overfitRun(t, 100, 1)
		tr.Callbacks = []Callback{NewLRScheduler(s)}
		require.EqualError(t, tr.Fit(context.Background(), train, val),
			"nn: LRScheduler's "+s.Name()+" has no optimizer: make it with nn.New"+s.Name()+"(optimizer, ...)")
		require.Zero(t, tr.GlobalStep())
	}
	tr, _, _ := overfitRun(t, 100, 1)
	require.EqualError(t, tr.Import(nil), "nn: Trainer.Import was given a nil State")
}
