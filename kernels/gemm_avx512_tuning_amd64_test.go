//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/cpuid/v2"
	"github.com/stretchr/testify/require"
)

func TestAVX512TuningFor(t *testing.T) {
	require.Equal(t, avx512HalfRate, avx512TuningFor(cpuid.AMD, 0x19))   // Zen 4
	require.Equal(t, avx512FullRate, avx512TuningFor(cpuid.AMD, 0x1A))   // Zen 5
	require.Equal(t, avx512FullRate, avx512TuningFor(cpuid.Intel, 6))    // every Intel core since the P6
	require.Equal(t, avx512FullRate, avx512TuningFor(cpuid.Intel, 0x19)) // the family alone is not AMD's
	require.Equal(t, avx512FullRate, avx512TuningFor(cpuid.VendorUnknown, 0))
	half, full := avx512FewRowsGemm(avx512HalfRate), avx512FewRowsGemm(avx512FullRate)
	require.Equal(t, [2]int{6, 16}, [2]int{half.mr, half.nr})
	require.Equal(t, AVX2, half.level)
	require.Equal(t, [2]int{12, 32}, [2]int{full.mr, full.nr})
	require.Equal(t, AVX512, full.level)
}

func TestAVX512BlocksFor(t *testing.T) {
	const kib, mib = 1 << 10, 1 << 20
	for _, tc := range []struct {
		name       string
		tuning     avx512Tuning
		l1, l2, l3 int
		kc, mc, nc int
	}{
		{"zen4", avx512HalfRate, 32 * kib, 1 * mib, 32 * mib, 384, 336, 5440},
		{"sapphire rapids", avx512FullRate, 48 * kib, 2 * mib, 105 * mib, 256, 512, 896},
		{"skylake-x", avx512FullRate, 32 * kib, 1 * mib, 11 * mib, 168, 384, 672},
		{"zen4 unreported", avx512HalfRate, 0, -1, 0, 128, 256, 4096},
		{"intel unreported", avx512FullRate, -1, 0, 0, 128, 256, 448},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kc, mc, nc := avx512BlocksFor(tc.tuning, tc.l1, tc.l2, tc.l3)
			require.Equal(t, [3]int{tc.kc, tc.mc, tc.nc}, [3]int{kc, mc, nc})
		})
	}
}

// TestAVX512BlocksTakeBands checks that at full rate every block of B the
// driver packs is small enough for bands (gemmMacro's bandMaxB), at every
// depth k, however gemmDepthBlock stretches kc.
func TestAVX512BlocksTakeBands(t *testing.T) {
	const kib, mib = 1 << 10, 1 << 20
	for _, c := range [][3]int{{48 * kib, 2 * mib, 105 * mib}, {32 * kib, 1 * mib, 11 * mib}, {-1, 0, 0}} {
		g := &gemmImpl{mr: 8, nr: 32}
		g.kc, g.mc, g.nc = avx512BlocksFor(avx512FullRate, c[0], c[1], c[2])
		g.band, g.bandMaxB = avx512BandFor(avx512FullRate, c[1])
		for k := 1; k <= 8192; k++ {
			if kb := gemmDepthBlock(g, k); kb*g.nc > g.bandMaxB {
				t.Fatalf("caches %v, k %d: a block of B is %d×%d floats, over bands' %d", c, k, kb, g.nc, g.bandMaxB)
			}
		}
	}
}

func TestAVX512BandFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name       string
		tuning     avx512Tuning
		l2         int
		band, maxB int
	}{
		{"zen4", avx512HalfRate, 1 * mib, 0, 0},
		{"sapphire rapids", avx512FullRate, 2 * mib, 4, 256 << 10},
		{"intel unreported", avx512FullRate, 0, 4, 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			band, maxB := avx512BandFor(tc.tuning, tc.l2)
			require.Equal(t, [2]int{tc.band, tc.maxB}, [2]int{band, maxB})
		})
	}
}

// TestAVX512Tunings runs the avx512 level with each tuning, whatever
// this CPU would pick, on depths that take one, two and three slices of k
// and edges of the tile grid, on one goroutine and on two (the larger
// products split), and products of few rows or columns: the result must be right and the same bits on both.
func TestAVX512Tunings(t *testing.T) {
	if !contains(Available(), AVX512) {
		t.Skip("no avx512 level on this CPU")
	}
	for name, b := range map[string]avx512Tuning{"half-rate": avx512HalfRate, "full-rate": avx512FullRate} {
		g := avx512GemmTuned(b)
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(b), 14))
			iter := 0
			for _, k := range []int{g.kc, g.kc*9/8 + 5, 2*g.kc + 9} {
				for _, mn := range [][2]int{{1, 31}, {8, 2}, {10, 130}, {37, 64}, {72, 97}, {130, 10}, {136, 130}} {
					iter++
					tc := variedGemmCase(iter, iter%2 == 1, iter/2%2 == 1, mn[0], mn[1], k)
					runGemmCase(t, rng, tc, func(x *gemmArgs) {
						c0 := append([]float32(nil), x.c...)
						sgemmWith(g, 1, x)
						one := append([]float32(nil), x.c...)
						copy(x.c, c0)
						sgemmWith(g, 2, x)
						for i := range one {
							if math.Float32bits(one[i]) != math.Float32bits(x.c[i]) {
								t.Fatalf("%v: C[%d] is %v on 1 goroutine, %v on 2", tc, i, one[i], x.c[i])
							}
						}
					})
				}
			}
		})
	}
}
