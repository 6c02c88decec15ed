package nn

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// epochBeginFunc is a Callback whose OnEpochBegin calls f.
type epochBeginFunc struct {
	BaseCallback
	f func(epoch int)
}

func (c epochBeginFunc) OnEpochBegin(_ *Trainer, epoch int) error { c.f(epoch); return nil }

// TestResumeAtEpochBoundary interrupts a run at the last step of epoch 1
// (the context is cancelled there, so Fit stops before the epoch's
// validation pass, its steps done and the epoch not ended) and in epoch
// 2's OnEpochBegin, and requires the run resumed from Export, and the same
// Trainer fitted again, to end with an uninterrupted run's weights: epoch
// 1 must end once and the shuffle of epoch 2 be drawn once, whenever the
// run stops.
func TestResumeAtEpochBoundary(t *testing.T) {
	ds := blobs(t, 200, 8, 3, 1) // 9 steps of 24 per epoch
	val := blobs(t, 50, 8, 3, 2)
	full := richTrainer(t, 0)
	require.NoError(t, full.Fit(context.Background(), ds, val))
	for _, stop := range []string{"last step", "epoch begin"} {
		first := richTrainer(t, 0)
		ctx, cancel := context.WithCancel(context.Background())
		if stop == "last step" {
			first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
				if s.Epoch == 1 && s.Step == s.Steps {
					cancel()
				}
				return nil
			}))
		} else {
			first.Callbacks = append(first.Callbacks, epochBeginFunc{f: func(epoch int) {
				if epoch == 2 {
					cancel()
				}
			}})
		}
		require.ErrorIs(t, first.Fit(ctx, ds, val), context.Canceled, stop)
		if stop == "last step" {
			require.Equal(t, 0, first.Epoch(), stop)
			require.Equal(t, 9, first.EpochStep(), stop)
		} else {
			require.Equal(t, 1, first.Epoch(), stop)
			require.Equal(t, 0, first.EpochStep(), stop)
		}
		saved := first.Export()
		restored := NewState()
		restored.Tensors = saved.Tensors
		require.NoError(t, restored.ParseStrings(saved.Strings()))

		second := richTrainer(t, 0)
		require.NoError(t, second.Model.LoadStateDict(weights(first.Model)))
		require.NoError(t, second.Import(restored))
		require.NoError(t, second.Fit(context.Background(), ds, val))
		require.True(t, reflect.DeepEqual(weights(full.Model), weights(second.Model)), "resumed after a stop at the %s", stop)

		require.NoError(t, first.Fit(context.Background(), ds, val))
		require.True(t, reflect.DeepEqual(weights(full.Model), weights(first.Model)), "the same Trainer fitted again after a stop at the %s", stop)
	}
}
