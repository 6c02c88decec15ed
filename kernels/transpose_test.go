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
	shapes := transposeShapes(64, 256, 64, 128, 64, 10, 67, 33, 8, 1, 1, 8, 128, 784)
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

// transposeShapes returns every shape up to 19×19 (all the tails of the
// 8×8 kernel on both sides) and the shapes given as rows, cols pairs.
func transposeShapes(pairs ...int) [][2]int {
	var shapes [][2]int
	for i := 0; i+1 < len(pairs); i += 2 {
		shapes = append(shapes, [2]int{pairs[i], pairs[i+1]})
	}
	for r := 0; r < 20; r++ {
		for c := 0; c < 20; c++ {
			shapes = append(shapes, [2]int{r, c})
		}
	}
	return shapes
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

// TestTransposeStrided checks TransposeStrided at every level against
// the definition, bit for bit, on every shape up to 19×19 and a few
// layer-sized ones, into rows ldd = max(1, cols), and 1 and 13 more, apart cut
// from a larger buffer: the elements between and around the rows must
// stay untouched.
func TestTransposeStrided(t *testing.T) {
	shapes := transposeShapes(64, 128, 64, 36, 67, 33, 128, 128)
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		for _, sh := range shapes {
			rows, cols := sh[0], sh[1]
			for _, gap := range []int{0, 1, 13} {
				ldd := max(1, cols) + gap
				src := make([]float32, rows*cols)
				fill(rng, src, edges, 1e30)
				const pad, sentinel = 7, -12345.5
				dstBuf := make([]float32, pad+rows*ldd+pad)
				for i := range dstBuf {
					dstBuf[i] = sentinel
				}
				dst := dstBuf[pad : pad+max(0, (rows-1)*ldd+cols)]
				if rows == 0 {
					dst = dstBuf[pad:pad]
				}
				TransposeStrided(dst, ldd, src, rows, cols)
				for k, v := range dstBuf {
					i, j := (k-pad)/ldd, (k-pad)%ldd
					if k < pad || i >= rows || j >= cols {
						require.Equal(t, float32(sentinel), v, "%d×%d, ldd %d: element %d of the buffer written", rows, cols, ldd, k-pad)
						continue
					}
					got, want := math.Float32bits(v), math.Float32bits(src[j*rows+i])
					if got != want {
						require.Failf(t, "wrong value", "%d×%d, ldd %d: dst[%d,%d] = %v (%#x), want %v (%#x)",
							rows, cols, ldd, i, j, v, got, src[j*rows+i], want)
					}
				}
			}
		}
	})
}

// TestTransposeStridedChecks checks that TransposeStrided refuses a
// negative shape, a short stride and slices that do not hold the
// matrices, with the stride checked before an empty matrix returns.
func TestTransposeStridedChecks(t *testing.T) {
	for _, tc := range []struct {
		dst, ldd, src, rows, cols int
		panics                    string
	}{
		{8, 5, 6, 2, 3, ""},
		{3, 3, 3, 1, 3, ""},
		{0, 5, 0, 0, 5, ""},
		{0, 1, 0, 5, 0, ""},
		{0, 2, 0, 0, 5, "ldd = 2, want at least 5"},
		{0, 0, 0, 3, 0, "ldd = 0, want at least 1"},
		{8, 5, 6, -2, 3, "negative"},
		{8, 5, 5, 2, 3, "len(src) = 5, want 6"},
		{6, 4, 6, 2, 3, "len(dst) = 6, want at least 7"},
	} {
		t.Run(fmt.Sprintf("%+v", tc), func(t *testing.T) {
			call := func() {
				TransposeStrided(make([]float32, tc.dst), tc.ldd, make([]float32, tc.src), tc.rows, tc.cols)
			}
			if tc.panics == "" {
				require.NotPanics(t, call)
				return
			}
			require.Contains(t, panicText(t, call), tc.panics)
			require.Contains(t, panicText(t, call), "kernels.TransposeStrided")
		})
	}
}
