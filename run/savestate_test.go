package run

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

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
