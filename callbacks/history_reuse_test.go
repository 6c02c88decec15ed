package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// A History reused for a second fresh run (a new model and Trainer)
// records that run alone, while a resumed run continues its entries.
func TestHistoryResetsForAFreshRun(t *testing.T) {
	h := &History{}
	epochs := func() []int {
		var e []int
		for _, m := range h.Epochs {
			e = append(e, m.Epoch)
		}
		return e
	}
	for range 2 {
		tr, ds := blobTrainer(t, 16, 2)
		tr.Callbacks = []nn.Callback{h}
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		require.Equal(t, []int{1, 2}, epochs())
	}

	first, ds := blobTrainer(t, 16, 2)
	first.Callbacks = []nn.Callback{h}
	require.NoError(t, first.Fit(context.Background(), ds, nil))
	resumed, _ := blobTrainer(t, 16, 3)
	resumed.Callbacks = []nn.Callback{h}
	require.NoError(t, resumed.Import(first.Export()))
	require.NoError(t, resumed.Fit(context.Background(), ds, nil))
	require.Equal(t, []int{1, 2, 3}, epochs())
}
