package nn

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// recorder logs every callback it receives into a shared log, under its
// name, and returns fail from the call named failAt.
type recorder struct {
	name   string
	log    *[]string
	failAt string
	fail   error
}

func (r *recorder) add(event string) error {
	*r.log = append(*r.log, r.name+":"+event)
	if event == r.failAt {
		return r.fail
	}
	return nil
}

func (r *recorder) OnTrainBegin(t *Trainer) error { return r.add("train_begin") }
func (r *recorder) OnTrainEnd(t *Trainer, err error) error {
	return r.add(fmt.Sprintf("train_end(%v)", err))
}
func (r *recorder) OnEpochBegin(t *Trainer, epoch int) error {
	return r.add(fmt.Sprintf("epoch_begin%d", epoch))
}
func (r *recorder) OnEpochEnd(t *Trainer, e *EpochInfo) error {
	return r.add(fmt.Sprintf("epoch_end%d", e.Epoch))
}
func (r *recorder) OnStepEnd(t *Trainer, s *StepInfo) error {
	return r.add(fmt.Sprintf("step%d.%d", s.Epoch, s.Step))
}

// callbackTrainer trains a linear classifier on 16 samples in batches of
// 8: two steps per epoch.
func callbackTrainer(t *testing.T, epochs int, cbs ...Callback) *Trainer {
	m, err := NewSequential(8, NewLinear(8, 3))
	require.NoError(t, err)
	opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
	require.NoError(t, err)
	return &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 8, Epochs: epochs,
		RNG: NewRNG(1), Callbacks: cbs}
}

func TestCallbacksOrder(t *testing.T) {
	var log []string
	tr := callbackTrainer(t, 2, &recorder{name: "a", log: &log}, &recorder{name: "b", log: &log})
	require.NoError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil))
	want := []string{"a:train_begin", "b:train_begin"}
	for e := 1; e <= 2; e++ {
		want = append(want, fmt.Sprintf("a:epoch_begin%d", e), fmt.Sprintf("b:epoch_begin%d", e))
		for s := 1; s <= 2; s++ {
			want = append(want, fmt.Sprintf("a:step%d.%d", e, s), fmt.Sprintf("b:step%d.%d", e, s))
		}
		want = append(want, fmt.Sprintf("a:epoch_end%d", e), fmt.Sprintf("b:epoch_end%d", e))
	}
	want = append(want, "a:train_end(<nil>)", "b:train_end(<nil>)")
	require.Equal(t, want, log)
}

// A callback that returns ErrStop (or wraps it) ends Fit without an error
// at once: the callbacks after it are skipped, and every callback still
// gets OnTrainEnd.
func TestCallbackStopsTraining(t *testing.T) {
	for _, stop := range []error{ErrStop, fmt.Errorf("enough: %w", ErrStop)} {
		var log []string
		tr := callbackTrainer(t, 5, &recorder{name: "a", log: &log, failAt: "step2.1", fail: stop}, &recorder{name: "b", log: &log})
		require.NoError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil))
		require.Equal(t, []string{"a:step2.1", "a:train_end(<nil>)", "b:train_end(<nil>)"}, log[len(log)-3:])
		require.Equal(t, 1, tr.Epoch())
		require.Equal(t, 3, tr.GlobalStep())
	}
}

// A callback's error ends Fit with that error, from every method; OnTrainEnd
// sees it; a failing OnTrainBegin skips training and the later callbacks'
// OnTrainEnd.
func TestCallbackErrorsPropagate(t *testing.T) {
	boom := errors.New("boom")
	for _, at := range []string{"train_begin", "epoch_begin2", "step1.2", "epoch_end1"} {
		var log []string
		tr := callbackTrainer(t, 3, &recorder{name: "a", log: &log}, &recorder{name: "b", log: &log, failAt: at, fail: boom}, &recorder{name: "c", log: &log})
		err := tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil)
		require.ErrorIs(t, err, boom, at)
		var ce *CallbackError
		require.ErrorAs(t, err, &ce, at)
		require.Equal(t, 1, ce.Index, at)
		ended := "train_end(" + err.Error() + ")"
		if at == "train_begin" {
			require.Equal(t, []string{"a:train_begin", "b:train_begin", "a:" + ended}, log)
			require.Zero(t, tr.GlobalStep())
			continue
		}
		require.Equal(t, []string{"b:" + at, "a:" + ended, "b:" + ended, "c:" + ended}, log[len(log)-4:], at)
		require.NotContains(t, log, "c:"+at, at)
	}
	// OnTrainEnd's error is Fit's when training itself succeeded, after
	// every OnTrainEnd has run; Fit's own error comes first.
	var log []string
	tr := callbackTrainer(t, 1, &recorder{name: "a", log: &log, failAt: "train_end(<nil>)", fail: boom}, &recorder{name: "b", log: &log})
	require.ErrorIs(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil), boom)
	require.Equal(t, "b:train_end(<nil>)", log[len(log)-1])

	ctx, cancel := context.WithCancel(context.Background())
	log = nil
	tr = callbackTrainer(t, 1, &recorder{name: "a", log: &log, failAt: "step1.1", fail: nil},
		&recorder{name: "b", log: &log, failAt: "train_end(context canceled)", fail: boom})
	tr.Callbacks = append(tr.Callbacks, onStep(func(*StepInfo) error { cancel(); return nil }))
	require.ErrorIs(t, tr.Fit(ctx, blobs(t, 16, 8, 3, 1), nil), context.Canceled)
	require.Equal(t, "b:train_end(context canceled)", log[len(log)-1])
}

// Mid-epoch resume calls OnEpochBegin for the rest of the epoch.
func TestCallbackEpochBeginOnResume(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var log []string
	tr := callbackTrainer(t, 2)
	tr.Callbacks = append(tr.Callbacks, onStep(func(s *StepInfo) error {
		if s.Epoch == 1 && s.Step == 1 {
			cancel()
		}
		return nil
	}))
	ds := blobs(t, 16, 8, 3, 1)
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	tr.Callbacks = []Callback{&recorder{name: "a", log: &log}}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Equal(t, []string{"a:train_begin", "a:epoch_begin1", "a:step1.2", "a:epoch_end1"}, log[:4])
}

func TestCallbackNilRefused(t *testing.T) {
	tr := callbackTrainer(t, 1, BaseCallback{}, nil)
	require.EqualError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil), "nn: Trainer.Callbacks[1] is nil")
}
