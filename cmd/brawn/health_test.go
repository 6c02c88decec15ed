package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealthWarnings(t *testing.T) {
	const n = 100 // weights per layer: RMS = norm / 10
	h := newHealthMonitor()
	h.baseline([]callbacks.LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "2 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "4 (Linear)", WeightNorm: 1, Elements: n},
	})
	healthy := []callbacks.LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1.5, GradNorm: 0.01, Elements: n, DeadFraction: 0.1},
		{Layer: "2 (Linear)", WeightNorm: 0.8, GradNorm: 0.01, Elements: n, DeadFraction: -1},
		{Layer: "4 (Linear)", WeightNorm: 1.2, GradNorm: 0.01, Elements: n, DeadFraction: -1},
	}
	assert.Empty(t, h.check(1, 0.5, healthy))

	sick := []callbacks.LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, GradNorm: 1e-8, Elements: n, DeadFraction: 0.9},  // grad RMS 1e-9
		{Layer: "2 (Linear)", WeightNorm: 0.01, GradNorm: 200, Elements: n, DeadFraction: -1}, // grad RMS 20, weights 1/100
		{Layer: "4 (Linear)", WeightNorm: 30, GradNorm: math.NaN(), Elements: n, DeadFraction: -1},
	}
	got := h.check(2, 0.5, sick)
	require.Len(t, got, 6)
	assert.Contains(t, got[0], "layer 0 (Linear): gradients vanish")
	assert.Contains(t, got[0], "--init he")
	assert.Contains(t, got[1], "layer 0 (Linear): 90% of its ReLU units were never active")
	assert.Contains(t, got[1], "leakyrelu")
	assert.Contains(t, got[2], "layer 2 (Linear): gradients explode")
	assert.Contains(t, got[2], "--clip-norm")
	assert.Contains(t, got[3], "layer 2 (Linear): weights collapse toward zero (RMS 0.001, was 0.1)")
	assert.Contains(t, got[3], "--weight-decay")
	assert.Contains(t, got[4], "layer 4 (Linear): gradients explode (RMS NaN")
	assert.Contains(t, got[5], "layer 4 (Linear): weights grow without bound (RMS 3, was 0.1)")
	assert.Empty(t, h.check(3, 0.5, sick), "each warning is given once per layer and kind")
}

// Gradients 1000 times smaller than the largest layer's vanish; tiny
// gradients of a network that fits its data perfectly do not.
func TestHealthVanishingRelative(t *testing.T) {
	layers := []callbacks.LayerHealth{
		{Layer: "0", WeightNorm: 1, GradNorm: 2e-5, Elements: 100}, // RMS 2e-6
		{Layer: "2", WeightNorm: 1, GradNorm: 1e-3, Elements: 100}, // RMS 1e-4
		{Layer: "4", WeightNorm: 1, GradNorm: 3e-2, Elements: 100}, // RMS 3e-3: the largest
	}
	got := newHealthMonitor().check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "layer 0: gradients vanish (RMS 2e-06 per weight, the largest layer's is 0.003)")
	assert.Empty(t, newHealthMonitor().check(1, 1e-5, layers), "nothing left to learn")

	// The advice leaves out what the run does already.
	h := newHealthMonitor()
	h.init, h.activation = "he-normal", "relu"
	got = h.check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.NotContains(t, got[0], "--init")
	assert.True(t, strings.HasSuffix(got[0], "stops learning; try fewer layers or --batchnorm"), got[0])
	h = newHealthMonitor()
	h.init, h.activation, h.batchNorm = "xavier-uniform", "tanh", true
	got = h.check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.True(t, strings.HasSuffix(got[0], "stops learning; try --activation relu instead of tanh (with --init he) or fewer layers"), got[0])
}

// On a handful of samples many healthy ReLU units never fire: no dead-unit
// warning then, while the fraction still goes to the metrics.
func TestNoDeadUnitWarningOnTinyData(t *testing.T) {
	layers := []callbacks.LayerHealth{{Layer: "0", WeightNorm: 1, GradNorm: 0.1, Elements: 100, DeadFraction: 0.9}}
	h := newHealthMonitor()
	assert.Empty(t, h.check(1, 0.5, withoutDeadUnits(layers, deadUnitsMinSamples-1)))
	assert.Equal(t, 0.9, layers[0].DeadFraction, "the caller's statistics are left alone")
	got := h.check(1, 0.5, withoutDeadUnits(layers, deadUnitsMinSamples))
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "90% of its ReLU units were never active")
	assert.Contains(t, got[0], "--init he", "advised when the run does not use it")
	h = newHealthMonitor()
	h.init, h.activation = "he-normal", "relu"
	got = h.check(1, 0.5, layers)
	require.Len(t, got, 1)
	assert.True(t, strings.HasSuffix(got[0], "never active this epoch (dead); lower --lr or use --activation leakyrelu"), got[0])

	dir := t.TempDir()
	data, metrics := filepath.Join(dir, "two.csv"), filepath.Join(dir, "m.json")
	require.NoError(t, os.WriteFile(data, []byte("a,b,label\n1,2,0\n3,4,1\n"), 0o644))
	_, stderr, err := runCLI(context.Background(), "train", "--train", data, "--test", data, "--epochs", "3", "--json", metrics)
	require.NoError(t, err)
	assert.NotContains(t, stderr, "never active")
	l0 := readMetrics(t, metrics)["epochs"].([]any)[0].(map[string]any)["layers"].([]any)[0].(map[string]any)
	assert.Contains(t, l0, "dead_relu_fraction")
}
