//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestColumnBiasSplitAVX512 checks the avx512 kernel for panels that span
// two blocks of C against the same column computed in one C by the bias
// kernel (bit for bit) and against a float64 reference, for every cut of
// the panel, one to three tiles, depths around the 4-step loop, NaN and
// Inf in A, B and the bias, and that it writes nothing outside its
// pieces.
func TestColumnBiasSplitAVX512(t *testing.T) {
	if !contains(Available(), AVX512) {
		t.Skip("no avx512 level on this CPU")
	}
	rng := newRand(t)
	const nr, pad = 32, 3
	for _, kc := range []int{1, 3, 4, 5, 9} {
		for tiles := 1; tiles <= 3; tiles++ {
			for cut := 1; cut < nr; cut++ {
				m := tiles * 8
				a, b, bias := randFloats(rng, m*kc), randFloats(rng, kc*nr), randFloats(rng, m)
				if cut%7 == 0 { // specials, a different place each time
					a[(cut*5)%len(a)] = float32(math.Inf(1))
					b[(cut*11)%len(b)] = float32(math.NaN())
					bias[cut%m] = float32(math.Inf(-1))
				}
				ldc := nr + pad
				want := make([]float32, m*ldc)
				gemmColumnBiasAVX512(kc, tiles, a, b, want, ldc, bias)
				sentinel := float32(-7.25)
				c0, c1 := make([]float32, m*ldc), make([]float32, m*ldc)
				for i := range c0 {
					c0[i], c1[i] = sentinel, sentinel
				}
				gemmColumnBiasSplitAVX512(kc, tiles, a, b, c0, c1[1:], ldc, cut, bias)
				for r := range m {
					for j := range ldc {
						got0, got1 := c0[r*ldc+j], float32(sentinel)
						if at := r*ldc + j + 1 - cut; j >= cut && j < nr {
							got1 = c1[at]
						}
						switch {
						case j < cut:
							require.Equal(t, math.Float32bits(want[r*ldc+j]), math.Float32bits(got0), "kc=%d tiles=%d cut=%d (%d,%d)", kc, tiles, cut, r, j)
							checkRef(t, a, b, bias, kc, r, j, got0)
						case j < nr:
							require.Equal(t, sentinel, got0, "kc=%d tiles=%d cut=%d wrote c0 (%d,%d)", kc, tiles, cut, r, j)
							require.Equal(t, math.Float32bits(want[r*ldc+j]), math.Float32bits(got1), "kc=%d tiles=%d cut=%d (%d,%d)", kc, tiles, cut, r, j)
							checkRef(t, a, b, bias, kc, r, j, got1)
						default:
							require.Equal(t, sentinel, got0, "kc=%d tiles=%d cut=%d wrote c0 (%d,%d)", kc, tiles, cut, r, j)
						}
					}
				}
				// c1 outside its piece: nothing before column cut of each row, nothing after column 31.
				written := 0
				for _, v := range c1 {
					if math.Float32bits(v) != math.Float32bits(sentinel) {
						written++
					}
				}
				require.LessOrEqual(t, written, m*(nr-cut), "kc=%d tiles=%d cut=%d", kc, tiles, cut)
				for r := range m {
					for j := range ldc {
						if at := r*ldc + j + 1 - cut; at >= 0 && at < len(c1) && (j < cut || j >= nr) {
							// Another row's piece may sit here when the rows overlap; with ldc > nr they do not.
							require.Equal(t, sentinel, c1[at], "kc=%d tiles=%d cut=%d wrote c1 at (%d,%d)", kc, tiles, cut, r, j)
						}
					}
				}
			}
		}
	}
	require.Panics(t, func() {
		gemmColumnBiasSplitAVX512(1, 1, make([]float32, 8), make([]float32, 32), make([]float32, 8), make([]float32, 32), 1, 0, make([]float32, 8))
	})
}

// checkRef checks got against row r, column j of A·B + bias in float64
// (A packed kc×8 per tile, B kc×32), within a bound on float32 rounding,
// or for the same special value.
func checkRef(t *testing.T, a, b, bias []float32, kc, r, j int, got float32) {
	t.Helper()
	tile, row := r/8, r%8
	sum, abs := float64(bias[r]), math.Abs(float64(bias[r]))
	for p := range kc {
		v := float64(a[tile*kc*8+p*8+row]) * float64(b[p*32+j])
		sum += v
		abs += math.Abs(v)
	}
	if math.IsNaN(sum) || math.IsInf(sum, 0) {
		require.Equal(t, math.IsNaN(sum), math.IsNaN(float64(got)), "(%d,%d): got %v want %v", r, j, got, sum)
		if !math.IsNaN(sum) {
			require.Equal(t, float32(sum), got, "(%d,%d)", r, j)
		}
		return
	}
	require.InDelta(t, sum, float64(got), float64(kc+2)*abs*0x1p-23, "(%d,%d)", r, j)
}

// BenchmarkGemmColumnBiasSplitAVX512 times the avx512 bias kernel on a
// column of a convolution's product (kc 288, 8 tiles, C's rows 196 floats
// apart) written in one block and split across two (cut 4), so the cost
// of the split stores shows.
func BenchmarkGemmColumnBiasSplitAVX512(b *testing.B) {
	if !contains(Available(), AVX512) {
		b.Skip("no avx512 level on this CPU")
	}
	const kc, tiles, ldc, cut = 288, 8, 196, 4
	rng := rand.New(rand.NewPCG(3, 3))
	a := alignedFloats(nil, tiles*kc*8)
	copy(a, randFloats(rng, len(a)))
	bp := alignedFloats(nil, kc*32)
	copy(bp, randFloats(rng, len(bp)))
	bias := randFloats(rng, tiles*8)
	c := make([]float32, 2*tiles*8*ldc)
	for _, split := range []bool{false, true} {
		b.Run(fmt.Sprintf("split=%v", split), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			cpu0, cpuOK := threadCPUTime()
			for b.Loop() {
				if split {
					gemmColumnBiasSplitAVX512(kc, tiles, a, bp, c[ldc-cut:], c[tiles*8*ldc:], ldc, cut, bias)
				} else {
					gemmColumnBiasAVX512(kc, tiles, a, bp, c[40:], ldc, bias)
				}
			}
			flops := 2 * float64(kc*tiles*8*32) * float64(b.N)
			if cpu1, _ := threadCPUTime(); cpuOK && cpu1 > cpu0 {
				b.ReportMetric(flops/(cpu1-cpu0).Seconds()/1e9, "GFLOP/cpu-s")
			}
		})
	}
}
