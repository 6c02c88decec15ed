package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A ReduceLROnPlateau left in its default mode takes an accuracy's
// direction from the metric its LRScheduler watches, as Keras's mode
// "auto" does: a rising val_accuracy keeps the rate, a falling one cuts
// it. PyTorch's fixed "min" would cut it at every improvement.
func TestPlateauAutoModeFollowsMonitor(t *testing.T) {
	ds := blobs(t, 32, 8, 3, 1)
	for _, c := range []struct {
		step   float64 // added to the accuracy each epoch
		wantLR float64
	}{{0.1, 0.1}, {-0.1, 0.1 * 0.1 * 0.1 * 0.1}} {
		tr := callbackTrainer(t, 4)
		p := NewReduceLROnPlateau(tr.Optimizer)
		p.Patience = 0
		require.Equal(t, "auto", p.Mode)
		acc := 0.5
		moving := &epochEndFunc{f: func(e *EpochInfo) { acc += c.step; e.ValAccuracy = acc }}
		tr.Callbacks = []Callback{moving, &LRScheduler{Scheduler: p, Monitor: MetricValAccuracy}}
		require.NoError(t, tr.Fit(context.Background(), ds, ds))
		require.InDelta(t, c.wantLR, tr.Optimizer.Groups()[0].LR, 1e-15, "accuracy moving by %v each epoch", c.step)
	}
}

// A mode against the monitored metric's direction (min on an accuracy, max
// on a loss) is refused before training, by the plateau schedule as by
// EarlyStopping, where it would take every worsening for an improvement.
func TestModeAgainstMetricRefused(t *testing.T) {
	ds := blobs(t, 32, 8, 3, 1)
	for _, c := range []struct {
		cb   func(Optimizer) Callback
		want string
	}{
		{func(o Optimizer) Callback {
			p := NewReduceLROnPlateau(o)
			p.Mode = "min"
			return &LRScheduler{Scheduler: p, Monitor: MetricValAccuracy}
		}, `nn: ReduceLROnPlateau.Mode: mode "min" takes a falling "val_accuracy" for an improvement, but an accuracy improves upwards; use "max" or "auto"`},
		{func(o Optimizer) Callback {
			p := NewReduceLROnPlateau(o)
			p.Mode = "max"
			return NewLRScheduler(p)
		}, `nn: ReduceLROnPlateau.Mode: mode "max" takes a rising loss ("val_loss", or "loss" without a validation set) for an improvement, but a loss improves downwards; use "min" or "auto"`},
		{func(Optimizer) Callback { return &EarlyStopping{Monitor: MetricAccuracy, Mode: "min"} },
			`nn: EarlyStopping.Mode: mode "min" takes a falling "accuracy" for an improvement, but an accuracy improves upwards; use "max" or "auto"`},
		{func(Optimizer) Callback { return &EarlyStopping{Monitor: MetricLoss, Mode: "max"} },
			`nn: EarlyStopping.Mode: mode "max" takes a rising "loss" for an improvement, but a loss improves downwards; use "min" or "auto"`},
		{func(o Optimizer) Callback {
			p := NewReduceLROnPlateau(o)
			p.Mode = "maximum"
			return NewLRScheduler(p)
		}, `nn: ReduceLROnPlateau.Mode: mode "maximum" is none of "min", "max" and "auto"`},
	} {
		tr := callbackTrainer(t, 1)
		steps := 0
		tr.Callbacks = []Callback{c.cb(tr.Optimizer), onStep(func(*StepInfo) error { steps++; return nil })}
		require.EqualError(t, tr.Fit(context.Background(), ds, ds), c.want)
		require.Zero(t, steps)
	}
}

// A plateau state saved before mode "auto" existed records mode "min" (0);
// the default mode on a loss resolves to it, so the run resumes. A state
// recording another mode than the one "auto" picks is refused, saying what
// "auto" picked.
func TestPlateauAutoModeImportsRecordedMode(t *testing.T) {
	old := NewState() // as brawn wrote it: PyTorch's names, mode an index
	for k, v := range map[string]float64{"last_epoch": 3, "best": 0.25, "num_bad_epochs": 1, "cooldown_counter": 0,
		"mode": 0, "factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": 0, "cooldown": 0, "min_lr": 0, "eps": 1e-8} {
		old.Scalars[k] = v
	}
	tr := callbackTrainer(t, 1)
	l := NewLRScheduler(NewReduceLROnPlateau(tr.Optimizer))
	require.NoError(t, l.Import(old))
	require.Equal(t, 3, l.Scheduler.LastEpoch())
	require.Equal(t, 0.0, l.Export().Scalars["mode"], "auto on the loss is min")

	acc := &LRScheduler{Scheduler: NewReduceLROnPlateau(tr.Optimizer), Monitor: MetricValAccuracy}
	require.EqualError(t, acc.Import(old), `scheduler ReduceLROnPlateau: nn: the state was saved by a ReduceLROnPlateau with mode "min", but this one has mode "max"; build it as it was saved to resume the run (its Mode "auto" picks "max" for "val_accuracy")`)
}
