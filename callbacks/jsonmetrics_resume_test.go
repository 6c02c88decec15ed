package callbacks

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// total_seconds counts a resumed run's earlier processes: JSONMetrics
// keeps the run's time in the Trainer's state, and a resumed run adds its
// own to it. A state saved before it did (no entry) counts from the
// resumed process's start; a bad value is refused, naming the entry.
func TestJSONMetricsTotalSecondsAcrossResume(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 3)
	h := &History{}
	path := filepath.Join(t.TempDir(), "m.json")
	ctx, cancel := context.WithCancel(context.Background())
	first := &JSONMetrics{Path: path, History: h}
	tr.Callbacks = []nn.Callback{h, first, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Epoch == 2 && s.Step == 1 {
			cancel()
		}
		return nil
	}}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	st := tr.Export()
	require.Contains(t, st.Scalars, "json_metrics.total_seconds")
	assert.GreaterOrEqual(t, st.Scalars["json_metrics.total_seconds"], readJSON(t, path)["total_seconds"].(float64))

	// The saved run took 1000 s; the resumed one adds its own.
	st.Scalars["json_metrics.total_seconds"] = 1000
	resumed := &JSONMetrics{Path: path, History: h}
	tr.Callbacks = []nn.Callback{h, resumed}
	require.NoError(t, tr.Import(st))
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	doc := readJSON(t, path)
	assert.GreaterOrEqual(t, doc["total_seconds"].(float64), 1000.0)
	assert.Less(t, doc["total_seconds"].(float64), 2000.0)

	old := &JSONMetrics{Path: path, History: h}
	require.NoError(t, old.Import(nn.NewState()), "a state saved before total_seconds was")
	for _, v := range []float64{-1, math.NaN(), math.Inf(1)} {
		bad := nn.NewState()
		bad.Scalars["total_seconds"] = v
		var se *nn.StateError
		require.ErrorAs(t, old.Import(bad), &se, "%v", v)
		assert.Equal(t, "total_seconds", se.Key)
	}

	// A fresh run with the same JSONMetrics starts its own count.
	tr2, ds2 := blobTrainer(t, 12, 1)
	tr2.Callbacks = []nn.Callback{h, resumed}
	require.NoError(t, tr2.Fit(context.Background(), ds2, nil))
	assert.Less(t, readJSON(t, path)["total_seconds"].(float64), 1000.0)
}
