package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// withLabels gives d random labels of the model's classes, or targets.
func withLabels(m *Model, d *data.Dataset) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := d.Len()
	if m.Regression() {
		d.Outputs = m.Net.OutFeatures()
		d.Targets = make([]float32, n*d.Outputs)
		for i := range d.Targets {
			d.Targets[i] = float32(rng.NormFloat64()*2 + 3)
		}
		return
	}
	d.Classes = m.NumClasses()
	d.Y = make([]int, n)
	for i := range d.Y {
		d.Y[i] = rng.IntN(d.Classes)
	}
}

// Evaluate gives what nn.Evaluate gives on batches of BlockRows (on whole
// blocks the networks' outputs are the same bits), with the classes
// PredictData predicts; the same bits for any batch and thread count.
func TestEvaluateMatchesNNEvaluateAndPredictData(t *testing.T) {
	block := inferBlock
	for _, task := range []struct {
		name             string
		classes, outputs int
		loss             func() nn.Loss
	}{
		{"classes", 10, 0, func() nn.Loss { return nn.NewCrossEntropyLoss() }},
		{"binary", 2, 1, func() nn.Loss { return nn.NewBCEWithLogitsLoss() }},
		{"regression", 0, 2, func() nn.Loss { return nn.NewMSELoss() }},
	} {
		m, d := inferModel(t, task.classes, task.outputs, 2*block)
		withLabels(m, d)
		ev, err := m.Evaluate(d, task.loss(), 1000)
		require.NoError(t, err)
		assert.Equal(t, d.Len(), ev.Samples)
		p, err := m.PredictData(d, 1000)
		require.NoError(t, err)

		view := *d // the network's targets: standardized
		if m.Regression() {
			view.Targets = m.Targets.Scaler().Transform(d.Targets)
		}
		want, err := nn.Evaluate(m.Net, task.loss(), &view, block)
		require.NoError(t, err)
		assert.Equal(t, want.Loss, ev.Loss, task.name)
		if m.Regression() {
			assert.True(t, math.IsNaN(ev.Accuracy))
			assert.Nil(t, ev.Confusion)
			assert.Equal(t, ScoreRegression(p.Targets, d.Targets, 2), *ev.Regression, task.name)
		} else {
			assert.Equal(t, want.Accuracy, ev.Accuracy, task.name)
			c := make([][]int, m.NumClasses())
			for i := range c {
				c[i] = make([]int, m.NumClasses())
			}
			for i, y := range d.Y {
				c[y][p.Class[i]]++
			}
			assert.Equal(t, c, ev.Confusion, task.name)
			assert.Nil(t, ev.Regression)
		}

		tail, err := d.Slice(0, block+29) // a padded block
		require.NoError(t, err)
		m.Net.SetThreads(1)
		one, err := m.Evaluate(tail, task.loss(), 7)
		require.NoError(t, err)
		for _, threads := range []int{2, 3} {
			m.Net.SetThreads(threads)
			for _, batch := range []int{1, 64, 1000, 5000} {
				got, err := m.Evaluate(tail, task.loss(), batch)
				require.NoError(t, err)
				require.Equal(t, math.Float64bits(one.Loss), math.Float64bits(got.Loss), "%s: loss, threads %d, batch %d", task.name, threads, batch)
				require.Equal(t, one.Confusion, got.Confusion, "%s: threads %d, batch %d", task.name, threads, batch)
				require.Equal(t, one.Regression, got.Regression, "%s: threads %d, batch %d", task.name, threads, batch)
			}
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	m, d := inferModel(t, 10, 0, 5)
	_, err := m.Evaluate(d, nil, 10)
	assert.EqualError(t, err, "model: Evaluate needs a data set and a loss")
	_, err = m.Evaluate(nil, nn.NewCrossEntropyLoss(), 10)
	assert.EqualError(t, err, "model: Evaluate needs a data set and a loss")
	_, err = m.Evaluate(d, nn.NewCrossEntropyLoss(), 10)
	assert.EqualError(t, err, "images: no class labels to evaluate the model on")
	_, err = m.Evaluate(&data.Dataset{Features: 784, Y: []int{}, Classes: 10, Source: "none"}, nn.NewCrossEntropyLoss(), 10)
	assert.EqualError(t, err, "none: no samples to evaluate the model on")
	d.Y, d.Classes = []int{0, 1, 12, 3, 4}, 13
	_, err = m.Evaluate(d, nn.NewCrossEntropyLoss(), 10)
	assert.EqualError(t, err, "images: sample 2 has label 12, out of range for a model with 10 classes (0..9)")

	r, rd := inferModel(t, 0, 2, 5)
	rd.Targets, rd.Outputs = make([]float32, 5), 1
	_, err = r.Evaluate(rd, nn.NewMSELoss(), 10)
	assert.EqualError(t, err, "images: 1 target columns, but the model predicts 2")

	// A non-finite output names its row.
	big := &data.Dataset{X: make([]float32, 3*784), Features: 784, Y: []int{1, 2, 3}, Classes: 10, Source: "big"}
	big.X[2*784] = float32(math.Inf(-1))
	_, err = m.Evaluate(big, nn.NewCrossEntropyLoss(), 10)
	var nf *NonFiniteError
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, 2, nf.Row)
}
