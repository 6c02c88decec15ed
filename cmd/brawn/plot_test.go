package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/tensorboard"
)

func TestWritePlot(t *testing.T) {
	v := 0.5
	epochs := []model.EpochMetrics{
		{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.6, ValLoss: &v, ValAccuracy: &v, TestLoss: 0.9, TestAccuracy: 0.65},
		{Epoch: 2, TrainLoss: 0.5, TrainAccuracy: 0.8, ValLoss: &v, ValAccuracy: &v, TestLoss: 0.6, TestAccuracy: 0.75},
	}
	w := make([]float32, 1000)
	for i := range w {
		w[i] = float32(i%37) / 37
	}
	hists := []histSource{namedValues{"0.weight", w}, namedValues{"0.bias", make([]float32, 16)}, namedValues{"2.weight", w[:50]}}
	path := filepath.Join(t.TempDir(), "run.png")
	require.NoError(t, writePlot(path, epochs, hists))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// 2 columns, 3 rows (2 curves + 3 histograms) at 10x3.5 inches per row.
	b := img.Bounds()
	assert.Greater(t, b.Dx(), 500)
	assert.InDelta(t, float64(b.Dx())*3*3.5/10, float64(b.Dy()), 2)
	colours := map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bb, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bb>>8] = true
		}
	}
	assert.Greater(t, len(colours), 4, "the image has drawn content, not one flat colour")

	require.ErrorContains(t, writePlot(path, nil, nil), "no finished epoch")
}

// Rebinning TensorFlow's uneven buckets into equal bins keeps every count
// and, for evenly spread values, gives nearly equal bins.
func TestRebin(t *testing.T) {
	v := make([]float32, 10000)
	for i := range v {
		v[i] = -1 + 2*(float32(i)+0.5)/float32(len(v))
	}
	bins := rebin(tensorboard.NewHistogram(v), 10)
	require.Len(t, bins, 10)
	var total float64
	for i, b := range bins {
		total += b.Weight
		assert.InDelta(t, -1+0.2*float64(i), b.Min, 1e-3)
		assert.InDelta(t, 1000, b.Weight, 60, "bin %d", i) // buckets are at most 10%% wide
	}
	assert.InDelta(t, 10000, total, 1e-6)

	one := rebin(tensorboard.NewHistogram([]float32{0.5, 0.5, 0.5}), 10)
	require.Len(t, one, 1)
	assert.Equal(t, 3.0, one[0].Weight)
	assert.Nil(t, rebin(tensorboard.NewHistogram(nil), 10))
}
