package callbacks

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Path is written after every Every-th epoch with the Trainer's position;
// BestPath after each epoch that lowers the validation loss, with a line
// on W.
func TestCheckpointEveryAndBest(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 5)
	dir := t.TempDir()
	var saved []int
	var lines strings.Builder
	c := &Checkpoint{
		Snapshot: func(t *nn.Trainer) *model.Model {
			saved = append(saved, t.Epoch())
			return &model.Model{Net: t.Model, Epoch: t.Epoch(), State: t.Export()}
		},
		Path: filepath.Join(dir, "m.safetensors"), Every: 2,
		BestPath: filepath.Join(dir, "best.safetensors"), W: &lines,
	}
	var valLoss []float64
	tr.Callbacks = []nn.Callback{c, &Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error {
		valLoss = append(valLoss, e.ValLoss)
		return nil
	}}}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	assert.Equal(t, 4, c.LastSaved)
	m, err := model.Load(c.Path)
	require.NoError(t, err)
	assert.Equal(t, 4, m.Epoch)

	// Improvements are strict decreases of the validation loss.
	best, improvements := valLoss[0]+1, 0
	for _, v := range valLoss {
		if v < best {
			best, improvements = v, improvements+1
		}
	}
	assert.Equal(t, improvements+2, len(saved), "every improvement and epochs 2 and 4")
	assert.Equal(t, improvements, strings.Count(lines.String(), "val_loss improved from"))
	assert.True(t, strings.HasPrefix(lines.String(), "epoch 1: val_loss improved from no value to "), lines.String())
	_, err = model.Load(c.BestPath)
	require.NoError(t, err)

	// The best value goes into the state, and back.
	s := c.Export()
	assert.Equal(t, best, s.Scalars["val_loss"])
	resumed := &Checkpoint{}
	require.NoError(t, resumed.Import(s))
	assert.Equal(t, best, resumed.best)
	assert.True(t, resumed.bestSet)
}

// Accuracy improves upward; a NaN never improves; epochs without a
// validation set are skipped.
func TestCheckpointMonitorAccuracy(t *testing.T) {
	tr, _ := blobTrainer(t, 12, 1)
	n := 0
	c := &Checkpoint{Monitor: "val_accuracy", BestPath: filepath.Join(t.TempDir(), "b.safetensors"),
		Snapshot: func(t *nn.Trainer) *model.Model { n++; return &model.Model{Net: t.Model} }}
	for _, e := range []nn.EpochInfo{{Epoch: 1, HasVal: true, ValAccuracy: 0.5}, {Epoch: 2, HasVal: true, ValAccuracy: 0.5},
		{Epoch: 3, HasVal: true, ValAccuracy: 0.75}, {Epoch: 4, HasVal: false, ValAccuracy: 0.9}, {Epoch: 5, HasVal: true, ValAccuracy: math.NaN()}} {
		require.NoError(t, c.OnEpochEnd(tr, &e))
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 0.75, c.best)
}

func TestCheckpointConfigErrors(t *testing.T) {
	tr, _ := blobTrainer(t, 12, 1)
	assert.EqualError(t, (&Checkpoint{}).OnTrainBegin(tr), "callbacks: Checkpoint needs a Snapshot function")
	c := &Checkpoint{Snapshot: func(*nn.Trainer) *model.Model { return nil }}
	assert.EqualError(t, c.OnTrainBegin(tr), "callbacks: Checkpoint has neither a Path nor a BestPath: it would save nothing")
	c = &Checkpoint{Path: "m.st", Monitor: "val_f1", Snapshot: func(*nn.Trainer) *model.Model { return nil }}
	assert.EqualError(t, c.OnTrainBegin(tr), `callbacks: Checkpoint.Monitor: unknown monitored metric "val_f1"; want "loss", "accuracy", "val_loss" or "val_accuracy" (or Keras's "acc", "val_acc")`)
	c = &Checkpoint{BestPath: "b.st", Every: -2, Snapshot: func(*nn.Trainer) *model.Model { return nil }}
	assert.EqualError(t, c.OnTrainBegin(tr), `callbacks: Checkpoint.Every -2 is negative; 0 or 1 saves every epoch`)
}

// With OnInterrupt, a run cancelled mid-epoch is saved to Path, and a
// Trainer resumed from that file ends with the same weights as one that
// was never interrupted.
func TestCheckpointOnInterrupt(t *testing.T) {
	full, ds := blobTrainer(t, 12, 2)
	start := weightsOf(full.Model)
	require.NoError(t, full.Fit(context.Background(), ds, nil))

	first, _ := blobTrainer(t, 12, 2)
	require.NoError(t, first.Model.LoadStateDict(start))
	ctx, cancel := context.WithCancel(context.Background())
	c := &Checkpoint{Path: filepath.Join(t.TempDir(), "m.safetensors"), OnInterrupt: true,
		Snapshot: func(t *nn.Trainer) *model.Model {
			return &model.Model{Net: t.Model, Epoch: t.Epoch(), State: t.Export()}
		}}
	first.Callbacks = []nn.Callback{c, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Epoch == 2 && s.Step == 1 {
			cancel()
		}
		return nil
	}}}
	require.ErrorIs(t, first.Fit(ctx, ds, nil), context.Canceled)
	assert.Equal(t, 1, c.LastSaved, "the end of epoch 1")

	m, err := model.Load(c.Path)
	require.NoError(t, err)
	second, _ := blobTrainer(t, 12, 2)
	require.NoError(t, second.Model.LoadStateDict(m.Weights()))
	require.NoError(t, second.Import(m.State))
	assert.Equal(t, 1, second.EpochStep(), "saved mid-epoch")
	require.NoError(t, second.Fit(context.Background(), ds, nil))
	assert.Equal(t, weightsOf(full.Model), weightsOf(second.Model))

	// Without OnInterrupt, the file keeps the end of epoch 1.
	third, _ := blobTrainer(t, 12, 2)
	ctx, cancel = context.WithCancel(context.Background())
	c.OnInterrupt = false
	third.Callbacks = []nn.Callback{c, &Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { cancel(); return nil }}}
	c.LastSaved = 0
	require.ErrorIs(t, third.Fit(ctx, ds, nil), context.Canceled)
	m, err = model.Load(c.Path)
	require.NoError(t, err)
	assert.Equal(t, 1.0, m.State.Scalars["trainer.step"], "still the interrupted first run's file")
}

func weightsOf(m *nn.Sequential) map[string][]float32 {
	out := map[string][]float32{}
	for name, tensor := range m.StateDict() {
		out[name] = append([]float32(nil), tensor.Data...)
	}
	return out
}

// With SaveAtEnd, a run that ends without an error is saved to Path at
// its end, whatever Every: after an early stop with RestoreBest, the file
// holds the restored best weights, which no epoch-end save wrote. Without
// it, or when Fit fails, the file keeps the last epoch-end save.
func TestCheckpointSaveAtEnd(t *testing.T) {
	for _, atEnd := range []bool{true, false} {
		tr, ds := blobTrainer(t, 12, 50)
		path := filepath.Join(t.TempDir(), "m.safetensors")
		c := &Checkpoint{Path: path, Every: 100, SaveAtEnd: atEnd,
			Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model, Epoch: t.Epoch()} }}
		es := &nn.EarlyStopping{Monitor: nn.MetricLoss, MinDelta: 10, Patience: 2, RestoreBest: true}
		var firstEpoch map[string][]float32
		record := &Lambda{EpochEnd: func(t *nn.Trainer, e *nn.EpochInfo) error {
			if e.Epoch == 1 {
				firstEpoch = weightsOf(t.Model)
			}
			return nil
		}}
		tr.Callbacks = []nn.Callback{record, es, c}
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		require.Equal(t, 3, es.StoppedEpoch())
		m, err := model.Load(path)
		if !atEnd {
			require.Error(t, err, "Every 100: nothing was saved")
			assert.Zero(t, c.LastSaved)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, 3, m.Epoch)
		assert.Equal(t, 3, c.LastSaved)
		assert.Equal(t, firstEpoch, m.Weights(), "the best (first) epoch's weights")
		assert.Equal(t, weightsOf(tr.Model), m.Weights())
	}

	// A failed Fit is not saved at its end.
	tr, ds := blobTrainer(t, 12, 3)
	path := filepath.Join(t.TempDir(), "m.safetensors")
	boom := errors.New("boom")
	saves := 0
	c := &Checkpoint{Path: path, SaveAtEnd: true, OnInterrupt: true,
		Snapshot: func(t *nn.Trainer) *model.Model { saves++; return &model.Model{Net: t.Model, Epoch: t.Epoch()} }}
	tr.Callbacks = []nn.Callback{c, &Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error {
		if e.Epoch == 2 {
			return boom
		}
		return nil
	}}}
	require.ErrorIs(t, tr.Fit(context.Background(), ds, nil), boom)
	m, err := model.Load(path)
	require.NoError(t, err)
	assert.Equal(t, 2, m.Epoch, "the epoch-2 save, made before the failing callback")
	assert.Equal(t, 2, c.LastSaved)
	assert.Equal(t, 2, saves, "epochs 1 and 2, no save at the end")
}

// A BestPath whose monitored metric the epochs will not have is refused
// before the first step, rather than never written.
func TestCheckpointBestNeedsTheMetric(t *testing.T) {
	dir := t.TempDir()
	snap := func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model} }
	tr, ds := blobTrainer(t, 12, 2)
	steps := 0
	count := &Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { steps++; return nil }}
	tr.Callbacks = []nn.Callback{count, &Checkpoint{BestPath: filepath.Join(dir, "b"), Snapshot: snap}}
	require.EqualError(t, tr.Fit(context.Background(), ds, nil),
		`callbacks: Checkpoint.BestPath: nn: the monitored metric "val_loss" needs a validation set, and Fit has none`)

	reg := *ds
	reg.Targets, reg.Outputs, reg.Y, reg.Classes = make([]float32, 2*ds.Len()), 2, nil, 0
	tr.Loss = nn.NewMSELoss()
	tr.Callbacks = []nn.Callback{count, &Checkpoint{BestPath: filepath.Join(dir, "b"), Monitor: "val_accuracy", Snapshot: snap}}
	require.EqualError(t, tr.Fit(context.Background(), &reg, &reg),
		`callbacks: Checkpoint.BestPath: nn: the monitored metric "val_accuracy" is an accuracy, and the dataset has no class labels`)
	assert.Zero(t, steps)
	assert.NoFileExists(t, filepath.Join(dir, "b"))
}

// Checkpoint monitors the metrics EarlyStopping does, by the same names:
// the training loss, without a validation set, as Keras's ModelCheckpoint
// may (the best file then holds the epoch that fitted the training set
// best), and "val_acc", whose best value is kept under "val_accuracy".
func TestCheckpointMonitorsTheTrainingLoss(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 4)
	var saved []int
	var losses []float64
	c := &Checkpoint{Monitor: "loss", BestPath: filepath.Join(t.TempDir(), "b.safetensors"),
		Snapshot: func(t *nn.Trainer) *model.Model { saved = append(saved, t.Epoch()); return &model.Model{Net: t.Model} }}
	tr.Callbacks = []nn.Callback{&Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error {
		losses = append(losses, e.TrainLoss)
		return nil
	}}, c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	var want []int
	best := math.Inf(1)
	for i, l := range losses {
		if l < best {
			best, want = l, append(want, i+1)
		}
	}
	assert.Equal(t, want, saved)
	assert.Equal(t, best, c.Export().Scalars["loss"])

	acc := &Checkpoint{Monitor: "val_acc", BestPath: filepath.Join(t.TempDir(), "b.safetensors"),
		Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model} }}
	require.NoError(t, acc.OnEpochEnd(tr, &nn.EpochInfo{Epoch: 1, HasVal: true, ValAccuracy: 0.5}))
	require.NoError(t, acc.OnEpochEnd(tr, &nn.EpochInfo{Epoch: 2, HasVal: true, ValAccuracy: 0.75}))
	assert.Equal(t, map[string]float64{"val_accuracy": 0.75}, acc.Export().Scalars)
}
