package model

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// historyEpoch is an epoch of a made-up history, every kind of field set.
func historyEpoch(i int) EpochMetrics {
	v, d := 0.5/float64(i+1), 0.25
	return EpochMetrics{Epoch: i + 1, TrainLoss: 1 / float64(i+1), TrainAccuracy: 0.9, ValLoss: &v, TestLoss: 2, LR: 1e-3,
		Layers: []LayerMetrics{{Layer: "0 (Linear 2->8)", WeightNorm: float64(i), GradNorm: 0.1, DeadFraction: &d}}}
}

// A Saver's files are Save's, byte for byte, as the history grows, as
// its epochs change in place (a value, a pointee, a layer), when it
// shrinks and when it goes; it encodes again only the epochs that
// changed, reusing the others' JSON, a regression's with its NaN
// accuracies too.
func TestSaverWritesSaveBytes(t *testing.T) {
	net := xorNet(t)
	sc, _ := trainedXOR(t, net)
	m := &Model{Net: net, Scaler: sc}
	dir := t.TempDir()
	var s Saver
	same := func(what string) {
		t.Helper()
		want, got := filepath.Join(dir, "save.safetensors"), filepath.Join(dir, "saver.safetensors")
		require.NoError(t, Save(want, m))
		require.NoError(t, s.Save(got, m))
		wb, err := os.ReadFile(want)
		require.NoError(t, err)
		gb, err := os.ReadFile(got)
		require.NoError(t, err)
		require.True(t, bytes.Equal(wb, gb), "%s: the Saver's file differs from Save's", what)
	}
	same("no history")
	for i := range 4 {
		m.History = append(m.History, historyEpoch(i))
		same("grown")
	}
	first := &s.saved[1].json[0]
	m.History[3].TrainAccuracy = math.NaN() // a regression's
	same("a value changed")
	assert.Same(t, first, &s.saved[1].json[0], "epoch 2's JSON reused")
	nan := &s.saved[3].json[0]
	same("again")
	assert.Same(t, nan, &s.saved[3].json[0], "an epoch holding a NaN reused")
	m.History[3].TrainAccuracy = math.Inf(1)
	same("a NaN made infinite") // null in JSON either way
	assert.NotSame(t, nan, &s.saved[3].json[0], "an epoch whose NaN changed encoded again")
	m.History[3].LR = math.Copysign(0, -1)
	same("-0")
	*m.History[1].ValLoss = 7
	same("a pointee changed")
	m.History[2].Layers[0].WeightNorm = 9
	same("a layer changed")
	*m.History[0].Layers[0].DeadFraction = 0.75
	same("a layer's pointee changed")
	m.History = m.History[:2]
	same("shrunk")
	m.History = append(m.History, historyEpoch(7))
	same("grown again")
	m.History = []EpochMetrics{}
	same("empty")
	m.History = nil
	same("nil")
}

// deepCopy's copy equals the original and shares no memory with it.
func TestDeepCopyEpoch(t *testing.T) {
	e := historyEpoch(3)
	c := deepCopy(reflect.ValueOf(e)).Interface().(EpochMetrics)
	require.Equal(t, e, c)
	*e.ValLoss, e.Layers[0].WeightNorm, *e.Layers[0].DeadFraction = 1, 2, 3
	assert.Equal(t, 0.5/4, *c.ValLoss)
	assert.Equal(t, 3.0, c.Layers[0].WeightNorm)
	assert.Equal(t, 0.25, *c.Layers[0].DeadFraction)
}

// sameBits tells values apart by their bits: NaN equals NaN, 0 and -0
// differ, and pointers, slices and maps by what they hold.
func TestSameBits(t *testing.T) {
	nz := math.Copysign(0, -1)
	one, other := 1.0, 1.0
	for _, c := range []struct {
		a, b any
		same bool
	}{
		{math.NaN(), math.NaN(), true},
		{0.0, nz, false},
		{&one, &other, true},
		{&one, (*float64)(nil), false},
		{[]float64{1, math.NaN()}, []float64{1, math.NaN()}, true},
		{[]float64{}, []float64(nil), false},
		{map[string]float64{"a": 1}, map[string]float64{"a": 1}, true},
		{map[string]float64{"a": 1}, map[string]float64{"b": 1}, false},
		{historyEpoch(1), historyEpoch(1), true},
		{historyEpoch(1), historyEpoch(2), false},
		{"a", "b", false},
	} {
		assert.Equal(t, c.same, sameBits(reflect.ValueOf(c.a), reflect.ValueOf(c.b)), "%v %v", c.a, c.b)
	}
}
