package model

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JSON of EpochMetrics and LayerMetrics, every field set: NaN and
// infinities are null, nil pointers left out. The text is pinned, as
// checkpoints and brawn train --json hold it.
func TestEpochMetricsJSON(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	m := EpochMetrics{
		Epoch: 3, TrainLoss: 0.25, TrainAccuracy: math.NaN(), ValLoss: f(0.5), ValAccuracy: f(math.Inf(1)),
		TestLoss: 0.75, TestAccuracy: 0.875, LR: 1e-3, Seconds: 2.5, SamplesPerSec: 24000,
		TrainMSE: f(1), TrainMAE: f(2), TrainR2: f(math.Inf(-1)), ValMSE: f(4), ValMAE: f(5), ValR2: f(6),
		TestMSE: f(7), TestMAE: f(8), TestR2: f(0.9),
		Layers: []LayerMetrics{
			{Layer: "0 (Linear 784->256)", WeightNorm: 1.5, GradNorm: math.NaN(), DeadFraction: f(0.125)},
			{Layer: "2 (Linear 256->10)", WeightNorm: 2, GradNorm: 0.5},
		},
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	want := `{"epoch":3,"train_loss":0.25,"train_accuracy":null,"val_loss":0.5,"val_accuracy":null,` +
		`"test_loss":0.75,"test_accuracy":0.875,"lr":0.001,"seconds":2.5,"samples_per_sec":24000,` +
		`"train_mse":1,"train_mae":2,"train_r2":null,"val_mse":4,"val_mae":5,"val_r2":6,` +
		`"test_mse":7,"test_mae":8,"test_r2":0.9,` +
		`"layers":[{"layer":"0 (Linear 784-\u003e256)","weight_norm":1.5,"grad_norm":null,"dead_relu_fraction":0.125},` +
		`{"layer":"2 (Linear 256-\u003e10)","weight_norm":2,"grad_norm":0.5}]}`
	assert.Equal(t, want, string(b))

	var got EpochMetrics
	require.NoError(t, json.Unmarshal(b, &got))
	assert.True(t, math.IsNaN(got.TrainAccuracy), "null reads as NaN")
	assert.True(t, math.IsNaN(got.Layers[0].GradNorm))
	assert.Nil(t, got.ValAccuracy, "null reads as nil where the field is a pointer")
	assert.Nil(t, got.TrainR2)
	got.TrainAccuracy, got.ValAccuracy, got.TrainR2, got.Layers[0].GradNorm = m.TrainAccuracy, m.ValAccuracy, m.TrainR2, m.Layers[0].GradNorm
	b2, err := json.Marshal(got)
	require.NoError(t, err)
	assert.Equal(t, want, string(b2), "the rest reads back as written")

	b, err = json.Marshal(EpochMetrics{Epoch: 1})
	require.NoError(t, err)
	assert.Equal(t, `{"epoch":1,"train_loss":0,"train_accuracy":0,"test_loss":0,"test_accuracy":0,"lr":0,"seconds":0,"samples_per_sec":0}`, string(b),
		"nil pointers and no layers are left out")
}

// Every field of EpochMetrics and LayerMetrics has a snake_case json tag:
// their tags are the whole description of the JSON (jsonMirror), so a
// field added without one would appear under its Go name.
func TestHistoryFieldsTagged(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[EpochMetrics](), reflect.TypeFor[LayerMetrics]()} {
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			assert.Regexp(t, `^[a-z][a-z0-9_]*$`, name, "%s.%s", typ.Name(), f.Name)
		}
	}
}
