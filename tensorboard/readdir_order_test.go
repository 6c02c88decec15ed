package tensorboard

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Twelve event files created in the same second are named .../h, h.1, ...,
// h.11; ReadDir reads them in that order (not h.10 and h.11 before h.2),
// so the last file's value of a repeated step is the one kept.
func TestReadDirOrdersSuffixesNumerically(t *testing.T) {
	dir := t.TempDir()
	fixed := func() time.Time { return time.Unix(1700000000, 0) }
	for i := 0; i < 12; i++ {
		w, err := newWriter(dir, "h", fixed)
		require.NoError(t, err)
		require.NoError(t, w.AddScalar("loss/train", float64(i), 1))
		require.NoError(t, w.Close())
	}
	run, err := ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, run.Files, 12)
	require.Equal(t, []Scalar{{Step: 1, Value: 11}}, run.Scalars["loss/train"])
}
