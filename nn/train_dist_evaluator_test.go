package nn

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/brawn-ml/brawn/dist"
)

// rankEvaluator is an EpochEvaluator that, on one rank, cancels that
// rank's Fit at the end of epoch 1's last step (a signal that reaches the
// ranks at different moments) or fails at epoch 1's end; it returns its
// ctx's error, as a test pass evaluated with it does.
type rankEvaluator struct {
	BaseCallback
	rank, on int
	cancel   context.CancelFunc
	fail     bool
	steps    int
}

func (e *rankEvaluator) OnStepEnd(t *Trainer, s *StepInfo) error {
	e.steps++
	if e.rank == e.on && e.cancel != nil && s.Epoch == 1 && e.steps == 4 {
		e.cancel()
	}
	return nil
}

func (e *rankEvaluator) EvaluateEpoch(ctx context.Context, _ *Trainer, info *EpochInfo) error {
	if e.rank == e.on && e.fail && info.Epoch == 1 {
		return errors.New("the test set is gone")
	}
	return ctx.Err()
}

// With ranks, an EpochEvaluator gets a ctx that is never done, as the
// validation pass does, so a cancel that one rank sees first stops every
// rank between steps, at one point; and an EpochEvaluator's error on one
// rank stops every rank at that epoch's end, not one rank there and the
// others later in a collective. Without a validation set too.
func TestEpochEvaluatorStopsRanksTogether(t *testing.T) {
	train := blobs(t, 96, 8, 3, 1)
	val := blobs(t, 30, 8, 3, 2)
	for _, c := range []struct {
		name string
		val  bool
		fail bool
	}{{"cancel", false, false}, {"cancel with validation", true, false}, {"error", false, true}, {"error with validation", true, true}} {
		t.Run(c.name, func(t *testing.T) {
			epochs := make([]int, 2)
			errs := dist.Run(2, func(comm dist.Comm) error {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				tr := distTrainer(t, 24, 4, false, comm)
				tr.Callbacks = []Callback{&rankEvaluator{rank: comm.Rank(), on: 0, cancel: cancel, fail: c.fail}}
				if c.fail {
					tr.Callbacks[0].(*rankEvaluator).cancel = nil
				}
				v := val
				if !c.val {
					v = nil
				}
				err := tr.Fit(ctx, train, v)
				epochs[comm.Rank()] = tr.Epoch()
				return err
			})
			if !c.fail {
				// Both stop where rank 0's cancel is agreed, between steps.
				for r, err := range errs {
					assert.ErrorIs(t, err, context.Canceled, "rank %d", r)
				}
				assert.Equal(t, epochs[0], epochs[1], "the epochs the ranks stopped after")
				return
			}
			// Rank 1 stops on the agreed error, not on a later collective
			// that rank 0 has left.
			assert.ErrorContains(t, errs[0], "the test set is gone")
			assert.ErrorContains(t, errs[1], "nn: rank 0: ")
			assert.ErrorContains(t, errs[1], "the test set is gone")
			assert.NotContains(t, errs[1].Error(), "aborted")
		})
	}
}
