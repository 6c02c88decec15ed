package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CheckEvalBatches refuses a batch of one as an *EvalBatchError carrying
// the numbers and the layer's error, which Fit's check of its validation
// set words with its own remedy; a batch size that is not positive is
// another error.
func TestEvalBatchErrorFields(t *testing.T) {
	bs := batchStatsNet(t)
	layer := "nn: layer 1 (BatchNorm1d): " + pytorchBatchOne + ", got input of shape [1, 8] (a batch of 1 sample has no batch variance)"
	for _, c := range []struct{ n, size int }{{3, 2}, {1, 16}} {
		var e *EvalBatchError
		require.ErrorAs(t, bs.CheckEvalBatches(c.n, c.size), &e, "%d samples at %d", c.n, c.size)
		assert.Equal(t, []int{c.n, c.size, 1}, []int{e.N, e.BatchSize, e.Rows}, "%d samples at %d", c.n, c.size)
		assert.EqualError(t, e.Err, layer)
	}
	var e *EvalBatchError
	err := bs.CheckEvalBatches(3, 0)
	require.EqualError(t, err, "nn: batch size 0 must be positive")
	assert.NotErrorAs(t, err, &e)

	err = (&Trainer{Model: bs, BatchSize: 4}).checkValBatches(1)
	require.ErrorAs(t, err, &e, "Fit's error is the EvalBatchError in its words")
	assert.Equal(t, []int{1, 4, 1}, []int{e.N, e.BatchSize, e.Rows})
	assert.EqualError(t, err, layer+" (the validation set has 1 sample: give it 2 or more, or none)")
}
