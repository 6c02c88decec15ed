package callbacks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Without its own Test, JSONMetrics counts History's test set, whose
// metrics it reports, rather than writing 0 samples beside them.
func TestJSONMetricsTestSamplesFromHistory(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 2)
	h := &History{Test: ds}
	c := &JSONMetrics{Path: filepath.Join(t.TempDir(), "m.json"), History: h}
	tr.Callbacks = []nn.Callback{h, c}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	doc := readJSON(t, c.Path)
	require.Equal(t, float64(12), doc["test_samples"])
	require.Equal(t, h.Last().TestLoss, doc["test_loss"])
}
