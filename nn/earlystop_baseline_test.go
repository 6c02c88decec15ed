package nn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEarlyStoppingBaseline steps the rule of Keras's baseline: an epoch
// that improves on the best but not on the baseline becomes the best and
// still counts towards patience; one that beats both resets the count.
func TestEarlyStoppingBaseline(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	w := m.Params()[0].Value.Data
	base := 0.5
	es := &EarlyStopping{Patience: 2, Baseline: &base, RestoreBest: true}
	step := func(metric float64, epoch int) bool {
		w[0] = float32(epoch)
		return es.update(metric, epoch, m)
	}
	require.False(t, step(0.9, 1), "best, but above the baseline: wait 1")
	require.Equal(t, 1, es.BestEpoch())
	require.True(t, step(0.8, 2), "best again, still above the baseline: wait 2 = patience")
	require.Equal(t, 2, es.BestEpoch(), "the epoch that improved is the best, baseline or not")
	require.NoError(t, es.restoreBest(m))
	require.Equal(t, float32(2), w[0])

	es = &EarlyStopping{Patience: 2, Baseline: &base}
	require.False(t, step(0.9, 1))
	require.False(t, step(0.4, 2), "below the baseline: wait back to 0")
	require.False(t, step(0.45, 3), "wait 1")
	require.True(t, step(0.41, 4), "wait 2")

	// MinDelta applies to the baseline too, and mode max mirrors it.
	acc := 0.8
	es = &EarlyStopping{Monitor: MetricValAccuracy, Patience: 1, MinDelta: 0.05, Baseline: &acc}
	require.True(t, es.update(0.82, 1, m), "0.82 − 0.05 does not beat 0.8: patience 1 reached")
	es = &EarlyStopping{Monitor: MetricValAccuracy, Patience: 1, MinDelta: 0.05, Baseline: &acc}
	require.False(t, es.update(0.9, 1, m))

	// Patience 0 with a baseline never beaten stops at the first epoch.
	es = &EarlyStopping{Baseline: &base}
	require.True(t, es.update(0.9, 1, m))

	nan := math.NaN()
	require.ErrorContains(t, (&EarlyStopping{Baseline: &nan}).check(), "EarlyStopping.Baseline is NaN")
}

// TestEarlyStoppingStartFromEpoch: the first StartFromEpoch epochs are
// not watched (Keras's start_from_epoch, 0-based there: epoch <
// start_from_epoch), so a run whose metric only worsens stops Patience+1
// epochs after them.
func TestEarlyStoppingStartFromEpoch(t *testing.T) {
	tr, train, val := overfitRun(t, 1, 40)
	var first []EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { first = append(first, *e); return nil }))
	require.NoError(t, tr.Fit(context.Background(), train, val))
	stop := first[len(first)-1].Epoch

	tr, _, _ = overfitRun(t, 1, 40)
	es := earlyStop(tr)
	es.StartFromEpoch = stop
	var infos []EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { infos = append(infos, *e); return nil }))
	require.NoError(t, tr.Fit(context.Background(), train, val))
	for _, e := range infos[:stop] {
		require.Zero(t, e.BestEpoch, "epoch %d is in the warm-up", e.Epoch)
		require.False(t, e.StopEarly)
	}
	require.Greater(t, es.BestEpoch(), stop)
	require.Greater(t, es.StoppedEpoch(), stop+1, "watching starts after the warm-up")

	tr, _, _ = overfitRun(t, 1, 40)
	earlyStop(tr).StartFromEpoch = -1
	require.ErrorContains(t, tr.Fit(context.Background(), train, val), "EarlyStopping.StartFromEpoch -1 is negative")
}

// TestEarlyStoppingBaselineResume interrupts a run with a warm-up and a
// baseline, once in the warm-up and once after it, and requires each
// resumed run to stop at the same epoch with the same weights as the
// uninterrupted one, bit for bit: the settings add no state.
func TestEarlyStoppingBaselineResume(t *testing.T) {
	set := func(tr *Trainer) {
		es := earlyStop(tr)
		base := 0.0 // never beaten: the run stops Patience epochs after the warm-up
		es.StartFromEpoch, es.Baseline = 3, &base
	}
	full, train, val := overfitRun(t, 4, 40)
	set(full)
	require.NoError(t, full.Fit(context.Background(), train, val))
	stopped := earlyStop(full).StoppedEpoch()
	require.Equal(t, 3+4, stopped)

	for _, at := range []int{2, 5} {
		first, _, _ := overfitRun(t, 4, 40)
		set(first)
		first.Callbacks = append(first.Callbacks, onEpoch(func(e *EpochInfo) error {
			if e.Epoch == at {
				return ErrStop
			}
			return nil
		}))
		require.NoError(t, first.Fit(context.Background(), train, val))
		restored := NewState()
		saved := first.Export()
		restored.Tensors = saved.Tensors
		require.NoError(t, restored.ParseStrings(saved.Strings()))

		second, _, _ := overfitRun(t, 4, 40)
		set(second)
		require.NoError(t, second.Model.LoadStateDict(weights(first.Model)))
		require.NoError(t, second.Import(restored))
		require.NoError(t, second.Fit(context.Background(), train, val))
		require.Equal(t, stopped, earlyStop(second).StoppedEpoch(), "interrupted after epoch %d", at)
		require.Equal(t, earlyStop(full).BestEpoch(), earlyStop(second).BestEpoch())
		require.Equal(t, weights(full.Model), weights(second.Model))
	}
}
