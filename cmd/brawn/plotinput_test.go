package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/tensorboard"
)

// epochScalars writes the scalars brawn train logs for an epoch, in the
// order it logs them (values exact in float32), stopping after the tag last (all of them when last
// is ""), as a run killed while writing the epoch leaves them.
func epochScalars(t *testing.T, w *tensorboard.Writer, epoch int64, last string) {
	t.Helper()
	for _, s := range []struct {
		tag string
		v   float64
	}{
		{"loss/train", 1.0 / float64(epoch)}, {"accuracy/train", 0.5}, {"loss/test", 1.5 / float64(epoch)}, {"accuracy/test", 0.375},
		{"lr/epoch", 0.01}, {"speed/samples_per_sec", 1000}, {"loss/val", 2.0 / float64(epoch)}, {"accuracy/val", 0.25},
	} {
		require.NoError(t, w.AddScalar(s.tag, s.v, epoch))
		if s.tag == last {
			return
		}
	}
}

// An event file that ends at a record boundary in the middle of an epoch
// (after its validation loss, before its validation accuracy) is drawn with
// what the epoch has.
func TestPlotEpochRecordedInPart(t *testing.T) {
	for _, last := range []string{"loss/val", "loss/train"} {
		t.Run(last, func(t *testing.T) {
			dir := t.TempDir()
			w, err := tensorboard.NewWriter(dir)
			require.NoError(t, err)
			epochScalars(t, w, 1, "")
			epochScalars(t, w, 2, last)
			require.NoError(t, w.Close())

			scalars, _, err := readLogdir(dir, io.Discard)
			require.NoError(t, err)
			assert.Equal(t, []int64{1, 2}, tensorboard.EpochSteps(scalars))
			at2 := func(tag string) (float64, bool) {
				for _, p := range scalars[tag] {
					if p.Step == 2 {
						return p.Value, true
					}
				}
				return 0, false
			}
			assert.Equal(t, []tensorboard.Scalar{{Step: 1, Value: 0.25}}, scalars["accuracy/val"])
			v, _ := at2("loss/train")
			assert.Equal(t, 0.5, v)
			if last == "loss/val" {
				v, _ = at2("loss/val")
				assert.Equal(t, 1.0, v)
				v, _ = at2("accuracy/test")
				assert.Equal(t, 0.375, v)
			} else {
				// Missing, not zero: a 0 would be drawn as a real value.
				for _, tag := range []string{"loss/val", "accuracy/train", "loss/test", "accuracy/test"} {
					_, ok := at2(tag)
					assert.False(t, ok, tag)
				}
			}

			out, _, err := runCLI(context.Background(), "plot", dir)
			require.NoError(t, err)
			assert.Equal(t, "wrote "+filepath.Join(dir, "brawn.png")+" (2 epochs, 0 histograms)\n", out)
		})
	}
}

// An event file whose last record is cut short (a run killed while
// writing it) is drawn up to that record, with a warning naming the file,
// the record and its byte offset; a record that does not match its CRC is
// an error naming the same.
func TestPlotEventsCutShortOrCorrupt(t *testing.T) {
	dir := t.TempDir()
	w, err := tensorboard.NewWriter(dir)
	require.NoError(t, err)
	size := func() int64 {
		require.NoError(t, w.Flush())
		st, err := os.Stat(w.Path())
		require.NoError(t, err)
		return st.Size()
	}
	epochScalars(t, w, 1, "")
	complete := size()
	require.NoError(t, w.AddScalar("loss/train", 0.25, 2))
	next := size()
	require.NoError(t, w.Close())
	file, err := os.ReadFile(w.Path())
	require.NoError(t, err)

	require.NoError(t, os.WriteFile(w.Path(), file[:complete+13], 0o644))
	out, stderr, err := runCLI(context.Background(), "plot", dir)
	require.NoError(t, err)
	assert.Equal(t, "wrote "+filepath.Join(dir, "brawn.png")+" (1 epoch, 0 histograms)\n", out)
	// Record 0 holds the file version, 1 to 8 epoch 1's scalars.
	assert.Equal(t, fmt.Sprintf("warning: %s: the last record (record 9 at byte %d) is incomplete, 13 bytes of the %d its header announces; the run was killed or is still writing it: left out\n",
		w.Path(), complete, next-complete), stderr)

	file[complete+14] ^= 0x40 // in the data of record 9
	require.NoError(t, os.WriteFile(w.Path(), file, 0o644))
	_, _, err = runCLI(context.Background(), "plot", dir)
	require.EqualError(t, err, fmt.Sprintf("%s: record 9 at byte %d: the data's CRC does not match (corrupt file)", w.Path(), complete))
}

// A histogram that tensorboard.Histogram.Validate refuses (every case is
// in its test) is left out with a warning naming the file, tag and step
// (the rasterizer never returned on the NaN coordinates they gave); the
// curves and the other histograms are drawn.
func TestPlotRefusesNonFiniteHistogram(t *testing.T) {
	good := func() *tensorboard.Histogram {
		return &tensorboard.Histogram{Min: 0, Max: 1, Num: 10, BucketLimit: []float64{0.5, 1}, Bucket: []float64{5, 5}}
	}
	for _, c := range []struct {
		name string
		edit func(h *tensorboard.Histogram)
		want string // the reason in the warning; "" when drawn
	}{
		{"bucket NaN", func(h *tensorboard.Histogram) { h.Bucket[0] = math.NaN() }, "bucket 0 counts NaN values"},
		{"max Inf", func(h *tensorboard.Histogram) { h.Max = math.Inf(1) }, "max is +Inf"},
		{"huge but finite", func(h *tensorboard.Histogram) { h.Min, h.Max, h.BucketLimit[0], h.Bucket[0] = -1e300, 1e300, 0, 1e300 }, ""},
		{"empty", func(h *tensorboard.Histogram) {
			*h = tensorboard.Histogram{Min: math.MaxFloat64, Max: -math.MaxFloat64, BucketLimit: []float64{math.MaxFloat64}, Bucket: []float64{0}}
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := tensorboard.NewWriter(dir)
			require.NoError(t, err)
			epochScalars(t, w, 1, "")
			h := good()
			c.edit(h)
			require.NoError(t, w.AddHistogramProto("weights/0.weight", h, 1))
			require.NoError(t, w.AddHistogramProto("weights/0.bias", good(), 1))
			require.NoError(t, w.Close())

			out, stderr, err := runCLI(context.Background(), "plot", dir)
			require.NoError(t, err)
			if c.want == "" {
				assert.Empty(t, stderr)
				assert.Contains(t, out, "(1 epoch, 2 histograms)")
				return
			}
			assert.Equal(t, fmt.Sprintf("warning: %s: histogram \"weights/0.weight\" at step 1: %s: left out\n", w.Path(), c.want), stderr)
			assert.Contains(t, out, "(1 epoch, 1 histogram)")
		})
	}
}

// TestPlotOutputRefusedUpFront: an --output that is a directory, or whose
// parent is a file, is refused before the run is read.
func TestPlotOutputRefusedUpFront(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	pngDir := filepath.Join(dir, "curves.png")
	require.NoError(t, os.Mkdir(pngDir, 0o755))
	missingRun := filepath.Join(dir, "no-such-run")

	_, _, err := runCLI(context.Background(), "plot", missingRun, "--output", filepath.Join(file, "x.png"))
	require.ErrorContains(t, err, `invalid --output "`+filepath.Join(file, "x.png")+`"`)
	require.ErrorContains(t, err, "is not a directory")

	_, _, err = runCLI(context.Background(), "plot", missingRun, "--output", pngDir)
	require.ErrorContains(t, err, `invalid --output "`+pngDir+`"`)
	require.ErrorContains(t, err, "is a directory")
}
