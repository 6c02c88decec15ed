package run

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/brawn-ml/brawn/model"
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
	assert.Equal(t, "1.5 GiB", memSize(1.5*(1<<30)))
	assert.Equal(t, "512.0 B", memSize(512))
}
