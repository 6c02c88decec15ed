package nn

import (
	"context"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

// After a mid-epoch resume, EpochInfo.ResumedSamples counts the epoch's
// samples trained before it, which its Duration does not time.
func TestEpochInfoResumedSamples(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	first, train, val := overfitRun(t, 100, 2)
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.GlobalStep == 2 {
			cancel()
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)

	resumed, _, _ := overfitRun(t, 100, 2)
	var infos []EpochInfo
	resumed.Callbacks = append(resumed.Callbacks, onEpoch(func(e *EpochInfo) error { infos = append(infos, *e); return nil }))
	require.NoError(t, resumed.Import(first.Export()))
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Len(t, infos, 2)
	require.Equal(t, [2]int{48, 16}, [2]int{infos[0].Samples, infos[0].ResumedSamples})
	require.Equal(t, [2]int{48, 0}, [2]int{infos[1].Samples, infos[1].ResumedSamples})
}

// A mid-epoch checkpoint keeps which ReLU units the epoch's steps so far
// found active, so that the resumed epoch reports the dead-unit fractions
// the uninterrupted one does; a record that does not fit the model is a
// StateError.
func TestResumeKeepsActiveUnits(t *testing.T) {
	want, first := healthRunStoppedAt(t, 1)
	record := first.Model.healthRecord(nil)
	require.Contains(t, record, float32(1), "some unit was active in the first step")
	saved := first.Export()
	require.Equal(t, record, saved.Tensors[activeUnitsKey])

	resumed, train, val := overfitRun(t, 100, 1)
	resumed.TrackHealth = true
	got := recordEpochs(resumed)
	require.NoError(t, resumed.Model.LoadStateDict(weights(first.Model)))
	require.NoError(t, resumed.Import(saved))
	require.Equal(t, record, resumed.Model.healthRecord(nil))
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Len(t, *got, 1)
	require.Equal(t, (*want)[0].Stats, (*got)[0].Stats)

	bad := saved.Sub("")
	bad.Tensors[activeUnitsKey] = record[1:]
	other, _, _ := overfitRun(t, 100, 1)
	other.TrackHealth = true
	var se *StateError
	require.ErrorAs(t, other.Import(bad), &se)
	require.Equal(t, activeUnitsKey, se.Key)
	bad.Tensors[activeUnitsKey] = append([]float32{0.5}, record[1:]...)
	require.ErrorAs(t, other.Import(bad), &se)
}

// A cancel during the validation pass stops Fit before the pass ends, the
// epoch's steps done and the epoch not ended; resumed, Fit validates the
// epoch again and ends it as an uninterrupted run does.
func TestCancelDuringValidation(t *testing.T) {
	whole, train, val := overfitRun(t, 100, 2)
	want := weightsAfter(t, whole, train, val)

	ctx, cancel := context.WithCancel(context.Background())
	first, _, _ := overfitRun(t, 100, 2)
	first.EvalBatchSize = 8 // 6 batches of validation
	counting := &countingLoss{Loss: first.Loss}
	first.Loss = counting
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.GlobalStep == 6 { // the first epoch's last step
			counting.then, counting.cancel = 2, cancel
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)
	require.Equal(t, 2, counting.calls, "the pass stopped at its third batch")
	require.Equal(t, 0, first.Epoch())
	require.True(t, first.Model.Training(), "the mode is restored")

	resumed, _, _ := overfitRun(t, 100, 2)
	require.NoError(t, resumed.Model.LoadStateDict(weights(first.Model)))
	require.NoError(t, resumed.Import(first.Export()))
	require.Equal(t, want, weightsAfter(t, resumed, train, val))
}

// countingLoss counts the batches its Loss scores in evaluation mode and,
// after then of them, calls cancel.
type countingLoss struct {
	Loss
	then   int
	cancel func()
	calls  int
}

func (c *countingLoss) Forward(out *Tensor, b *Batch) (float64, error) {
	if c.cancel != nil {
		c.calls++
		if c.calls == c.then {
			c.cancel()
		}
	}
	return c.Loss.Forward(out, b)
}

// weightsAfter fits tr and returns its final weights.
func weightsAfter(t *testing.T, tr *Trainer, train, val *data.Dataset) map[string][]float32 {
	t.Helper()
	require.NoError(t, tr.Fit(context.Background(), train, val))
	return weights(tr.Model)
}

// recordEpochs appends to tr's callbacks one that records each epoch's
// EpochInfo in the slice returned.
func recordEpochs(tr *Trainer) *[]EpochInfo {
	var infos []EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { infos = append(infos, *e); return nil }))
	return &infos
}

// healthRunStoppedAt returns the epochs of a one-epoch overfitRun with
// TrackHealth, and the same run cancelled after its global step step.
func healthRunStoppedAt(t *testing.T, step int) (*[]EpochInfo, *Trainer) {
	whole, train, val := overfitRun(t, 100, 1)
	whole.TrackHealth = true
	want := recordEpochs(whole)
	require.NoError(t, whole.Fit(context.Background(), train, val))

	ctx, cancel := context.WithCancel(context.Background())
	first, _, _ := overfitRun(t, 100, 1)
	first.TrackHealth = true
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.GlobalStep == step {
			cancel()
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)
	return want, first
}
