package callbacks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Health and Checkpoint are stateful callbacks: Trainer.Export holds their
// yardsticks and best value under FirstLossKey, InitialRMSPrefix and
// BestKey, and Trainer.Import restores
// them into the callbacks of a resumed Trainer, naming a bad entry in full.
func TestHealthAndCheckpointStateThroughTrainer(t *testing.T) {
	tr, ds := blobTrainer(t, 16, 2)
	tr.TrackHealth = true
	h := &Health{}
	c := &Checkpoint{BestPath: filepath.Join(t.TempDir(), "best.safetensors"),
		Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model} }}
	tr.Callbacks = []nn.Callback{h, c}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	require.NotZero(t, h.FirstLoss)
	require.NotEmpty(t, h.InitialRMS)
	require.True(t, c.bestSet)

	s := tr.Export()
	for label, v := range h.InitialRMS {
		assert.Equal(t, v, s.Scalars[InitialRMSPrefix+label], label)
	}
	assert.Equal(t, c.best, s.Scalars[BestKey("val_loss")])
	assert.Equal(t, h.FirstLoss, s.Scalars[FirstLossKey])

	resumed, _ := blobTrainer(t, 16, 2)
	h2, c2 := &Health{}, &Checkpoint{}
	resumed.Callbacks = []nn.Callback{h2, c2}
	require.NoError(t, resumed.Import(s))
	assert.Equal(t, h.FirstLoss, h2.FirstLoss)
	assert.Equal(t, h.InitialRMS, h2.InitialRMS)
	assert.Equal(t, c.best, c2.best)
	assert.True(t, c2.bestSet)

	s.Scalars[FirstLossKey] = -1
	var se *nn.StateError
	bad, _ := blobTrainer(t, 16, 2)
	bad.Callbacks = []nn.Callback{&Health{}, &Checkpoint{}}
	require.ErrorAs(t, bad.Import(s), &se)
	assert.Equal(t, FirstLossKey, se.Key)
}
