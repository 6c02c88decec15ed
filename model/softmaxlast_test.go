package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// A network whose last layer is a Softmax gives probabilities already:
// PredictData reports them as they are, not their softmax (a confident
// class would read near 1/classes), with the same classes; Evaluate's loss
// is still the cross-entropy of the outputs taken as logits, the loss
// training minimised (PyTorch's CrossEntropyLoss on such a model).
func TestPredictSoftmaxLast(t *testing.T) {
	spec, err := ParseModule("Sequential(Linear(4, 8), Tanh(), Linear(8, 3), Softmax(dim=1))")
	require.NoError(t, err)
	net, err := spec.Build()
	require.NoError(t, err)
	net.ResetParameters(nn.NewRNG(5))
	for _, p := range net.Params() { // confident outputs: the two softmaxes then differ widely
		for i := range p.Value.Data {
			p.Value.Data[i] *= 8
		}
	}
	m := &Model{Net: net}
	x := []float32{1, -2, 0.5, 3, -1, 0, 2, -0.5, 0.3, 0.7, -1.2, 2.2, -3, 1, 1, 0}
	out, err := net.Predict(x, 4)
	require.NoError(t, err)
	p, err := m.PredictScaled(x, 4)
	require.NoError(t, err)
	require.Len(t, p.Probs, len(out))
	for i, v := range out {
		assert.InDelta(t, v, p.Probs[i], 1e-6, "output %d", i)
	}
	assert.Greater(t, maxOf(p.Probs), float32(0.9), "a confident class reads as confident")
	for r := range 4 {
		best := 0
		for c := range 3 {
			if out[r*3+c] > out[r*3+best] {
				best = c
			}
		}
		assert.Equal(t, best, p.Class[r], "row %d", r)
	}

	y := []int{0, 1, 2, 1}
	ev, err := m.Evaluate(&data.Dataset{X: x, Features: 4, Y: y, Classes: 3, Source: "x"}, nn.NewCrossEntropyLoss(), 4)
	require.NoError(t, err)
	want := 0.0
	for r, c := range y {
		row := out[r*3 : r*3+3]
		sum := 0.0
		for _, v := range row {
			sum += math.Exp(float64(v))
		}
		want += math.Log(sum) - float64(row[c])
	}
	assert.InDelta(t, want/4, ev.Loss, 1e-5, "the loss of the outputs as logits")

	// A network without a last Softmax still reports the softmax of its
	// outputs.
	spec.Layers = spec.Layers[:3]
	plain, err := spec.Build()
	require.NoError(t, err)
	weights := map[string][]float32{}
	for name, v := range net.StateDict() {
		weights[name] = v.Data
	}
	require.NoError(t, plain.LoadStateDict(weights))
	logits, err := plain.Predict(x, 4)
	require.NoError(t, err)
	p, err = (&Model{Net: plain}).PredictScaled(x, 4)
	require.NoError(t, err)
	for i, v := range out {
		assert.InDelta(t, v, p.Probs[i], 1e-6, "softmax of the logits, output %d", i)
	}
	assert.NotEqual(t, logits, p.Probs)
}

func maxOf(v []float32) float32 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
