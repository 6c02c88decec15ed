package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// batchStatsNet is a classifier of 4 features into 2 classes whose
// BatchNorm1d keeps no running statistics: it normalises with its batch's
// statistics in evaluation too, and cannot evaluate a sample alone.
func batchStatsNet(t *testing.T) *Sequential {
	m, err := NewSequential(4, NewLinear(4, 8), NewBatchNorm1dWith(8, true, false), NewReLU(), NewLinear(8, 2))
	require.NoError(t, err)
	m.Init(NewRNG(2), KaimingUniform{}, nil)
	return m
}

// Fit refuses, before any step, a validation set whose evaluation would
// run a batch of one sample through a network that normalises with its
// batch's statistics, naming the validation set and what to change; a
// validation set whose last batch would be one sample is evaluated in two
// nearly equal batches instead, as Evaluate does.
func TestFitValidationBatchOfOne(t *testing.T) {
	fit := func(val *data.Dataset, batch, evalBatch int) (*Trainer, error) {
		m := batchStatsNet(t)
		opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
		require.NoError(t, err)
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch, EvalBatchSize: evalBatch, Epochs: 1, RNG: NewRNG(1)}
		return tr, tr.Fit(context.Background(), blobs(t, 64, 4, 2, 1), val)
	}
	// The review's case: 17 validation samples at batch size 16.
	tr, err := fit(blobs(t, 17, 4, 2, 2), 16, 0)
	require.NoError(t, err)
	assert.Equal(t, 4, tr.GlobalStep())
	val := blobs(t, 17, 4, 2, 2)
	m, err := Evaluate(tr.Model, tr.Loss, val, 16)
	require.NoError(t, err)
	assert.Equal(t, 17, m.Samples)

	tr, err = fit(blobs(t, 1, 4, 2, 2), 16, 0)
	require.EqualError(t, err, "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 8] (a batch of 1 sample has no batch variance) (the validation set has 1 sample: give it 2 or more, or none)")
	assert.Equal(t, 0, tr.GlobalStep(), "refused before any step")

	tr, err = fit(blobs(t, 17, 4, 2, 2), 16, 2)
	require.EqualError(t, err, "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 8] (a batch of 1 sample has no batch variance) (the validation set's 17 samples at EvalBatchSize 2 leave a batch of 1: set EvalBatchSize to 3 or more)")
	assert.Equal(t, 0, tr.GlobalStep(), "refused before any step")

	tr, err = fit(blobs(t, 17, 4, 2, 2), 2, 0)
	require.EqualError(t, err, "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 8] (a batch of 1 sample has no batch variance) (the validation set's 17 samples at BatchSize 2 leave a batch of 1: set EvalBatchSize to 3 or more)")
	assert.Equal(t, 0, tr.GlobalStep(), "refused before any step")
}
