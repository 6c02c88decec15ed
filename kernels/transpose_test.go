package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranspose checks Transpose at every level against the definition,
// bit for bit (NaN payloads and signed zeros included), on every shape up
// to 19×19 (all the tails of the 8×8 kernel on both sides) and a few
// layer-sized ones, with dst and src cut from larger buffers whose values
// beyond them must stay untouched.
func TestTranspose(t *testing.T) {
	shapes := [][2]int{{64, 256}, {64, 128}, {64, 10}, {67, 33}, {8, 1}, {1, 8}, {128, 784}}
	for r := 0; r < 20; r++ {
		for c := 0; c < 20; c++ {
			shapes = append(shapes, [2]int{r, c})
		}
	}
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		for _, sh := range shapes {
			rows, cols := sh[0], sh[1]
			n := rows * cols
			const pad = 9
			srcBuf := make([]float32, n+2*pad)
			fill(rng, srcBuf, edges, 1e30)
			dstBuf := make([]float32, n+2*pad)
			const sentinel = -12345.5
			for i := range dstBuf {
				dstBuf[i] = sentinel
			}
			src, dst := srcBuf[pad:pad+n], dstBuf[pad:pad+n]
			Transpose(dst, src, rows, cols)
			for i := range rows {
				for j := range cols {
					got, want := math.Float32bits(dst[i*cols+j]), math.Float32bits(src[j*rows+i])
					if got != want {
						require.Failf(t, "wrong value", "%d×%d: dst[%d,%d] = %v (%#x), want %v (%#x)",
							rows, cols, i, j, dst[i*cols+j], got, src[j*rows+i], want)
					}
				}
			}
			for i := range pad {
				require.Equal(t, float32(sentinel), dstBuf[i], "%d×%d: wrote before dst", rows, cols)
				require.Equal(t, float32(sentinel), dstBuf[pad+n+i], "%d×%d: wrote past dst", rows, cols)
			}
		}
	})
}

// TestTransposeChecks checks that Transpose refuses a negative shape and
// slices that do not hold the matrix, and does nothing on an empty one.
func TestTransposeChecks(t *testing.T) {
	for _, tc := range []struct {
		dst, src   int
		rows, cols int
		panics     string
	}{
		{6, 6, 2, 3, ""},
		{0, 0, 0, 5, ""},
		{0, 0, 5, 0, ""},
		{5, 6, 2, 3, "dst"},
		{6, 7, 2, 3, "src"},
		{6, 6, -2, 3, "negative"},
	} {
		t.Run(fmt.Sprintf("%d,%d,%d,%d", tc.dst, tc.src, tc.rows, tc.cols), func(t *testing.T) {
			call := func() { Transpose(make([]float32, tc.dst), make([]float32, tc.src), tc.rows, tc.cols) }
			if tc.panics == "" {
				require.NotPanics(t, call)
				return
			}
			require.Contains(t, panicText(t, call), tc.panics)
			require.Contains(t, panicText(t, call), "kernels.Transpose")
		})
	}
}

// panicText returns the text of the panic fn raises.
func panicText(t *testing.T, fn func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		require.NotNil(t, r, "no panic")
		msg = fmt.Sprint(r)
	}()
	fn()
	return ""
}
