package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// The zero value of a callback that needs its constructor is refused
// before the first step, saying which constructor to use, rather than
// panicking in a step; Close and Path of such a TensorBoard do not panic.
func TestZeroValueCallbacksRefusedBeforeTraining(t *testing.T) {
	for _, c := range []struct {
		cb   nn.Callback
		want string
	}{
		{&TensorBoard{}, "callbacks: TensorBoard has no event file: make it with NewTensorBoard(logdir, history)"},
		{&Progress{}, "callbacks: Progress has no writer: make it with NewProgress(w, every) for a non-nil w"},
		{&Checkpoint{}, "callbacks: Checkpoint needs a Snapshot function"},
		{&JSONMetrics{}, "callbacks: JSONMetrics needs a Path"},
	} {
		tr, ds := blobTrainer(t, 16, 2)
		steps := 0
		tr.Callbacks = []nn.Callback{c.cb, &Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { steps++; return nil }}}
		require.EqualError(t, tr.Fit(context.Background(), ds, ds), c.want)
		require.Zero(t, steps)
	}
	var tb TensorBoard
	require.NoError(t, tb.Close())
	require.Empty(t, tb.Path())
}
