package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// After a mid-epoch resume, EpochInfo.ResumedSamples counts the epoch's
// samples trained before it, which its Duration does not time.
func TestEpochInfoResumedSamples(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	first, train, val := overfitRun(t, 100, 2)
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.GlobalStep == 2 {
			cancel()
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)

	resumed, _, _ := overfitRun(t, 100, 2)
	var infos []EpochInfo
	resumed.Callbacks = append(resumed.Callbacks, onEpoch(func(e *EpochInfo) error { infos = append(infos, *e); return nil }))
	require.NoError(t, resumed.Import(first.Export()))
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Len(t, infos, 2)
	require.Equal(t, [2]int{48, 16}, [2]int{infos[0].Samples, infos[0].ResumedSamples})
	require.Equal(t, [2]int{48, 0}, [2]int{infos[1].Samples, infos[1].ResumedSamples})
}
