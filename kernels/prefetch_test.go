package kernels

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrefetch checks that Prefetch leaves its slice as it was for every
// length up to a few cache lines at every offset within a line, byte and
// float32 slices alike, and takes empty and nil slices (a prefetch cannot
// fault, so what matters is that it computes its span within the slice
// and writes nothing).
func TestPrefetch(t *testing.T) {
	rng := newRand(t)
	buf := make([]uint8, 400)
	for i := range buf {
		buf[i] = uint8(rng.IntN(256))
	}
	want := slices.Clone(buf)
	fbuf := make([]float32, 100)
	fill(rng, fbuf, edges, 1e30)
	fwant := slices.Clone(fbuf)
	for off := range 64 {
		for n := 0; off+n <= len(buf); n++ {
			Prefetch(buf[off : off+n])
		}
		for n := 0; off/4+n <= len(fbuf); n++ {
			Prefetch(fbuf[off/4 : off/4+n])
		}
	}
	Prefetch[uint8](nil)
	Prefetch[float32](nil)
	require.Equal(t, want, buf)
	require.Equal(t, len(fwant), len(fbuf))
	for i := range fbuf {
		require.Equal(t, math.Float32bits(fwant[i]), math.Float32bits(fbuf[i]), "value %d", i)
	}
}
