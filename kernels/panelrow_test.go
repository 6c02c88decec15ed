package kernels

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPackPanelRow checks PackPanelRow at every level against its
// definition: panel widths of every level and odd ones, every starting
// lane, every length up to three panels and a half (so every tail of a
// piece), x and mask at odd offsets, NaN, Inf and signed zeros under both
// mask values, and nothing written outside the columns it was given.
func TestPackPanelRow(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		vals := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 1.5, -3}
		for _, w := range []int{1, 3, 4, 12, 16, 17, 32} {
			for _, kb := range []int{1, 3} {
				step := kb * w
				for c0 := 0; c0 <= 2*w; c0 += max(1, w/5) {
					for n := 0; n <= 3*w+w/2+1; n++ {
						xb, mb := make([]float32, n+3), make([]uint32, n+1)
						x, mask := xb[3:], mb[1:]
						for i := range x {
							x[i] = float32(rng.NormFloat64())
							if rng.IntN(4) == 0 {
								x[i] = vals[rng.IntN(len(vals))]
							}
							if rng.IntN(3) > 0 {
								mask[i] = math.MaxUint32
							}
						}
						panels := (c0+n+w-1)/w + 1
						dst := make([]float32, panels*step)
						for i := range dst {
							dst[i] = padNaN
						}
						row := 1 % kb // write a row other than 0 where there is one
						PackPanelRow(dst[row*w:], step, w, c0, x, mask)
						want := make([]uint32, len(dst))
						for i := range dst {
							want[i] = math.Float32bits(padNaN)
						}
						for i, v := range x {
							c := c0 + i
							want[row*w+c/w*step+c%w] = math.Float32bits(v) & mask[i]
						}
						for i := range dst {
							require.Equal(t, want[i], math.Float32bits(dst[i]), "w=%d step=%d c0=%d n=%d: dst[%d]", w, step, c0, n, i)
						}
					}
				}
			}
		}
	})
}

// TestPackPanelRowBadArguments checks the panics name the argument.
func TestPackPanelRowBadArguments(t *testing.T) {
	x, m := make([]float32, 3), make([]uint32, 3)
	for _, tc := range []struct {
		want string
		call func()
	}{
		{"kernels.PackPanelRow: w = 0, want at least 1", func() { PackPanelRow(make([]float32, 8), 4, 0, 0, x, m) }},
		{"kernels.PackPanelRow: step = 3, want at least w = 4", func() { PackPanelRow(make([]float32, 8), 3, 4, 0, x, m) }},
		{"kernels.PackPanelRow: c0 = -1, want at least 0", func() { PackPanelRow(make([]float32, 8), 4, 4, -1, x, m) }},
		{"kernels.PackPanelRow: len(mask) = 2, want len(x) = 3", func() { PackPanelRow(make([]float32, 8), 4, 4, 0, x, m[:2]) }},
		{"kernels.PackPanelRow: len(dst) = 8, want at least 9", func() { PackPanelRow(make([]float32, 8), 8, 4, 2, x, m) }},
	} {
		require.PanicsWithValue(t, tc.want, tc.call, tc.want)
	}
}
