package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// ender records the error its OnTrainEnd gets, and panics there with
// panicValue when it is set.
type ender struct {
	BaseCallback
	got        []error
	panicValue any
}

func (e *ender) OnTrainEnd(_ *Trainer, err error) error {
	e.got = append(e.got, err)
	if e.panicValue != nil {
		panic(e.panicValue)
	}
	return nil
}

// A panic in a callback still runs every begun callback's OnTrainEnd,
// with a *PanicError, before Fit panics again with the original value; a
// second panic in an OnTrainEnd neither hides the first nor stops the
// other OnTrainEnds. A panic in OnTrainEnd alone, after a run without
// one, still lets the others end.
func TestFitRunsOnTrainEndOnPanic(t *testing.T) {
	boom := onStep(func(s *StepInfo) error {
		if s.GlobalStep == 3 {
			panic("boom")
		}
		return nil
	})
	first, second := &ender{panicValue: "second panic"}, &ender{}
	tr, train, val := overfitRun(t, 100, 2)
	tr.Callbacks = []Callback{first, second, boom}
	require.PanicsWithValue(t, "boom", func() { _ = tr.Fit(context.Background(), train, val) })
	for _, e := range []*ender{first, second} {
		require.Len(t, e.got, 1)
		var pe *PanicError
		require.ErrorAs(t, e.got[0], &pe)
		require.Equal(t, "boom", pe.Value)
		require.EqualError(t, e.got[0], "nn: training panicked: boom")
	}

	first, second = &ender{panicValue: "end panic"}, &ender{}
	tr, _, _ = overfitRun(t, 100, 1)
	tr.Callbacks = []Callback{first, second}
	require.PanicsWithValue(t, "end panic", func() { _ = tr.Fit(context.Background(), train, val) })
	require.Equal(t, []error{nil}, first.got)
	require.Equal(t, []error{nil}, second.got)
}
