package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// With a warm-up stepped after every optimizer step, EpochInfo.LR is the
// rate the epoch's last step used, not the one the schedule set for the
// next step, wherever the LRScheduler is in the list.
func TestEpochLRIsTheLastStepsRate(t *testing.T) {
	for _, first := range []bool{true, false} {
		tr := callbackTrainer(t, 2)
		warm, err := NewLinearLR(tr.Optimizer, 0.1, 1, 100)
		require.NoError(t, err)
		var stepLR []float64
		var epochLR []float64
		record := &epochEndFunc{f: func(e *EpochInfo) { epochLR = append(epochLR, e.LR) }}
		steps := onStep(func(s *StepInfo) error { stepLR = append(stepLR, s.LR); return nil })
		tr.Callbacks = []Callback{NewLRSchedulerPerStep(warm), steps, record}
		if !first {
			tr.Callbacks = []Callback{steps, record, NewLRSchedulerPerStep(warm)}
		}
		require.NoError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil)) // 2 steps per epoch
		require.Len(t, stepLR, 4)
		require.Equal(t, []float64{stepLR[1], stepLR[3]}, epochLR, "scheduler first: %v", first)
		require.NotEqual(t, stepLR[1], stepLR[2], "the warm-up changes the rate every step")
	}
}
