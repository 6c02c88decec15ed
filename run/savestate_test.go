package run

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// keyedState is a stateful callback whose state is one scalar, "x", under
// the key it is given.
type keyedState struct {
	nn.BaseCallback
	key string
	x   float64
}

func (k *keyedState) StateKey(n int) string {
	if n == 0 {
		return k.key
	}
	return fmt.Sprintf("%s_%d", k.key, n)
}

func (k *keyedState) Export() *nn.State {
	s := nn.NewState()
	s.Scalars["x"] = k.x
	return s
}

func (k *keyedState) Import(s *nn.State) error {
	k.x = s.Scalars["x"]
	return nil
}

// A checkpoint holds each stateful callback's state under the key
// Trainer.Export gives it, the run's own Health's too: a Config callback
// with Health's key keeps "health", the run's Health takes "health_1",
// and a resumed run gives each its own entries back.
func TestCheckpointStateKeys(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 120, 1)
	config := func(user *keyedState) *Config {
		c := DefaultConfig()
		c.Data.Train, c.Data.TestSplit, c.Save = train, 0.25, save
		c.Arch.Hidden = []int{8}
		c.Epochs, c.Quiet = 1, true
		c.Callbacks = []nn.Callback{user}
		require.NoError(t, c.Validate(nil))
		return &c
	}
	require.NoError(t, Train(context.Background(), config(&keyedState{key: "health", x: 7})))
	m, err := model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, 7.0, m.State.Scalars["health.x"])
	assert.NotContains(t, m.State.Scalars, callbacks.FirstLossKey, "the run's Health is not the first with its key")
	assert.Contains(t, m.State.Scalars, "health_1.first_loss")

	resumed := &keyedState{key: "health"}
	c := config(resumed)
	c.Resume, c.Epochs = save, 2
	require.NoError(t, Train(context.Background(), c))
	assert.Equal(t, 7.0, resumed.x)
}

// A resumed run without --save or --save-best keeps the best validation
// loss its checkpoint holds in the checkpoint it saves when interrupted,
// for a later --save-best to improve on.
func TestInterruptedRunKeepsResumedBest(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // where the interrupted run is saved
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 120, 1)
	c := DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.ValSplit = train, 0.25, 0.25
	c.Save, c.SaveBest = save, filepath.Join(dir, "best.safetensors")
	c.Arch.Hidden = []int{8}
	c.Epochs, c.Quiet = 1, true
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	m, err := model.Load(save)
	require.NoError(t, err)
	best, ok := m.State.Scalars[callbacks.BestKey("val_loss")]
	require.True(t, ok, "the first run saved its best")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Save, c.SaveBest, c.Resume, c.Epochs = "", "", save, 2
	c.Callbacks = []nn.Callback{&callbacks.Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { cancel(); return nil }}}
	var se *StopError
	require.ErrorAs(t, Train(ctx, &c), &se)
	require.Equal(t, "interrupted", se.Stopped)
	m, err = model.Load(filepath.Join(dir, interruptedBase+".safetensors"))
	require.NoError(t, err)
	assert.Equal(t, best, m.State.Scalars[callbacks.BestKey("val_loss")])
}
