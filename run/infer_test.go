package run

import (
	"math"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Rows whose network outputs overflow, though their features are finite,
// are refused with the row's line and the output.
func TestPredictionsRefuseNonFiniteOutputs(t *testing.T) {
	lin := nn.NewLinear(2, 2)
	net, err := nn.NewSequential(2, lin)
	require.NoError(t, err)
	copy(lin.Weight.Value.Data, []float32{0, 0, 1, 1}) // output 1 = a + b
	copy(lin.Bias.Value.Data, []float32{0, 0})
	net.Eval()
	d, err := data.DecodeCSV("in.csv", []byte("a,b\n1,2\n\n2e38,2e38\n"), data.CSVOptions{Unlabelled: true})
	require.NoError(t, err)

	m := &model.Model{Net: net}
	for _, batch := range []int{1, 2} {
		p, err := m.PredictScaled(d.X, batch)
		assert.Equal(t, &model.NonFiniteError{Row: 1, Output: 1, Value: float32(math.Inf(1))}, err)
		assert.Nil(t, p)
		assert.EqualError(t, InferenceError(d, err), "in.csv:4: the model's output 1 is +Inf for this row: its features, scaled as the training data were, are too large for the network")
	}
	p, err := m.PredictScaled(d.X[:2], 1)
	require.NoError(t, err)
	assert.Equal(t, []int{1}, p.Class)
	assert.InDeltaSlice(t, []float64{1 / (1 + math.Exp(3)), 1 / (1 + math.Exp(-3))}, []float64{float64(p.Probs[0]), float64(p.Probs[1])}, 1e-6)
}

// A regression's output that is finite but overflows float32 once the
// target standardization is undone (output·std + mean) is refused as a
// non-finite output would be, rather than predicted as +Inf.
func TestRegressionPredictionsRefuseOverflowInTargetUnits(t *testing.T) {
	lin := nn.NewLinear(1, 1)
	net, err := nn.NewSequential(1, lin)
	require.NoError(t, err)
	lin.Weight.Value.Data[0] = 1
	lin.Bias.Value.Data[0] = 0
	net.Eval()
	d, err := data.DecodeCSV("in.csv", []byte("a\n0.5\n4\n"), data.CSVOptions{Unlabelled: true})
	require.NoError(t, err)
	ts := &data.TargetScaler{Mean: []float64{1e38}, Std: []float64{1e38}}
	m := regressionModel(net, ts)
	pred, err := m.PredictScaled(d.X, 2)
	assert.Nil(t, pred)
	assert.Equal(t, &model.NonFiniteError{Row: 1, Output: 0, Value: float32(math.Inf(1)), Unstandardized: true}, err)
	assert.EqualError(t, InferenceError(d, err), "in.csv:3: the model's output 0 is +Inf in the targets' units for this row: its standardized value times the training targets' std plus their mean overflows float32")
	pred, err = m.PredictScaled(d.X[:1], 2)
	require.NoError(t, err)
	assert.Equal(t, []float32{1.5e38}, pred.Targets)
}
