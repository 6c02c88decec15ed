package run

import (
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnscaledWarning(t *testing.T) {
	d := &data.Dataset{Features: 4, Source: "w.csv", X: []float32{
		// constant, range 2, range 300, range 0.5
		7, 0, 1000, 0.25,
		7, 2, 1300, 0.75,
		7, 1, 1100, 0.5,
	}}
	s, ok := measureScales(d)
	require.True(t, ok)
	assert.Equal(t, featureScales{Ratio: 600, Wide: 2, Narrow: 3, WideR: 300, NarrowR: 0.5}, s)
	warning, advice := unscaledWarning(d)
	assert.Equal(t, "warning: w.csv: the feature ranges differ 600x (feature 2 spans 300, feature 3 spans 0.5) and --normalize is none, so the widest features dominate the first layer and training is slow or stalls; add --normalize standard", warning)
	assert.Equal(t, "the features are not scaled (ranges differ 600x): add --normalize standard first", advice)

	// 99x is below the limit; one varying feature has nothing to compare.
	d.X[3], d.X[7], d.X[11] = 0, 300.0/99, 1
	d.X[5] = 4
	if s, _ := measureScales(d); s.Ratio >= unscaledRatio {
		t.Fatalf("ratio %v", s.Ratio)
	}
	warning, _ = unscaledWarning(d)
	assert.Empty(t, warning)
	// Ranges of float32 features can differ by far more than a million:
	// the ratio is then written in scientific notation, not in 60 digits.
	huge := &data.Dataset{Features: 2, Source: "h.csv", X: []float32{0, 0, 1e-30, 3e38}}
	warning, advice = unscaledWarning(huge)
	assert.Contains(t, warning, "the feature ranges differ 3e+68x (feature 1 spans 3e+38, feature 0 spans 1e-30)")
	assert.Equal(t, "the features are not scaled (ranges differ 3e+68x): add --normalize standard first", advice)
	whole := &data.Dataset{Features: 2, Source: "h.csv", X: []float32{0, 0, 0.5, 150000}}
	warning, _ = unscaledWarning(whole)
	assert.Contains(t, warning, "differ 300000x")
	one := &data.Dataset{Features: 2, X: []float32{1, 5, 1, 5000}}
	_, ok = measureScales(one)
	assert.False(t, ok)
}
