package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShiftedRowsPack checks ShiftedRows.Pack at every level against its
// definition: panel widths of every level's kernels (multiples of 4, 8 and
// 16) and odd ones, every number of columns up to w, row ranges from 0
// to all, odd offsets, src and mask past their runs, NaN, Inf and signed
// zeros under both mask values, and nothing written past kb rows.
func TestShiftedRowsPack(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		vals := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 1.5, -3}
		const rows = 7
		srcOff, maskOff := make([]int, rows), make([]int, rows)
		for p := range rows {
			srcOff[p], maskOff[p] = rng.IntN(50), rng.IntN(40)
		}
		r := NewShiftedRows(srcOff, maskOff)
		for _, w := range []int{1, 3, 4, 8, 12, 16, 17, 24, 32, 48} {
			for cols := 1; cols <= w; cols++ {
				for _, j := range []int{0, 1, 5, 32} {
					src, mask := make([]float32, 50+j+cols+rng.IntN(3)), make([]uint32, 40+j+cols+rng.IntN(3))
					for i := range src {
						src[i] = float32(rng.NormFloat64())
						if rng.IntN(4) == 0 {
							src[i] = vals[rng.IntN(len(vals))]
						}
					}
					for i := range mask {
						if rng.IntN(3) > 0 {
							mask[i] = math.MaxUint32
						}
					}
					for _, rg := range [][2]int{{0, rows}, {0, 0}, {2, 3}, {rows - 1, 1}} {
						p0, kb := rg[0], rg[1]
						dst := make([]float32, (kb+1)*w)
						for i := range dst {
							dst[i] = padNaN
						}
						r.Pack(dst, w, cols, p0, kb, j, src, mask)
						for i, got := range dst {
							p, l := i/w, i%w
							want := math.Float32bits(padNaN)
							switch {
							case p < kb && l < cols:
								want = math.Float32bits(src[srcOff[p0+p]+j+l]) & mask[maskOff[p0+p]+j+l]
							case p < kb:
								want = 0
							}
							require.Equal(t, want, math.Float32bits(got), "w=%d cols=%d j=%d rows [%d,%d): dst[%d]", w, cols, j, p0, p0+kb, i)
						}
					}
				}
			}
		}
	})
}

// TestShiftedRowsBadArguments checks the panics name the argument.
func TestShiftedRowsBadArguments(t *testing.T) {
	r := NewShiftedRows([]int{0, 2}, []int{1, 0})
	dst, src, mask := make([]float32, 8), make([]float32, 6), make([]uint32, 5)
	// 2^31, one past the largest offset; a 32-bit int wraps it to -2^31,
	// which is refused too.
	past64 := int64(math.MaxInt32) + 1
	past := int(past64)
	for _, tc := range []struct {
		want string
		call func()
	}{
		{"kernels.NewShiftedRows: len(maskOff) = 1, want len(srcOff) = 2", func() { NewShiftedRows([]int{0, 1}, []int{0}) }},
		{"kernels.NewShiftedRows: maskOff[1] = -1, want 0 to 2147483647", func() { NewShiftedRows([]int{0, 1}, []int{0, -1}) }},
		{fmt.Sprintf("kernels.NewShiftedRows: srcOff[0] = %d, want 0 to 2147483647", past), func() { NewShiftedRows([]int{past}, []int{0}) }},
		{"kernels.ShiftedRows.Pack: w = 0, want at least 1", func() { r.Pack(dst, 0, 1, 0, 2, 0, src, mask) }},
		{"kernels.ShiftedRows.Pack: cols = 5, want 1 to w = 4", func() { r.Pack(dst, 4, 5, 0, 2, 0, src, mask) }},
		{"kernels.ShiftedRows.Pack: cols = 0, want 1 to w = 4", func() { r.Pack(dst, 4, 0, 0, 2, 0, src, mask) }},
		{"kernels.ShiftedRows.Pack: rows [1, 3), want within [0, 2)", func() { r.Pack(dst, 4, 4, 1, 2, 0, src, mask) }},
		{"kernels.ShiftedRows.Pack: j = -1, want at least 0", func() { r.Pack(dst, 4, 4, 0, 2, -1, src, mask) }},
		{"kernels.ShiftedRows.Pack: len(dst) = 8, want at least 16", func() { r.Pack(dst, 8, 8, 0, 2, 0, src, mask) }},
		{"kernels.ShiftedRows.Pack: len(src) = 6, want at least 7", func() { r.Pack(dst, 4, 4, 0, 2, 1, src, mask) }},
		{"kernels.ShiftedRows.Pack: len(mask) = 5, want at least 7", func() { r.Pack(dst, 4, 4, 0, 2, 2, make([]float32, 9), mask) }},
	} {
		require.PanicsWithValue(t, tc.want, tc.call, tc.want)
	}
}
