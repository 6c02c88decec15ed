package callbacks

import (
	"context"
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
	s := nn.NewState()
	c.ExportState(s)
	assert.Equal(t, best, s.Scalars[BestKey("val_loss")])
	resumed := &Checkpoint{}
	resumed.ImportState(s)
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
	for _, e := range []nn.EpochInfo{{Epoch: 1, HasVal: true, ValAcc: 0.5}, {Epoch: 2, HasVal: true, ValAcc: 0.5},
		{Epoch: 3, HasVal: true, ValAcc: 0.75}, {Epoch: 4, HasVal: false, ValAcc: 0.9}, {Epoch: 5, HasVal: true, ValAcc: math.NaN()}} {
		require.NoError(t, c.OnEpochEnd(tr, &e))
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 0.75, c.best)
}

func TestCheckpointConfigErrors(t *testing.T) {
	tr, _ := blobTrainer(t, 12, 1)
	assert.EqualError(t, (&Checkpoint{}).OnTrainBegin(tr), "callbacks: Checkpoint needs a Snapshot function")
	c := &Checkpoint{Monitor: "loss", Snapshot: func(*nn.Trainer) *model.Model { return nil }}
	assert.EqualError(t, c.OnTrainBegin(tr), `callbacks: Checkpoint.Monitor "loss" is neither val_loss nor val_accuracy`)
}
