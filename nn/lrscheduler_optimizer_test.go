package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// An LRScheduler whose schedule was built on another optimizer (an
// earlier run's, reused) would change that optimizer's rates and leave
// the Trainer's alone: Fit refuses it.
func TestLRSchedulerOfAnotherOptimizerRefused(t *testing.T) {
	ds := blobs(t, 16, 8, 3, 1)
	earlier := callbackTrainer(t, 1)
	cos, err := NewCosineAnnealingLR(earlier.Optimizer, 4, 0)
	require.NoError(t, err)
	plateau := NewReduceLROnPlateau(earlier.Optimizer)
	for _, l := range []*LRScheduler{NewLRScheduler(cos), NewLRScheduler(plateau)} {
		tr := callbackTrainer(t, 2, l)
		require.EqualError(t, tr.Fit(context.Background(), ds, nil), "nn: LRScheduler's "+l.Scheduler.Name()+
			" sets the rates of another optimizer than Trainer.Optimizer (built on an earlier run's?); build it on the Trainer's optimizer")
		earlier.Callbacks = []Callback{l}
	}
	require.NoError(t, earlier.Fit(context.Background(), ds, nil))
}
