package callbacks

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// budget is a context whose deadline passes when expire is called, so
// that the test does not depend on time.
type budget struct {
	context.Context
	expired bool
}

func (b *budget) Err() error {
	if b.expired {
		return context.DeadlineExceeded
	}
	return nil
}

func (b *budget) Deadline() (time.Time, bool) { return time.Time{}, false }

// A run whose time budget (context.WithTimeout) runs out mid-epoch is
// saved by OnInterrupt, and JSONMetrics says "interrupted", as for Ctrl-C.
func TestDeadlineIsAnInterrupt(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 2)
	dir := t.TempDir()
	h := &History{}
	c := &Checkpoint{Path: filepath.Join(dir, "m.safetensors"), OnInterrupt: true,
		Snapshot: func(t *nn.Trainer) *model.Model {
			return &model.Model{Net: t.Model, Epoch: t.Epoch(), State: t.Export()}
		}}
	j := &JSONMetrics{Path: filepath.Join(dir, "m.json"), History: h}
	ctx := &budget{Context: context.Background()}
	tr.Callbacks = []nn.Callback{h, c, j, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Epoch == 2 && s.Step == 1 {
			ctx.expired = true
		}
		return nil
	}}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.DeadlineExceeded)
	m, err := model.Load(c.Path)
	require.NoError(t, err)
	assert.Equal(t, 1.0, m.State.Scalars["trainer.step"], "saved mid-epoch 2")
	assert.Equal(t, StoppedInterrupted, readJSON(t, j.Path)["stopped"])
}
