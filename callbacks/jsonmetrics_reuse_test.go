package callbacks

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// A JSONMetrics reused for a second fresh run times that run from its own
// start, not the first run's; a Start the caller set is kept.
func TestJSONMetricsReusedStartsItsClock(t *testing.T) {
	h := &History{}
	j := &JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json"), History: h}
	tr, ds := blobTrainer(t, 12, 1)
	tr.Callbacks = []nn.Callback{h, j}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	long := time.Now().Add(-time.Hour)
	j.Start, j.autoStart = long, long // as if the first run had started an hour ago

	tr2, _ := blobTrainer(t, 12, 1)
	h.Epochs = nil
	tr2.Callbacks = []nn.Callback{h, j}
	require.NoError(t, tr2.Fit(context.Background(), ds, nil))
	assert.Less(t, readJSON(t, j.Path)["total_seconds"], 3000.0, "the second run's own time")

	given := time.Now().Add(-2 * time.Hour)
	j2 := &JSONMetrics{Path: j.Path, History: h, Start: given}
	tr3, _ := blobTrainer(t, 12, 1)
	h.Epochs = nil
	tr3.Callbacks = []nn.Callback{h, j2}
	require.NoError(t, tr3.Fit(context.Background(), ds, nil))
	assert.Equal(t, given, j2.Start)
	assert.Greater(t, readJSON(t, j.Path)["total_seconds"], 7000.0, "the caller's Start")
}
