package bench

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

func (b *ewBufs) clone() *ewBufs {
	return &ewBufs{x: slices.Clone(b.x), y: slices.Clone(b.y), z: slices.Clone(b.z), w: slices.Clone(b.w),
		m: slices.Clone(b.m), v: slices.Clone(b.v), idx: slices.Clone(b.idx)}
}

// TestLoopsComputeWhatTheKernelsCompute checks that each plain Go loop of the
// elementwise table does the same work as its kernels counterpart, at
// every available level: the same outputs, to float32 rounding.
func TestLoopsComputeWhatTheKernelsCompute(t *testing.T) {
	defer restoreLevel()()
	const n = 1000 // not a multiple of any vector width
	base := newEWBufs(n)
	// Non-zero optimizer state, as after a few steps.
	copy(base.m, base.y)
	for i := range base.v {
		base.v[i] = base.y[i] * base.y[i]
	}
	for _, l := range kernels.Available() {
		require.NoError(t, kernels.SetLevel(l))
		for _, k := range ewKernels() {
			rows, cols := 0, 0
			if k.cols > 0 {
				cols = k.cols
				rows = n / cols
			}
			got, want := base.clone(), base.clone()
			sinkF = 0
			k.brawn(got, rows, cols)
			brawnSink := sinkF // the result of reductions
			sinkF = 0
			k.loop(want, rows, cols)
			loopSink := sinkF
			require.InDelta(t, loopSink, brawnSink, 1e-4*math.Max(1, math.Abs(float64(loopSink))), "%s at %s: result", k.name, l)
			for name, pair := range map[string][2][]float32{
				"x": {want.x, got.x}, "y": {want.y, got.y}, "z": {want.z, got.z},
				"w": {want.w, got.w}, "m": {want.m, got.m}, "v": {want.v, got.v},
			} {
				for i := range pair[0] {
					w, g := float64(pair[0][i]), float64(pair[1][i])
					require.InDelta(t, w, g, 1e-5*math.Max(1, math.Abs(w)), "%s at %s: %s[%d]", k.name, l, name, i)
				}
			}
			require.Equal(t, want.idx, got.idx, "%s at %s: argmax", k.name, l)
		}
	}
}
