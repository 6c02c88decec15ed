package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// The estimate counted by hand for 4-16-3 with Adam, batch 16, evaluation
// batch 1000: 131 parameters times 4 (weight, gradient, two moments); the
// hidden layer's 16 units times 4 per training sample (Linear and ReLU
// outputs and gradients) and the 3 logits times 2; the evaluation batch
// holds half of that per sample. (131*4 + 70*16 + 35*1000) * 4 bytes.
func TestTrainingBytes(t *testing.T) {
	a := model.MLP{Inputs: 4, Hidden: []int{16}, Classes: 3, Activation: "relu"}
	assert.Equal(t, float64((131*4+70*16+35*1000)*4), trainingBytes(a, "adam", 16, 1000))
	assert.Equal(t, float64((131*3+70*16+35*1000)*4), trainingBytes(a, "sgd", 16, 1000))
	a.BatchNorm = true // 6 values per hidden unit and sample
	assert.Equal(t, float64((131*4+102*16+51*1000)*4), trainingBytes(a, "adam", 16, 1000))
}

// A --model network's estimate counted by hand: Conv2d(1, 2, 3) on 1×4×4
// (20 parameters, output 2×2×2 = 8), Flatten (8), Linear(8, 3) (27
// parameters, 3 outputs): 47 parameters times 4 with Adam, 19 outputs
// times 2 per training sample and once per evaluation sample.
func TestNetTrainingBytes(t *testing.T) {
	s, err := model.ParseModuleFor("Sequential(Conv2d(1, 2, 3), Flatten(), Linear(8, 3))", nn.Shape{1, 4, 4})
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	assert.Equal(t, float64((47*4+19*2*16+19*1000)*4), netTrainingBytes(net, "adam", 16, 1000))
	assert.Equal(t, float64((47*3+19*2*16+19*1000)*4), netTrainingBytes(net, "sgd", 16, 1000))
}
