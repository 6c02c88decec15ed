package callbacks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	return doc
}

// The document has the fields `brawn train --json` has always written,
// with the History's epochs, the last epoch's test metrics and the run's
// sizes; it is rewritten at every epoch's end ("running", the epochs so
// far) and at the end of training, leaving no other file behind.
func TestJSONMetricsDocument(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 3)
	tr.SetThreads(0)
	dir := t.TempDir()
	h := &History{Test: ds}
	c := &JSONMetrics{Path: filepath.Join(dir, "m.json"), History: h, Test: ds, Config: map[string]any{"lr": 0.1}}
	var during []map[string]any
	tr.Callbacks = []nn.Callback{h, c, &Lambda{EpochEnd: func(*nn.Trainer, *nn.EpochInfo) error {
		during = append(during, readJSON(t, c.Path))
		return nil
	}}}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))

	doc := readJSON(t, c.Path)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range doc {
			if !yield(k) {
				return
			}
		}
	})
	assert.Equal(t, []string{"best_epoch", "biases", "config", "epochs", "kernel_level", "monitor", "parameters", "stopped", "test_accuracy", "test_loss",
		"test_samples", "threads", "total_seconds", "train_samples", "val_samples", "weights", "weights_epoch"}, keys)
	last := h.Last()
	assert.Equal(t, "completed", doc["stopped"])
	assert.Equal(t, last.TestLoss, doc["test_loss"])
	assert.Equal(t, last.TestAccuracy, doc["test_accuracy"])
	assert.EqualValues(t, 10, doc["parameters"])
	assert.EqualValues(t, 8, doc["weights"])
	assert.EqualValues(t, 2, doc["biases"])
	assert.Equal(t, kernels.Active().String(), doc["kernel_level"])
	assert.EqualValues(t, runtime.GOMAXPROCS(0), doc["threads"])
	for _, k := range []string{"train_samples", "test_samples", "val_samples"} {
		assert.EqualValues(t, 12, doc[k], k)
	}
	assert.Equal(t, map[string]any{"lr": 0.1}, doc["config"])
	best, _, err := h.Best(nn.MetricValLoss)
	require.NoError(t, err)
	assert.Equal(t, []any{"val_loss", float64(best), 3.0}, []any{doc["monitor"], doc["best_epoch"], doc["weights_epoch"]})
	assert.GreaterOrEqual(t, doc["total_seconds"], 0.0)
	want, err := json.Marshal(h.Epochs)
	require.NoError(t, err)
	got, err := json.Marshal(doc["epochs"])
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))

	require.Len(t, during, 3)
	for i, d := range during {
		assert.Equal(t, "running", d["stopped"])
		assert.Len(t, d["epochs"], i+1)
		assert.Equal(t, h.Epochs[i].TestLoss, d["test_loss"])
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left")
}

// Stopped says how Fit ended; a run that never finished an epoch has null
// test metrics; a resumed run records the epoch it resumed at.
func TestJSONMetricsStopped(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nn.ErrStop, "early-stop"},
		{&nn.NonFiniteError{Quantity: nn.QuantityLoss, Layer: -1, Index: -1}, "non-finite"},
		{&DivergedError{Stopped: "diverged", Msg: "diverged"}, "diverged"},
		{fmt.Errorf("wrapped: %w", &DivergedError{Stopped: "non-finite", Msg: "inf"}), "non-finite"},
		{errors.New("disk full"), "error"},
	} {
		tr, ds := blobTrainer(t, 12, 3)
		h := &History{}
		j := &JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json"), History: h}
		tr.Callbacks = []nn.Callback{h, &Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error {
			if e.Epoch == 2 {
				return c.err
			}
			return nil
		}}, j}
		err := tr.Fit(context.Background(), ds, nil)
		if c.want != "early-stop" {
			require.ErrorIs(t, err, c.err)
		}
		doc := readJSON(t, j.Path)
		assert.Equal(t, c.want, doc["stopped"], "%v", c.err)
		assert.Len(t, doc["epochs"], 2)
		assert.NotContains(t, doc, "val_samples")
		assert.Zero(t, doc["test_samples"])
	}

	// Interrupted in epoch 2, then resumed to the end.
	tr, ds := blobTrainer(t, 12, 3)
	h := &History{}
	path := filepath.Join(t.TempDir(), "m.json")
	ctx, cancel := context.WithCancel(context.Background())
	tr.Callbacks = []nn.Callback{h, &JSONMetrics{Path: path, History: h}, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Epoch == 2 && s.Step == 1 {
			cancel()
		}
		return nil
	}}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	doc := readJSON(t, path)
	assert.Equal(t, "interrupted", doc["stopped"])
	assert.NotContains(t, doc, "resumed_at_epoch")
	assert.Equal(t, 1.0, doc["best_epoch"])
	assert.NotContains(t, doc, "weights_epoch", "the weights are of no epoch's end")
	tr.Callbacks = []nn.Callback{h, &JSONMetrics{Path: path, History: h}}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	doc = readJSON(t, path)
	assert.Equal(t, "completed", doc["stopped"])
	assert.EqualValues(t, 1, doc["resumed_at_epoch"])
	assert.Len(t, doc["epochs"], 3)

	// Interrupted before the first epoch's end: no test metrics (null), no
	// epochs ([]).
	tr, ds = blobTrainer(t, 12, 3)
	h = &History{}
	ctx, cancel = context.WithCancel(context.Background())
	tr.Callbacks = []nn.Callback{h, &JSONMetrics{Path: path, History: h, Test: ds}, &Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { cancel(); return nil }}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	doc = readJSON(t, path)
	assert.Equal(t, "interrupted", doc["stopped"])
	assert.Contains(t, doc, "test_loss")
	assert.Nil(t, doc["test_loss"])
	assert.Nil(t, doc["test_accuracy"])
	assert.Equal(t, []any{}, doc["epochs"], "a list, empty: a reader iterates it")
}

// After an early stop that restored the best weights, the final test
// metrics are those of the model as it ends (not the last epoch's
// entry, when History ran before the restore), and a regression's scores
// come from TestScores; otherwise they are the last epoch's.
func TestJSONMetricsFinalAfterEarlyStop(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 50)
	h := &History{Test: ds, Extra: func(_ *nn.Trainer, _ *nn.EpochInfo, m *model.EpochMetrics) error {
		v := float64(m.Epoch)
		m.TestMSE, m.TestMAE, m.TestR2 = &v, &v, &v
		return nil
	}}
	es := &nn.EarlyStopping{Monitor: nn.MetricLoss, MinDelta: 10, Patience: 2, RestoreBest: true}
	j := &JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json"), History: h, Test: ds,
		TestScores: func(*nn.Trainer) (model.RegressionScores, error) {
			return model.RegressionScores{MSE: 0.5, MAE: 0.25, R2: 0.125}, nil
		}}
	tr.Callbacks = []nn.Callback{h, es, j} // History sees the last weights
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Equal(t, 3, es.StoppedEpoch(), "MinDelta 10: only the first epoch improves")
	final, err := nn.Evaluate(tr.Model, tr.Loss, ds, tr.BatchSize)
	require.NoError(t, err)
	require.NotEqual(t, h.Last().TestLoss, final.Loss, "the restored weights differ from the last epoch's")
	doc := readJSON(t, j.Path)
	assert.Equal(t, "early-stop", doc["stopped"])
	assert.Equal(t, final.Loss, doc["test_loss"])
	assert.Equal(t, final.Accuracy, doc["test_accuracy"])
	assert.Equal(t, []any{0.5, 0.25, 0.125}, []any{doc["test_mse"], doc["test_mae"], doc["test_r2"]})
	best, _, err := h.Best("")
	require.NoError(t, err)
	assert.Equal(t, []any{"loss", float64(best), 1.0}, []any{doc["monitor"], doc["best_epoch"], doc["weights_epoch"]},
		"the epoch EarlyStopping restored, whichever had the best loss")

	// Completed: the last epoch's entry, scores included.
	tr, ds = blobTrainer(t, 12, 2)
	j.History, h.Epochs = h, nil
	tr.Callbacks = []nn.Callback{h, j}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	doc = readJSON(t, j.Path)
	assert.Equal(t, "completed", doc["stopped"])
	assert.Equal(t, h.Last().TestLoss, doc["test_loss"])
	assert.Equal(t, []any{2.0, 2.0, 2.0}, []any{doc["test_mse"], doc["test_mae"], doc["test_r2"]})
	assert.Equal(t, 2.0, doc["weights_epoch"], "the last epoch's")
}

func TestJSONMetricsNeedsPathAndHistory(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 1)
	tr.Callbacks = []nn.Callback{&JSONMetrics{History: &History{}}}
	require.EqualError(t, tr.Fit(context.Background(), ds, nil), "callbacks: JSONMetrics needs a Path")
	tr.Callbacks = []nn.Callback{&JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json")}}
	require.EqualError(t, tr.Fit(context.Background(), ds, nil), "callbacks: JSONMetrics needs a History")
}

// JSONMetrics refuses an EarlyStopping that watches another metric than
// its Monitor, whose best epoch it would report as Monitor's; "" and
// Keras's names agree with what they stand for.
func TestJSONMetricsRefusesOtherEarlyStoppingMetric(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	c := &JSONMetrics{Path: path, History: &History{}, Monitor: "val_loss", EarlyStopping: &nn.EarlyStopping{Monitor: "val_accuracy"}}
	require.EqualError(t, c.check(), `callbacks: JSONMetrics.Monitor "val_loss" is not the metric its EarlyStopping watches ("val_accuracy"): the best epoch would be another metric's`)
	for _, pair := range [][2]string{{"val_accuracy", "val_acc"}, {"", "val_loss"}, {"loss", ""}, {"val_loss", "val_loss"}} {
		c := &JSONMetrics{Path: path, History: &History{}, Monitor: pair[0], EarlyStopping: &nn.EarlyStopping{Monitor: pair[1]}}
		require.NoError(t, c.check(), "%q and %q", pair[0], pair[1])
	}
}

// A network with batch norm counts its scales and shifts apart from the
// biases, as the model summary does: Linear(4, 3) has 12 weights and 3
// biases, BatchNorm1d(3) 6 normalisation values, Linear(3, 2) 6 and 2.
func TestJSONMetricsNormalizationCount(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 1)
	m, err := nn.NewSequential(4, nn.NewLinear(4, 3), nn.NewBatchNorm1d(3), nn.NewLinear(3, 2))
	require.NoError(t, err)
	tr.Model = m
	tr.Optimizer, err = nn.NewSGD(nn.Groups(m.Params(), 0.1, 0, false), nn.SGDConfig{})
	require.NoError(t, err)
	c := &JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json"), History: &History{}}
	tr.Callbacks = []nn.Callback{c.History, c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	doc := readJSON(t, c.Path)
	assert.EqualValues(t, 18, doc["weights"])
	assert.EqualValues(t, 5, doc["biases"])
	assert.EqualValues(t, 6, doc["normalization"])
	assert.EqualValues(t, 29, doc["parameters"])
}
