package nn

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

// metricLog is a Scheduler that records the metrics it is stepped with.
type metricLog struct {
	lastEpoch int
	metrics   []float64
}

func (m *metricLog) Step(metric float64) { m.lastEpoch++; m.metrics = append(m.metrics, metric) }
func (m *metricLog) Name() string        { return "metricLog" }
func (m *metricLog) LastEpoch() int      { return m.lastEpoch }

func (m *metricLog) Export() *State {
	s := NewState()
	s.setScalar("last_epoch", float64(m.lastEpoch))
	return s
}

func (m *metricLog) Import(s *State) (err error) {
	m.lastEpoch, err = s.count("last_epoch")
	return err
}

// lrLog records, at each epoch's end, the first group's rate and
// EpochInfo.StopEarly as the callback sees them.
type lrLog struct {
	BaseCallback
	lr   []float64
	stop []bool
}

func (l *lrLog) OnEpochEnd(t *Trainer, e *EpochInfo) error {
	l.lr = append(l.lr, t.Optimizer.Groups()[0].LR)
	l.stop = append(l.stop, e.StopEarly)
	return nil
}

// The schedules and early stopping act in list order: a callback before
// them sees the epoch's rate and no stop, one after them the next epoch's
// rate and the stop; every callback sees the stopping epoch, and Fit ends
// after it.
func TestLRSchedulerAndEarlyStoppingOrder(t *testing.T) {
	tr, train, val := overfitRun(t, 3, 40)
	es := earlyStop(tr)
	sched, err := NewStepLR(tr.Optimizer, 1, 0.5)
	require.NoError(t, err)
	before, after := &lrLog{}, &lrLog{}
	tr.Callbacks = []Callback{before, NewLRScheduler(sched), es, after}
	require.NoError(t, tr.Fit(context.Background(), train, val))
	n := es.StoppedEpoch()
	require.Positive(t, n)
	require.Less(t, n, 40, "it stopped early")
	require.Len(t, before.lr, n)
	require.Len(t, after.lr, n, "the callbacks after EarlyStopping see the stopping epoch")
	for i := range n {
		require.Equal(t, 0.05*math.Pow(0.5, float64(i)), before.lr[i], "epoch %d", i+1)
		require.Equal(t, 0.05*math.Pow(0.5, float64(i+1)), after.lr[i], "epoch %d", i+1)
		require.False(t, before.stop[i])
		require.Equal(t, i == n-1, after.stop[i], "epoch %d", i+1)
	}
}

// An epoch LRScheduler steps with the Monitor metric (by default the
// validation loss, or the training loss without validation data), a step
// LRScheduler with each batch's loss.
func TestLRSchedulerMetrics(t *testing.T) {
	for _, c := range []struct {
		monitor string
		val     bool
	}{{"", true}, {"", false}, {MetricLoss, true}, {MetricValAccuracy, true}, {MetricAccuracy, false}} {
		tr, train, val := overfitRun(t, 100, 2)
		if !c.val {
			val = nil
		}
		perEpoch, perStep := &metricLog{}, &metricLog{}
		var epochs []EpochInfo
		var losses []float64
		tr.Callbacks = []Callback{&LRScheduler{Scheduler: perEpoch, Monitor: c.monitor}, NewLRSchedulerPerStep(perStep),
			onEpoch(func(e *EpochInfo) error { epochs = append(epochs, *e); return nil }),
			onStep(func(s *StepInfo) error { losses = append(losses, s.Loss); return nil })}
		require.NoError(t, tr.Fit(context.Background(), train, val))
		var want []float64
		for _, e := range epochs {
			v := map[string]float64{MetricLoss: e.TrainLoss, MetricAccuracy: e.TrainAccuracy, MetricValLoss: e.ValLoss, MetricValAccuracy: e.ValAccuracy}
			name := c.monitor
			if name == "" {
				name = MetricLoss
				if c.val {
					name = MetricValLoss
				}
			}
			want = append(want, v[name])
		}
		require.Equal(t, want, perEpoch.metrics, "monitor %q, validation %v", c.monitor, c.val)
		require.Equal(t, losses, perStep.metrics)
		require.Len(t, losses, 12)
	}
}

// EarlyStopping in mode "max" on the validation accuracy: an epoch
// improves when accuracy − |MinDelta| > best, best starting at −Inf;
// "auto" picks "max" for an accuracy.
func TestEarlyStoppingModeMax(t *testing.T) {
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	for _, mode := range []string{"max", "auto", ""} {
		es := &EarlyStopping{Monitor: MetricValAccuracy, Mode: mode, Patience: 2, MinDelta: -0.01}
		require.NoError(t, es.check())
		for i, c := range []struct {
			acc  float64
			stop bool
			best int
		}{{0.5, false, 1}, {0.505, false, 1}, {0.52, false, 3}, {0.525, false, 3}, {math.NaN(), true, 3}} {
			stop := es.update(c.acc, i+1, m)
			require.Equal(t, c.stop, stop, "mode %q epoch %d", mode, i+1)
			require.Equal(t, c.best, es.BestEpoch(), "mode %q epoch %d", mode, i+1)
		}
	}
	es := &EarlyStopping{Mode: "max", Patience: 0}
	stop := es.update(math.NaN(), 1, m)
	require.True(t, stop, "a NaN never improves on −Inf")
	require.Zero(t, es.BestEpoch())
}

// Bad settings and a metric the data cannot give are refused: settings by
// Setup, before any callback runs; a validation metric without a
// validation set at the first epoch's end.
func TestBuiltinCallbackSettingsRefused(t *testing.T) {
	for _, c := range []struct {
		cb   Callback
		want string
	}{
		{&EarlyStopping{Monitor: "val_f1"}, `nn: EarlyStopping.Monitor: unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`},
		{&EarlyStopping{Mode: "lower"}, `nn: EarlyStopping.Mode: mode "lower" is none of "min", "max" and "auto"`},
		{&EarlyStopping{Patience: -2}, "nn: EarlyStopping.Patience -2 is negative"},
		{&LRScheduler{}, "nn: LRScheduler needs a Scheduler"},
		{&LRScheduler{Scheduler: &metricLog{}, Interval: "batch"}, `nn: LRScheduler.Interval "batch" is neither "epoch" nor "step"`},
		{&LRScheduler{Scheduler: &metricLog{}, Monitor: "f1"}, `nn: LRScheduler.Monitor: unknown monitored metric "f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`},
	} {
		var log []string
		tr := callbackTrainer(t, 1, &recorder{name: "a", log: &log}, c.cb)
		require.EqualError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil), c.want)
		require.Empty(t, log, "no callback ran")
	}
	for _, cb := range []Callback{&EarlyStopping{Monitor: MetricValLoss}, &LRScheduler{Scheduler: &metricLog{}, Monitor: MetricValAccuracy}} {
		tr := callbackTrainer(t, 1, cb)
		require.ErrorContains(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil), "needs a validation set, and Fit has none")
	}
	var targets []float32
	for i := range 16 {
		targets = append(targets, float32(i))
	}
	tr := callbackTrainer(t, 1, &EarlyStopping{Monitor: MetricAccuracy})
	tr.Model, _ = NewSequential(1, NewLinear(1, 1))
	tr.Loss = NewMSELoss()
	tr.Optimizer, _ = NewSGD(Groups(tr.Model.Params(), 0.01, 0, false), SGDConfig{})
	ds, err := data.NewRegression(targets, 1, targets, 1)
	require.NoError(t, err)
	require.ErrorContains(t, tr.Fit(context.Background(), ds, nil), `"accuracy" is an accuracy, and the dataset has no class labels`)
}

// A run EarlyStopping has stopped returns at once: no callback's
// OnTrainBegin, before or after it in the list, runs.
func TestStoppedRunRunsNoCallback(t *testing.T) {
	tr, train, val := overfitRun(t, 3, 40)
	require.NoError(t, tr.Fit(context.Background(), train, val))
	var log []string
	tr.Callbacks = []Callback{&recorder{name: "a", log: &log}, earlyStop(tr), &recorder{name: "b", log: &log}}
	tr.Epochs = 60
	require.NoError(t, tr.Fit(context.Background(), train, val))
	require.Empty(t, log)
}

// TestResumeWithCallbacksBitIdentical interrupts a run with a step
// schedule, an epoch schedule and early stopping (RestoreBest) in the
// middle of an epoch, resumes it from its exported State in a new
// Trainer, and requires the same stop, the same restored weights and the
// same rates as the run that was never interrupted. The State keeps the
// entry names checkpoints have always had.
func TestResumeWithCallbacksBitIdentical(t *testing.T) {
	build := func() (*Trainer, *EarlyStopping) {
		tr, _, _ := overfitRun(t, 3, 40)
		es := earlyStop(tr)
		warm, err := NewLinearLR(tr.Optimizer, 0.2, 1, 7)
		require.NoError(t, err)
		plateau := NewReduceLROnPlateau(tr.Optimizer)
		plateau.Patience = 1
		tr.Callbacks = []Callback{NewLRScheduler(plateau), NewLRSchedulerPerStep(warm), es}
		return tr, es
	}
	_, train, val := overfitRun(t, 3, 40)
	full, fullES := build()
	require.NoError(t, full.Fit(context.Background(), train, val))
	require.Positive(t, fullES.StoppedEpoch())
	require.Less(t, fullES.StoppedEpoch(), 40)

	for _, at := range [][2]int{{2, 3}, {fullES.StoppedEpoch(), 5}} {
		first, _ := build()
		ctx, cancel := context.WithCancel(context.Background())
		first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
			if s.Epoch == at[0] && s.Step == at[1] {
				cancel()
			}
			return nil
		}))
		require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)
		saved := first.Export()
		for _, k := range []string{"early_stop.wait", "early_stop.best_epoch", "epoch_sched.0.num_bad_epochs", "step_sched.0.last_epoch"} {
			require.Contains(t, saved.Scalars, k)
		}
		require.Contains(t, saved.Tensors, "early_stop.best.0.weight")
		restored := NewState()
		restored.Tensors = saved.Tensors
		require.NoError(t, restored.ParseStrings(saved.Strings()))

		second, secondES := build()
		require.NoError(t, second.Model.LoadStateDict(weights(first.Model)))
		require.NoError(t, second.Import(restored))
		require.NoError(t, second.Fit(context.Background(), train, val))
		require.Equal(t, fullES.StoppedEpoch(), secondES.StoppedEpoch(), "interrupted at %v", at)
		require.Equal(t, fullES.BestEpoch(), secondES.BestEpoch())
		require.Equal(t, weights(full.Model), weights(second.Model))
		require.Equal(t, full.Optimizer.Groups()[0].LR, second.Optimizer.Groups()[0].LR)
		require.Equal(t, full.GlobalStep(), second.GlobalStep())
	}
}

// Two EarlyStoppings in one Trainer keep their state apart: the second's
// entries are under "early_stop_1.", and Import restores each its own.
func TestTwoEarlyStoppingsState(t *testing.T) {
	tr, train, val := overfitRun(t, 100, 3)
	byAcc := &EarlyStopping{Monitor: MetricValAccuracy, Patience: 100}
	var accs, losses []float64
	tr.Callbacks = append(tr.Callbacks, byAcc, onEpoch(func(e *EpochInfo) error {
		accs, losses = append(accs, e.ValAccuracy), append(losses, e.ValLoss)
		return nil
	}))
	require.NoError(t, tr.Fit(context.Background(), train, val))
	s := tr.Export()
	require.Equal(t, float64(earlyStop(tr).BestEpoch()), s.Scalars["early_stop.best_epoch"])
	require.Equal(t, float64(byAcc.BestEpoch()), s.Scalars["early_stop_1.best_epoch"])
	require.Equal(t, earlyStop(tr).best, s.Scalars["early_stop.best"])
	require.Equal(t, byAcc.best, s.Scalars["early_stop_1.best"])
	require.Equal(t, slices.Max(accs), byAcc.best, "the best accuracy")
	require.Equal(t, slices.Min(losses), earlyStop(tr).best, "the best loss")

	again, _, _ := overfitRun(t, 100, 3)
	acc2 := &EarlyStopping{Monitor: MetricValAccuracy, Patience: 100}
	again.Callbacks = append(again.Callbacks, acc2)
	require.NoError(t, again.Import(s))
	require.Equal(t, byAcc.best, acc2.best)
	require.Equal(t, earlyStop(tr).best, earlyStop(again).best)
	require.Equal(t, fmt.Sprint(byAcc.BestEpoch()), fmt.Sprint(acc2.BestEpoch()))
}
