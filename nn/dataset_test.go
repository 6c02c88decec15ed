package nn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// byteBlobs returns blobs(t, n, 8, 3, seed) quantised to bytes, twice: as
// byte features (U8, standardized at gather time) and as the float32
// features value/255 standardized in place.
func byteBlobs(t *testing.T, n int, seed uint64) (bytes, floats *data.Dataset) {
	b := blobs(t, n, 8, 3, seed)
	u8 := make([]uint8, len(b.X))
	x := make([]float32, len(b.X))
	for i, v := range b.X {
		u8[i] = uint8(min(max(math.Round(float64(v)*20+128), 0), 255))
		x[i] = float32(u8[i]) / 255
	}
	bytes = &data.Dataset{U8: u8, Y: b.Y, Features: 8, Classes: 3, Source: "bytes"}
	floats = &data.Dataset{X: x, Y: b.Y, Features: 8, Classes: 3, Source: "floats"}
	for _, d := range []*data.Dataset{bytes, floats} {
		s, err := data.FitScaler(data.NormStandard, d)
		require.NoError(t, err)
		require.NoError(t, s.Apply(d))
	}
	return bytes, floats
}

// TestFitOnBytesMatchesFloats: training on images kept as bytes gives the
// bit-identical weights and metrics training on their float32 values does.
func TestFitOnBytesMatchesFloats(t *testing.T) {
	bytes, floats := byteBlobs(t, 100, 1)
	bytesVal, floatsVal := byteBlobs(t, 30, 2)
	var got []map[string][]float32
	var metrics []Metrics
	for _, ds := range [][2]*data.Dataset{{bytes, bytesVal}, {floats, floatsVal}} {
		tr := richTrainer(t, 2)
		require.NoError(t, tr.Fit(context.Background(), ds[0], ds[1]))
		got = append(got, weights(tr.Model))
		m, err := Evaluate(tr.Model, tr.Loss, ds[1], 7)
		require.NoError(t, err)
		metrics = append(metrics, m)
	}
	assert.Equal(t, got[1], got[0])
	assert.Equal(t, metrics[1], metrics[0])
}

func TestFitChecksLabelsAndTargets(t *testing.T) {
	tr := richTrainer(t, 1)
	d := blobs(t, 30, 8, 3, 1)
	unlabelled := *d
	unlabelled.Y = nil
	assert.EqualError(t, tr.Fit(context.Background(), &unlabelled, nil), "nn: the training data has no labels or targets")
	bad := *d
	bad.Y = append([]int(nil), d.Y...)
	bad.Y[4] = 3 // the model outputs 3 classes: 0, 1, 2
	assert.EqualError(t, tr.Fit(context.Background(), d, &bad),
		"nn: the validation data: dataset: sample 4 has label 3, out of range for a model with 3 classes (0..2)")
	_, err := Evaluate(tr.Model, tr.Loss, &bad, 8)
	assert.ErrorContains(t, err, "sample 4 has label 3")
	assert.Zero(t, tr.GlobalStep(), "refused before any step")

	reg, err := data.NewRegression(make([]float32, 16), 8, make([]float32, 4), 2)
	require.NoError(t, err)
	assert.EqualError(t, tr.Fit(context.Background(), reg, nil), "nn: the training data has 2 targets per sample, the model outputs 3")
}

func TestBatchGatherErrors(t *testing.T) {
	var b Batch
	assert.EqualError(t, b.Gather(xorData(t), []int{0, 4}), "dataset: sample index 4 is outside [0, 4)")
}
