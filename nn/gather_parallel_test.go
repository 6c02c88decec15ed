package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// TestGatherThreadsMatchesGather checks that the parallel gather fills a
// batch bit-identically to Gather, for batches of one chunk, whole chunks
// and a partial last chunk, on 1 to 3 threads, with a subset's row
// indirection, and that a bad index gives Gather's error.
func TestGatherThreadsMatchesGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, f = 400, 7
	x := make([]float32, n*f)
	for i := range x {
		x[i] = rng.Float32()
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(3)
	}
	full, err := data.NewClassification(x, f, labels, 3)
	require.NoError(t, err)
	rows := rng.Perm(n)[:300]
	sub, err := full.Subset(rows)
	require.NoError(t, err)
	for _, d := range []*data.Dataset{full, sub} {
		for _, size := range []int{1, gatherRows, 2 * gatherRows, 2*gatherRows + 5, 3*gatherRows + 1} {
			idx := rng.Perm(d.Len())[:size]
			var want Batch
			require.NoError(t, want.Gather(d, idx))
			for threads := 1; threads <= 3; threads++ {
				var got Batch
				got.X.resize2(3, f) // stale storage of another shape
				require.NoError(t, got.gatherThreads(d, idx, threads))
				require.Equal(t, want.X.Shape, got.X.Shape)
				require.Equal(t, want.X.Data, got.X.Data, "size %d, %d threads", size, threads)
				require.Equal(t, want.Labels, got.Labels)
			}
		}
	}
	idx := rng.Perm(n)[:2*gatherRows+3]
	idx[gatherRows+1] = n + 4
	var want, got Batch
	wantErr := want.Gather(full, idx)
	require.Error(t, wantErr)
	require.EqualError(t, got.gatherThreads(full, idx, 2), wantErr.Error())
}
