//go:build unix

package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// savingConfig is a validated quiet run of 2 epochs on train (a quarter
// held out as the test set) that saves to save.
func savingConfig(t *testing.T, train, save string, seed uint64) *Config {
	c := DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.Save = train, 0.25, save
	c.Arch.Hidden = []int{8}
	c.Epochs, c.Quiet, c.Seed = 2, true, seed
	require.NoError(t, c.Validate(nil))
	return &c
}

// Two Trains in one process with the same Save: the second, started while
// the first trains, is refused at its start with an error that names the
// file and says the writer is another run of this process; the first's
// checkpoint is its own, and once it has returned the file is free.
func TestTrainLocksItsOutputs(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 120, 1)
	config := func(seed uint64) *Config { return savingConfig(t, train, save, seed) }
	first := config(1)
	var second error
	// The second run starts inside the first's first step, when the
	// first holds its locks: no timing is involved.
	first.Callbacks = []nn.Callback{&callbacks.Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.GlobalStep == 1 {
			second = Train(context.Background(), config(2))
		}
		return nil
	}}}
	require.NoError(t, Train(context.Background(), first))
	require.Error(t, second)
	assert.Equal(t, fmt.Sprintf("--save %s: another run in this process (pid %d) is writing this file; wait for it to end, or choose another file (lock file %s)",
		save, os.Getpid(), filepath.Join(dir, ".m.safetensors.lock")), second.Error())
	m, err := model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, "1", m.Config["seed"], "the checkpoint is the first run's")
	assert.Equal(t, 2, m.Epoch)

	require.NoError(t, Train(context.Background(), config(3)), "the first run released its locks")
	m, err = model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, "3", m.Config["seed"])
}

// A program that locks the outputs itself, as brawn train does, is not
// refused by its own locks when Train takes the others; its locks stay
// held until it releases them.
func TestTrainKeepsTheCallersLocks(t *testing.T) {
	dir := t.TempDir()
	train, save := filepath.Join(dir, "train.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, train, 120, 1)
	c := DefaultConfig()
	c.Data.Train, c.Data.TestSplit, c.Save = train, 0.25, save
	c.Arch.Hidden = []int{8}
	c.Epochs, c.Quiet = 1, true
	require.NoError(t, c.Validate(nil))
	unlock, err := c.LockOutputs()
	require.NoError(t, err)
	c.JSON = filepath.Join(dir, "m.json") // set after the caller's locks: Train takes its lock
	require.NoError(t, Train(context.Background(), &c))
	_, err = LockOutput("save", save)
	require.ErrorContains(t, err, "another run in this process", "the caller still holds --save")
	l, err := LockOutput("json", c.JSON)
	require.NoError(t, err, "Train released the lock it took")
	l.Unlock()
	unlock()
	l, err = LockOutput("save", save)
	require.NoError(t, err)
	l.Unlock()
}
