package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// num_batches_tracked counts in an int64, as PyTorch's does: past 2^24,
// where a float32 count stops growing (2^24 + 1 rounds to 2^24), every
// batch still counts. The state_dict holds the count converted to
// float32; loading that value back keeps the exact count, loading
// another value takes it, and ResetParameters and an undone step put the
// count back.
func TestNumBatchesTrackedPast2To24(t *testing.T) {
	for _, cumulative := range []bool{false, true} {
		bn := NewBatchNorm1d(2)
		bn.CumulativeAverage = cumulative
		m, err := NewSequential(2, bn)
		require.NoError(t, err)
		m.Train()
		x := FromSlice([]float32{1, 0, 2, 0, 3, 4, 6, 4}, 4, 2)
		tracked := bn.NumBatchesTracked
		const start = 1 << 24
		tracked.SetCount(start)
		for range 3 {
			m.Forward(x)
		}
		require.Equal(t, int64(start+3), tracked.Count())
		require.Equal(t, float32(start+4), tracked.Value.Data[0], "state_dict value: 2^24+3 rounded to the nearest float32")

		sd := map[string][]float32{}
		for name, v := range m.StateDict() {
			sd[name] = append([]float32(nil), v.Data...)
		}
		require.NoError(t, m.LoadStateDict(sd))
		m.Forward(x)
		require.Equal(t, int64(start+4), tracked.Count(), "loading the model's own values keeps the exact count")

		var u stepUndo
		u.saveModel(m)
		m.Forward(x)
		require.Equal(t, int64(start+5), tracked.Count())
		u.restoreModel(m)
		require.Equal(t, int64(start+4), tracked.Count(), "an undone step takes its batch back")

		sd["0.num_batches_tracked"][0] = 7
		require.NoError(t, m.LoadStateDict(sd))
		m.Forward(x)
		require.Equal(t, int64(8), tracked.Count(), "a loaded value is converted back")
		require.Equal(t, float32(8), tracked.Value.Data[0])

		m.ResetParameters(NewRNG(1))
		require.Equal(t, int64(0), tracked.Count())
		m.Forward(x)
		require.Equal(t, int64(1), tracked.Count())
	}
}
