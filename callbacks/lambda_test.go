package callbacks

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Each of Lambda's functions runs at its point, and nil ones are skipped.
func TestLambda(t *testing.T) {
	tr, ds := blobTrainer(t, 8, 2) // 2 steps per epoch
	var log []string
	tr.Callbacks = []nn.Callback{&Lambda{}, &Lambda{
		TrainBegin: func(*nn.Trainer) error { log = append(log, "begin"); return nil },
		TrainEnd:   func(_ *nn.Trainer, err error) error { log = append(log, "end"); return err },
		EpochBegin: func(*nn.Trainer, int) error { log = append(log, "epoch"); return nil },
		EpochEnd:   func(*nn.Trainer, *nn.EpochInfo) error { log = append(log, "/epoch"); return nil },
		StepEnd:    func(*nn.Trainer, *nn.StepInfo) error { log = append(log, "step"); return nil },
	}}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	assert.Equal(t, []string{"begin", "epoch", "step", "step", "/epoch", "epoch", "step", "step", "/epoch", "end"}, log)

	boom := errors.New("boom")
	tr, ds = blobTrainer(t, 8, 2)
	tr.Callbacks = []nn.Callback{&Lambda{EpochEnd: func(*nn.Trainer, *nn.EpochInfo) error { return boom }}}
	require.ErrorIs(t, tr.Fit(context.Background(), ds, nil), boom)
	assert.Equal(t, 1, tr.Epoch())
}
