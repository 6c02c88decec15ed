//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkGemmKernelAVX512 times the avx512 micro-kernel alone on packed
// panels that stay in cache: one B panel (kc×32) against tiles A panels
// (kc×8 each), C a block of tiles·8 rows, as the driver calls it for one
// panel of B. It reports GFLOP per CPU-second of the benchmark's thread,
// which other load on the machine does not lower.
func BenchmarkGemmKernelAVX512(b *testing.B) {
	if !contains(Available(), AVX512) {
		b.Skip("no avx512 level on this CPU")
	}
	g := tables[AVX512].gemm
	rng := rand.New(rand.NewPCG(3, 3))
	for _, kc := range []int{64, 128, 192, 256, 384, 512} {
		for _, tiles := range []int{1, 16, 64} {
			// Cache-line aligned, as the driver's packing buffers are.
			a := alignedFloats(nil, tiles*kc*g.mr)
			copy(a, randFloats(rng, len(a)))
			bp := alignedFloats(nil, kc*g.nr)
			copy(bp, randFloats(rng, len(bp)))
			c := randFloats(rng, tiles*g.mr*g.nr)
			b.Run(fmt.Sprintf("kc%d/tiles%d", kc, tiles), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu0, cpuOK := threadCPUTime()
				for b.Loop() {
					g.column(kc, tiles, a, bp, c, g.nr, 1, 1)
				}
				flops := 2 * float64(kc*tiles*g.mr*g.nr) * float64(b.N)
				if cpu1, _ := threadCPUTime(); cpuOK && cpu1 > cpu0 {
					b.ReportMetric(flops/(cpu1-cpu0).Seconds()/1e9, "GFLOP/cpu-s")
				}
			})
		}
	}
}
