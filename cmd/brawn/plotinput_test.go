package main

import (
	"context"
	"math"
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
	for _, s := range []scalar{
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

			history, _, err := readLogdir(dir)
			require.NoError(t, err)
			require.Len(t, history, 2)
			assert.Equal(t, 0.25, *history[0].ValAccuracy)
			e := history[1]
			assert.Equal(t, 2, e.Epoch)
			assert.Equal(t, 0.5, e.TrainLoss)
			if last == "loss/val" {
				assert.Equal(t, 1.0, *e.ValLoss)
				assert.Equal(t, 0.375, e.TestAccuracy)
			} else {
				assert.Nil(t, e.ValLoss)
				// Missing, not zero: a 0 would be drawn as a real accuracy.
				assert.True(t, math.IsNaN(e.TrainAccuracy) && math.IsNaN(e.TestLoss) && math.IsNaN(e.TestAccuracy), "%+v", e)
			}
			assert.Nil(t, e.ValAccuracy)

			out, _, err := runCLI(context.Background(), "plot", dir)
			require.NoError(t, err)
			assert.Equal(t, "wrote "+filepath.Join(dir, "brawn.png")+" (2 epochs, 0 histograms)\n", out)
		})
	}
}

// A checkpoint's history may hold a validation loss without its accuracy
// (or the reverse); each is drawn where present.
func TestPlotHistoryWithoutValAccuracy(t *testing.T) {
	vl, va := 0.7, 0.6
	epochs := []epochMetrics{
		{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.5, ValLoss: &vl, TestLoss: 1.1, TestAccuracy: 0.45},
		{Epoch: 2, TrainLoss: 0.8, TrainAccuracy: 0.6, ValAccuracy: &va, TestLoss: 0.9, TestAccuracy: 0.55},
	}
	require.NoError(t, writePlot(filepath.Join(t.TempDir(), "h.png"), epochs, nil))
}
