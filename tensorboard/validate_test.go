package tensorboard

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validCases are histograms Validate must refuse, with the reason, or
// accept ("").
func validCases() []struct {
	name string
	edit func(h *Histogram)
	want string
} {
	inf, nan := math.Inf(1), math.NaN()
	return []struct {
		name string
		edit func(h *Histogram)
		want string
	}{
		{"good", func(h *Histogram) {}, ""},
		{"bucket NaN", func(h *Histogram) { h.Bucket[0] = nan }, "bucket 0 counts NaN values"},
		{"bucket Inf", func(h *Histogram) { h.Bucket[1] = inf }, "bucket 1 counts +Inf values"},
		{"bucket negative", func(h *Histogram) { h.Bucket[1] = -5 }, "bucket 1 counts -5 values"},
		{"limit NaN", func(h *Histogram) { h.BucketLimit[0] = nan }, "bucket_limit 0 is NaN"},
		{"limit Inf", func(h *Histogram) { h.BucketLimit[1] = inf }, "bucket_limit 1 is +Inf"},
		{"min -Inf", func(h *Histogram) { h.Min = math.Inf(-1) }, "min is -Inf"},
		{"max Inf", func(h *Histogram) { h.Max = inf }, "max is +Inf"},
		{"num NaN", func(h *Histogram) { h.Num = nan }, "num is NaN"},
		{"num negative", func(h *Histogram) { h.Num = -1 }, "num is -1, below 0"},
		{"range overflows", func(h *Histogram) { h.Min, h.Max, h.BucketLimit[0] = -1.7e308, 1.7e308, 0 },
			"its range from min -1.7e+308 to max 1.7e+308 is wider than a float64 holds"},
		{"counts overflow", func(h *Histogram) { h.Bucket[0], h.Bucket[1] = 1.7e308, 1.7e308; h.BucketLimit[0] = 0.01 },
			"its counts add up to more than a float64 holds"},
		{"huge but finite", func(h *Histogram) { h.Min, h.Max, h.BucketLimit[0], h.Bucket[0] = -1e300, 1e300, 0, 1e300 }, ""},
		{"empty", func(h *Histogram) {
			*h = Histogram{Min: math.MaxFloat64, Max: -math.MaxFloat64, BucketLimit: []float64{math.MaxFloat64}, Bucket: []float64{0}}
		}, ""},
	}
}

func goodHistogram() *Histogram {
	return &Histogram{Min: 0, Max: 1, Num: 10, BucketLimit: []float64{0.5, 1}, Bucket: []float64{5, 5}}
}

func TestHistogramValidate(t *testing.T) {
	for _, c := range validCases() {
		h := goodHistogram()
		c.edit(h)
		err := h.Validate()
		if c.want == "" {
			assert.NoError(t, err, c.name)
		} else {
			assert.EqualError(t, err, c.want, c.name)
		}
	}
	// What NewHistogram builds from finite values passes, even at float32's
	// extremes; Inf values give an infinite min or max.
	require.NoError(t, NewHistogram([]float32{-math.MaxFloat32, 0, math.MaxFloat32}).Validate())
	require.NoError(t, NewHistogram(nil).Validate())
	require.EqualError(t, NewHistogram([]float32{1, float32(math.Inf(1))}).Validate(), "max is +Inf")
}

// LastHistograms gives each tag's highest step, leaving out with a warning
// naming the file, tag and step a histogram Validate refuses; the
// Writer writes such histograms from the weights of a run that diverged.
func TestLastHistograms(t *testing.T) {
	for _, c := range validCases() {
		t.Run(c.name, func(t *testing.T) {
			w, err := NewWriter(t.TempDir())
			require.NoError(t, err)
			require.NoError(t, w.AddHistogramProto("weights/0.weight", goodHistogram(), 1))
			h := goodHistogram()
			c.edit(h)
			require.NoError(t, w.AddHistogramProto("weights/0.weight", h, 2))
			require.NoError(t, w.AddHistogramProto("weights/0.bias", goodHistogram(), 2))
			require.NoError(t, w.AddHistogramProto("gradients/0.bias", goodHistogram(), 3))
			require.NoError(t, w.Close())
			r, err := ReadFile(w.Path())
			require.NoError(t, err)

			last, warnings := r.LastHistograms(WeightsPrefix)
			assert.Equal(t, int64(2), last["weights/0.bias"].Step)
			assert.NotContains(t, last, "gradients/0.bias")
			if c.want == "" {
				assert.Empty(t, warnings)
				require.Contains(t, last, "weights/0.weight")
				assert.Equal(t, int64(2), last["weights/0.weight"].Step)
				assert.Len(t, last, 2)
				return
			}
			assert.Len(t, last, 1)
			require.Len(t, warnings, 1)
			assert.Equal(t, w.Path()+`: histogram "weights/0.weight" at step 2: `+c.want+": left out", warnings[0].String())
			assert.Empty(t, r.Warnings, "the run's own warnings are the reader's")
		})
	}
}

func TestIsEpochMetric(t *testing.T) {
	for _, tag := range []string{"loss/train", "accuracy/val", "r2/test", "mse/train", "mae/val", TagEpochLR, MetricTag(MetricLoss, SplitTest)} {
		assert.True(t, IsEpochMetric(tag), tag)
	}
	for _, tag := range []string{TagBatchLoss, TagStepLR, TagSamplesPerSec, "loss", "loss/", "weights/0.weight", HealthTag("0", HealthGradNorm), "f1/test"} {
		assert.False(t, IsEpochMetric(tag), tag)
	}
	assert.Equal(t, "health/2/dead_relu_fraction", HealthTag("2", HealthDeadReLUFraction))
}
