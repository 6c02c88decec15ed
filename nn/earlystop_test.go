package nn

import (
	"context"
	"math"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

// TestEarlyStoppingKerasRules steps EarlyStopping through the rules of
// keras.callbacks.EarlyStopping.on_epoch_end (mode "min"): wait += 1; an
// epoch improves when current + min_delta < best (Keras negates min_delta
// in min mode), resetting wait; training stops when wait >= patience, and
// restore_best_weights then loads the best epoch's weights.
func TestEarlyStoppingKerasRules(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1), NewBatchNorm1d(1))
	require.NoError(t, err)
	w, rm := m.Params()[0].Value.Data, m.Buffers()[0].Value.Data
	es := &EarlyStopping{Patience: 2, MinDelta: 0.01, RestoreBest: true}
	step := func(metric float64, epoch int, weight, runningMean float32) bool {
		w[0], rm[0] = weight, runningMean
		stop := es.update(metric, epoch, m)
		return stop
	}
	require.False(t, step(1.0, 1, 1, 10))
	first := &es.bestState["0.weight"][0]
	require.False(t, step(0.5, 2, 2, 20), "0.5 + 0.01 < 1: best")
	require.Same(t, first, &es.bestState["0.weight"][0], "the best weights' buffer is allocated once")
	require.False(t, step(0.495, 3, 3, 30), "0.495 + 0.01 >= 0.5: wait 1")
	require.True(t, step(0.6, 4, 4, 40), "wait 2 = patience")
	require.Equal(t, 2, es.BestEpoch())
	require.Equal(t, float32(4), w[0], "the stopping epoch's weights until restoreBest")
	require.NoError(t, es.restoreBest(m))
	require.Equal(t, float32(2), w[0], "best weight restored")
	require.Equal(t, float32(20), rm[0], "best running_mean restored (Keras's get_weights includes non-trainable weights)")

	// Patience 0 stops at the first epoch that does not improve.
	es = &EarlyStopping{Patience: 0}
	stop := es.update(1, 1, m)
	require.False(t, stop)
	stop = es.update(1, 2, m)
	require.True(t, stop, "an equal value is no improvement")

	// Keeping a new best copies into the existing buffer.
	es = &EarlyStopping{Patience: 5, RestoreBest: true}
	metric := 100.0
	es.update(metric, 1, m)
	allocs := testing.AllocsPerRun(10, func() {
		metric--
		es.update(metric, 2, m)
	})
	require.Zero(t, allocs)
}

// overfitRun trains on one set of blobs and validates on blobs with other
// class centres, so the validation loss is best early and then worsens.
func overfitRun(t *testing.T, patience, epochs int) (*Trainer, *data.Dataset, *data.Dataset) {
	train := blobs(t, 48, 8, 3, 1)
	val := blobs(t, 48, 8, 3, 2)
	m, err := NewSequential(8, NewLinear(8, 16), NewBatchNorm1d(16), NewReLU(), NewLinear(16, 3))
	require.NoError(t, err)
	m.Init(NewRNG(3), KaimingUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.05, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	es := NewEarlyStopping(patience)
	es.RestoreBest = true
	return &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 8, Epochs: epochs,
		RNG: NewRNG(4), Callbacks: []Callback{es}}, train, val
}

// TestEarlyStoppingRestoreInTrainer checks, against the weights recorded
// at each epoch's end, that an early stop leaves the best epoch's weights
// and that a run reaching its last epoch keeps the last weights (Keras
// restores only when it stops early).
func TestEarlyStoppingRestoreInTrainer(t *testing.T) {
	tr, train, val := overfitRun(t, 3, 40)
	perEpoch := map[int]map[string][]float32{}
	var last EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error {
		if !e.StopEarly {
			perEpoch[e.Epoch] = weights(tr.Model)
		}
		last = *e
		return nil
	}))
	require.NoError(t, tr.Fit(context.Background(), train, val))
	require.True(t, last.StopEarly)
	require.Less(t, last.BestEpoch, last.Epoch)
	require.Equal(t, perEpoch[last.BestEpoch], weights(tr.Model))

	// The same run with 1 epoch fewer than the stop and patience large
	// enough never stops: the model keeps its last weights.
	tr2, _, _ := overfitRun(t, 100, last.Epoch-1)
	var info EpochInfo
	tr2.Callbacks = append(tr2.Callbacks, onEpoch(func(e *EpochInfo) error { info = *e; return nil }))
	require.NoError(t, tr2.Fit(context.Background(), train, val))
	require.False(t, info.StopEarly)
	require.Equal(t, last.BestEpoch, info.BestEpoch)
	require.Equal(t, perEpoch[last.Epoch-1], weights(tr2.Model))
	require.NotEqual(t, perEpoch[last.BestEpoch], weights(tr2.Model))
}

// TestEarlyStoppingResume interrupts a run after its best epoch, carries
// the Trainer's State through the string encoding of a checkpoint header,
// and requires the resumed run to stop at the same epoch with the same
// restored weights as the uninterrupted run, bit for bit.
func TestEarlyStoppingResume(t *testing.T) {
	full, train, val := overfitRun(t, 3, 40)
	var stopAt, bestAt int
	full.Callbacks = append(full.Callbacks, onEpoch(func(e *EpochInfo) error { stopAt, bestAt = e.Epoch, e.BestEpoch; return nil }))
	require.NoError(t, full.Fit(context.Background(), train, val))
	require.Less(t, bestAt, stopAt)

	first, _, _ := overfitRun(t, 3, 40)
	first.Callbacks = append(first.Callbacks, onEpoch(func(e *EpochInfo) error {
		if e.Epoch == bestAt+1 {
			return ErrStop
		}
		return nil
	}))
	require.NoError(t, first.Fit(context.Background(), train, val))
	saved := first.Export()
	require.Contains(t, saved.Tensors, "early_stop.best.0.weight")
	require.Contains(t, saved.Tensors, "early_stop.best.1.running_var")
	restored := NewState()
	restored.Tensors = saved.Tensors
	require.NoError(t, restored.ParseStrings(saved.Strings()))

	second, _, _ := overfitRun(t, 3, 40)
	require.NoError(t, second.Model.LoadStateDict(weights(first.Model)))
	require.NoError(t, second.Import(restored))
	var info EpochInfo
	second.Callbacks = append(second.Callbacks, onEpoch(func(e *EpochInfo) error { info = *e; return nil }))
	require.NoError(t, second.Fit(context.Background(), train, val))
	require.True(t, info.StopEarly)
	require.Equal(t, stopAt, info.Epoch)
	require.Equal(t, bestAt, info.BestEpoch)
	require.Equal(t, weights(full.Model), weights(second.Model))

	// A state without the best weights cannot feed RestoreBest, and best
	// weights of another model are refused.
	noBest := NewState()
	noBest.Merge("", restored)
	for k := range noBest.Tensors {
		if len(k) > 16 && k[:16] == "early_stop.best." {
			delete(noBest.Tensors, k)
		}
	}
	third, _, _ := overfitRun(t, 3, 40)
	require.ErrorContains(t, third.Import(noBest), "no best weights")
	other := NewState()
	other.Merge("", restored)
	other.Tensors["early_stop.best.0.weight"] = make([]float32, 3)
	require.ErrorContains(t, third.Import(other), `EarlyStopping best weights: nn: the state_dict does not fit the model: entries of another size "0.weight" has 3 elements`)
}

// TestEarlyStoppingRuns: one EarlyStopping reused by a fresh Trainer
// starts afresh (Keras resets at the start of training), and Fit on a run
// it has stopped returns at once without training, also after the stopped
// run's State is exported and imported.
func TestEarlyStoppingRuns(t *testing.T) {
	first, train, val := overfitRun(t, 3, 40)
	require.NoError(t, first.Fit(context.Background(), train, val))
	es := earlyStop(first)
	stopped := es.StoppedEpoch()
	require.Positive(t, stopped)
	require.Equal(t, stopped, first.Epoch())

	// Fit again, with more epochs allowed: nothing happens.
	before := weights(first.Model)
	first.Epochs = 60
	require.NoError(t, first.Fit(context.Background(), train, val))
	require.Equal(t, stopped, first.Epoch())
	require.Equal(t, before, weights(first.Model))

	// The same through a resumed Trainer.
	resumed, _, _ := overfitRun(t, 3, 60)
	require.NoError(t, resumed.Import(first.Export()))
	require.Equal(t, stopped, earlyStop(resumed).StoppedEpoch())
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Equal(t, stopped, resumed.Epoch())

	// A fresh run sharing es stops where a run with its own would.
	second, _, _ := overfitRun(t, 3, 40)
	second.Callbacks[0] = es
	require.NoError(t, second.Fit(context.Background(), train, val))
	own, _, _ := overfitRun(t, 3, 40)
	require.NoError(t, own.Fit(context.Background(), train, val))
	require.Equal(t, own.Epoch(), second.Epoch())
	require.Equal(t, earlyStop(own).BestEpoch(), es.BestEpoch())
	require.Equal(t, weights(own.Model), weights(second.Model))
}

// TestEarlyStoppingNaNAndSettings: best starts at +Inf, so a NaN metric is
// never the best (Keras), MinDelta counts by its absolute value (Keras
// takes abs(min_delta)), and Fit refuses a negative Patience or a NaN
// MinDelta.
func TestEarlyStoppingNaNAndSettings(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	es := &EarlyStopping{Patience: 2, RestoreBest: true}
	stop := es.update(math.NaN(), 1, m)
	require.False(t, stop)
	require.Zero(t, es.BestEpoch(), "a NaN epoch is not the best")
	stop = es.update(0.5, 2, m)
	require.False(t, stop)
	require.Equal(t, 2, es.BestEpoch(), "the first finite metric improves on +Inf")

	es = &EarlyStopping{Patience: 1, MinDelta: -0.1}
	es.update(1, 1, m)
	stop = es.update(0.95, 2, m)
	require.True(t, stop, "0.95 + |−0.1| >= 1: no improvement")

	tr, train, val := overfitRun(t, 3, 5)
	earlyStop(tr).Patience = -1
	require.ErrorContains(t, tr.Fit(context.Background(), train, val), "EarlyStopping.Patience -1 is negative")
	earlyStop(tr).Patience, earlyStop(tr).MinDelta = 1, math.NaN()
	require.ErrorContains(t, tr.Fit(context.Background(), train, val), "EarlyStopping.MinDelta is NaN")
	require.Zero(t, tr.Epoch())
}

// earlyStop returns the first EarlyStopping in tr's callbacks.
func earlyStop(tr *Trainer) *EarlyStopping {
	for _, c := range tr.Callbacks {
		if es, ok := c.(*EarlyStopping); ok {
			return es
		}
	}
	return nil
}

// RestoredEpoch is the epoch whose weights EarlyStopping loaded when it
// stopped the run: none without RestoreBest or a stop.
func TestEarlyStoppingRestoredEpoch(t *testing.T) {
	tr, train, val := overfitRun(t, 3, 40)
	es := earlyStop(tr)
	require.NoError(t, tr.Fit(context.Background(), train, val))
	require.Positive(t, es.StoppedEpoch())
	require.Equal(t, es.BestEpoch(), es.RestoredEpoch())
	require.Less(t, es.RestoredEpoch(), es.StoppedEpoch())

	tr, train, val = overfitRun(t, 3, 40)
	earlyStop(tr).RestoreBest = false
	require.NoError(t, tr.Fit(context.Background(), train, val))
	require.Zero(t, earlyStop(tr).RestoredEpoch())
}
