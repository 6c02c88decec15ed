package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A state saved with a schedule or EarlyStopping that the importing
// Trainer lacks would continue another run than the saved one: Import
// refuses it, naming the entries nothing reads, and restores nothing.
func TestTrainerImportRefusesUnreadEntries(t *testing.T) {
	withSched, train, val := overfitRun(t, 100, 2)
	sched, err := NewStepLR(withSched.Optimizer, 1, 0.5)
	require.NoError(t, err)
	withSched.Callbacks = append([]Callback{NewLRScheduler(sched)}, withSched.Callbacks...)
	require.NoError(t, withSched.Fit(context.Background(), train, val))
	saved := withSched.Export()

	same, _, _ := overfitRun(t, 100, 4)
	sched2, err := NewStepLR(same.Optimizer, 1, 0.5)
	require.NoError(t, err)
	same.Callbacks = append([]Callback{NewLRScheduler(sched2)}, same.Callbacks...)
	require.NoError(t, same.Import(cloneState(saved)), "the same callbacks read every entry")

	noSched, _, _ := overfitRun(t, 100, 4)
	err = noSched.Import(cloneState(saved))
	require.ErrorContains(t, err, `nn: Trainer.Import: this Trainer has nothing that reads state entries "epoch_sched.0.`)
	require.Zero(t, noSched.Epoch(), "nothing is restored")

	noStop, _, _ := overfitRun(t, 100, 4)
	noStop.Callbacks = []Callback{NewLRScheduler(sched2)}
	err = noStop.Import(cloneState(saved))
	require.ErrorContains(t, err, `"early_stop.best"`)
	require.ErrorContains(t, err, ", ... (14 in all), saved by")

	noRNG, _, _ := overfitRun(t, 100, 4)
	noRNG.Callbacks, noRNG.RNG = same.Callbacks, nil
	require.ErrorContains(t, noRNG.Import(cloneState(saved)), `"trainer.epoch_start.hi", "trainer.epoch_start.lo", "trainer.shuffle.hi", "trainer.shuffle.lo"`)
}
