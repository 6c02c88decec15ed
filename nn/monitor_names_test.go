package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// ResolveMonitor takes Keras's names and its short spellings of the
// accuracies; every place a monitored metric is named takes the same ones
// and refuses another in the same words.
func TestResolveMonitor(t *testing.T) {
	for in, want := range map[string]string{"": "", "loss": "loss", "accuracy": "accuracy", "acc": "accuracy",
		"val_loss": "val_loss", "val_accuracy": "val_accuracy", "val_acc": "val_accuracy"} {
		got, err := ResolveMonitor(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	const list = `unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`
	_, err := ResolveMonitor("val_f1")
	require.EqualError(t, err, list)

	ds := blobs(t, 32, 8, 3, 1)
	for _, c := range []struct {
		cb   func(Optimizer) Callback
		want string
	}{
		{func(Optimizer) Callback { return &EarlyStopping{Monitor: "val_f1"} }, "nn: EarlyStopping.Monitor: " + list},
		{func(o Optimizer) Callback { return &LRScheduler{Scheduler: NewReduceLROnPlateau(o), Monitor: "val_f1"} }, "nn: LRScheduler.Monitor: " + list},
	} {
		tr := callbackTrainer(t, 1)
		tr.Callbacks = []Callback{c.cb(tr.Optimizer)}
		require.EqualError(t, tr.Fit(context.Background(), ds, ds), c.want)
	}
	e := EpochInfo{HasVal: true, ValAccuracy: 0.75, TrainAccuracy: 0.5}
	v, err := e.Metric("val_acc")
	require.NoError(t, err)
	require.Equal(t, 0.75, v)
	_, err = e.Metric("f1")
	require.EqualError(t, err, `nn: unknown monitored metric "f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`)
}

// Keras's "val_acc" is val_accuracy for EarlyStopping, in mode auto too
// (max), and "acc" the training accuracy for the plateau schedule.
func TestMonitorAliasesWatchTheAccuracy(t *testing.T) {
	ds := blobs(t, 32, 8, 3, 1)
	tr := callbackTrainer(t, 3)
	p := NewReduceLROnPlateau(tr.Optimizer)
	p.Patience = 0
	es := &EarlyStopping{Monitor: "val_acc", Patience: 5}
	acc := 0.5
	rising := &epochEndFunc{f: func(e *EpochInfo) { acc += 0.1; e.ValAccuracy, e.TrainAccuracy = acc, acc }}
	tr.Callbacks = []Callback{rising, &LRScheduler{Scheduler: p, Monitor: "acc"}, es}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.Equal(t, 3, es.BestEpoch(), "a rising accuracy improves")
	require.Equal(t, 0.1, tr.Optimizer.Groups()[0].LR, "a rising accuracy keeps the rate")
	require.NoError(t, tr.CheckMetric("val_acc"))
}
