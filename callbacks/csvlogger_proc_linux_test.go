package callbacks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// An open file named through /proc (/dev/stdout that a shell redirected
// to a regular file) is written in place, appending: each row once, after
// one header, not the whole file again at every epoch.
func TestCSVLoggerOpenFileThroughProc(t *testing.T) {
	out := filepath.Join(t.TempDir(), "app.txt")
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	require.NoError(t, err)
	defer f.Close()
	tr, ds := blobTrainer(t, 12, 3)
	tr.Callbacks = []nn.Callback{&CSVLogger{Path: "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))}}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	rows := readCSV(t, out)
	require.Len(t, rows, 4, "a header and three rows: %q", rows)
	require.Equal(t, "epoch", rows[0][0])
	for i, r := range rows[1:] {
		require.Equal(t, strconv.Itoa(i+1), r[0])
	}
}
