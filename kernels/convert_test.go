package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestBytesToFloat32: one correctly rounded division per element, so every
// level must give exactly the float32 rounding of the float64 quotient,
// for every byte value, divisors that overflow, underflow and divide by
// zero, every length 0..70 (all tails) and past the chunk size; the bytes
// end right before a guard page (or among sentinels), so a read past src
// or a write past dst fails.
func TestBytesToFloat32(t *testing.T) {
	divs := []float32{255, 1, 3, 0.1, -7.5, 1e-40, 3e38, 0, float32(math.Inf(1)), float32(math.NaN())}
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain}, func(t *testing.T, rng *rand.Rand, _ valueKind, v [][]float32) {
			dst, n := v[0], len(v[0])
			// src is the last n bytes of v[1]'s memory: it ends where v[1] does.
			src := []byte{}
			if n > 0 {
				src = unsafe.Slice((*byte)(unsafe.Pointer(&v[1][0])), 4*n)[3*n:]
			}
			for i := range src {
				src[i] = byte(rng.IntN(256))
			}
			if n > 1 {
				src[rng.IntN(n)], src[rng.IntN(n)] = 0, 255
			}
			for _, div := range divs {
				fill(rng, dst, plain, 1)
				BytesToFloat32(dst, src, div)
				for i, b := range src {
					if ref := float64(b) / float64(div); !same(dst[i], ref) {
						failAt(t, "BytesToFloat32", i, dst[i], ref, 0, describe(i, "div", []float32{div}))
					}
				}
			}
		})
	})
}

// TestBytesToFloat32Lengths checks that src and dst of different lengths
// panic.
func TestBytesToFloat32Lengths(t *testing.T) {
	require.Panics(t, func() { BytesToFloat32(make([]float32, 3), make([]byte, 4), 255) })
	require.Panics(t, func() { BytesToFloat32(make([]float32, 4), make([]byte, 3), 255) })
}
