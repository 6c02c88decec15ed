package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealthWarnings(t *testing.T) {
	const n = 100 // weights per layer: RMS = norm / 10
	h := newHealthMonitor()
	h.baseline([]layerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "2 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "4 (Linear)", WeightNorm: 1, Elements: n},
	})
	healthy := []layerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1.5, GradNorm: 0.01, Elements: n, DeadFraction: 0.1},
		{Layer: "2 (Linear)", WeightNorm: 0.8, GradNorm: 0.01, Elements: n, DeadFraction: -1},
		{Layer: "4 (Linear)", WeightNorm: 1.2, GradNorm: 0.01, Elements: n, DeadFraction: -1},
	}
	assert.Empty(t, h.check(1, healthy))

	sick := []layerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, GradNorm: 1e-8, Elements: n, DeadFraction: 0.9},  // grad RMS 1e-9
		{Layer: "2 (Linear)", WeightNorm: 0.01, GradNorm: 200, Elements: n, DeadFraction: -1}, // grad RMS 20, weights 1/100
		{Layer: "4 (Linear)", WeightNorm: 30, GradNorm: math.NaN(), Elements: n, DeadFraction: -1},
	}
	got := h.check(2, sick)
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
	assert.Empty(t, h.check(3, sick), "each warning is given once per layer and kind")
}
