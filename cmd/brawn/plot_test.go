package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWritePlot(t *testing.T) {
	v := 0.5
	epochs := []epochMetrics{
		{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.6, ValLoss: &v, ValAccuracy: &v, TestLoss: 0.9, TestAccuracy: 0.65},
		{Epoch: 2, TrainLoss: 0.5, TrainAccuracy: 0.8, ValLoss: &v, ValAccuracy: &v, TestLoss: 0.6, TestAccuracy: 0.75},
	}
	w := make([]float32, 1000)
	for i := range w {
		w[i] = float32(i%37) / 37
	}
	hists := []namedValues{{"0.weight", w}, {"0.bias", make([]float32, 16)}, {"2.weight", w[:50]}}
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
