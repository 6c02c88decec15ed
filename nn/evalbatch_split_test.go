package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The batches evaluation cuts n rows into: batchSize rows, the last one
// shorter, except that for a network that cannot evaluate one sample the
// last batchSize+1 rows run as two nearly equal batches rather than
// leaving a batch of one.
func TestEvalBatchEnd(t *testing.T) {
	batches := func(m *Sequential, n, size int) []int {
		var out []int
		for lo := 0; lo < n; {
			hi := m.EvalBatchEnd(lo, n, size)
			require.Greater(t, hi, lo)
			out = append(out, hi-lo)
			lo = hi
		}
		return out
	}
	bs := batchStatsNet(t)
	plain, err := NewSequential(4, NewLinear(4, 8), NewBatchNorm1d(8), NewReLU(), NewLinear(8, 2))
	require.NoError(t, err)
	for _, c := range []struct {
		n, size     int
		plain, stat []int
	}{
		{17, 16, []int{16, 1}, []int{9, 8}},
		{33, 16, []int{16, 16, 1}, []int{16, 9, 8}},
		{32, 16, []int{16, 16}, []int{16, 16}},
		{20, 16, []int{16, 4}, []int{16, 4}},
		{4, 3, []int{3, 1}, []int{2, 2}},
		{5, 16, []int{5}, []int{5}},
		{1, 16, []int{1}, []int{1}},
		{3, 2, []int{2, 1}, []int{2, 1}}, // no split of 3 rows into batches of 2 avoids one
		{3, 1, []int{1, 1, 1}, []int{1, 1, 1}},
	} {
		assert.Equal(t, c.plain, batches(plain, c.n, c.size), "running statistics: %d rows by %d", c.n, c.size)
		assert.Equal(t, c.stat, batches(bs, c.n, c.size), "batch statistics: %d rows by %d", c.n, c.size)
	}
	require.NoError(t, bs.CheckEvalBatches(17, 16))
	require.NoError(t, bs.CheckEvalBatches(4, 3))
	require.EqualError(t, bs.CheckEvalBatches(3, 2), "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 8] (a batch of 1 sample has no batch variance) (3 samples at batch size 2 leave a batch of 1: use a batch size of 3 or more)")
	require.EqualError(t, bs.CheckEvalBatches(1, 16), "nn: layer 1 (BatchNorm1d): "+pytorchBatchOne+
		", got input of shape [1, 8] (a batch of 1 sample has no batch variance) (1 sample to evaluate: evaluate 2 or more at once)")
	require.NoError(t, plain.CheckEvalBatches(1, 16))
}
