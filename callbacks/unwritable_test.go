package callbacks

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// An output whose directory does not exist is refused before the first
// step, naming the field and the path, not after an epoch of training.
func TestOutputsCheckedBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-dir", "out")
	snap := func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model} }
	h := &History{}
	for _, c := range []struct {
		cb    nn.Callback
		field string
	}{
		{&Checkpoint{Path: missing, Snapshot: snap}, "Checkpoint.Path"},
		{&Checkpoint{BestPath: missing, Snapshot: snap}, "Checkpoint.BestPath"},
		{&Checkpoint{Path: dir, Snapshot: snap}, "Checkpoint.Path"},
		{&JSONMetrics{Path: missing, History: h}, "JSONMetrics.Path"},
	} {
		tr, ds := blobTrainer(t, 12, 2)
		steps := 0
		tr.Callbacks = []nn.Callback{h, c.cb, &Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { steps++; return nil }}}
		err := tr.Fit(context.Background(), ds, ds)
		require.Error(t, err, c.field)
		assert.Contains(t, err.Error(), "callbacks: "+c.field+": write ")
		assert.Zero(t, steps, c.field)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the probes leave nothing behind")
}
