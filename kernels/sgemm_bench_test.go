package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gemmShape is one benchmarked product: C (m×n) = op(A)·op(B), inner k.
type gemmShape struct {
	name           string
	transA, transB bool
	m, n, k        int
}

// gemmBenchShapes are the square sizes and the products a 784-256-128-10
// MLP computes at batch 128: forward (X·W^T, weights stored [out, in]),
// weight gradients (dY^T·X, A transposed) and input gradients (dY·W).
func gemmBenchShapes() []gemmShape {
	var s []gemmShape
	for _, n := range []int{64, 128, 256, 512, 1024, 2048} {
		s = append(s, gemmShape{name: fmt.Sprintf("square%d", n), m: n, n: n, k: n})
	}
	layers := [][2]int{{784, 256}, {256, 128}, {128, 10}}
	const batch = 128
	for _, l := range layers {
		in, out := l[0], l[1]
		s = append(s,
			gemmShape{name: fmt.Sprintf("fwd%dx%dx%d", batch, in, out), transB: true, m: batch, n: out, k: in},
			gemmShape{name: fmt.Sprintf("dW%dx%dx%d", out, batch, in), transA: true, m: out, n: in, k: batch},
			gemmShape{name: fmt.Sprintf("dX%dx%dx%d", batch, out, in), m: batch, n: in, k: out},
		)
	}
	return s
}

func randFloats(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.Float64()*2 - 1)
	}
	return x
}

// BenchmarkSgemm reports GFLOP/s (2·m·n·k per call) for every level and
// gonum's pure-Go Sgemm, on one goroutine and on GOMAXPROCS; single
// goroutine runs also report GFLOP per CPU-second of their thread.
func BenchmarkSgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, sh := range gemmBenchShapes() {
		a := randFloats(rng, sh.m*sh.k)
		bm := randFloats(rng, sh.k*sh.n)
		c := randFloats(rng, sh.m*sh.n)
		lda, ldb := sh.k, sh.n
		if sh.transA {
			lda = sh.m
		}
		if sh.transB {
			ldb = sh.k
		}
		x := gemmArgs{transA: sh.transA, transB: sh.transB, m: sh.m, n: sh.n, k: sh.k, alpha: 1, beta: 0,
			a: a, b: bm, c: c, lda: lda, ldb: ldb, ldc: sh.n}
		flops := 2 * float64(sh.m) * float64(sh.n) * float64(sh.k)
		report := func(b *testing.B) {
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
			for _, g := range gemmImplsUnderTest() {
				b.Run(fmt.Sprintf("%s/%s/t%d", sh.name, g.level, threads), func(b *testing.B) {
					if testing.Short() && sh.m*sh.n*sh.k > 1<<24 && g.level == Generic {
						b.Skip("large generic run skipped in -short")
					}
					if threads == 1 {
						// On one goroutine also report GFLOP per CPU-second
						// of its thread, robust to other load on the machine.
						runtime.LockOSThread()
						defer runtime.UnlockOSThread()
					}
					cpu0, cpuOK := threadCPUTime()
					b.ReportAllocs()
					for b.Loop() {
						sgemmWith(g, threads, &x)
					}
					report(b)
					if cpu1, _ := threadCPUTime(); cpuOK && threads == 1 && cpu1 > cpu0 {
						b.ReportMetric(flops*float64(b.N)/(cpu1-cpu0).Seconds()/1e9, "GFLOP/cpu-s")
					}
				})
			}
		}
		b.Run(sh.name+"/gonum/t1", func(b *testing.B) {
			if testing.Short() && sh.m*sh.n*sh.k > 1<<24 {
				b.Skip("large gonum run skipped in -short")
			}
			tA, tB := blas.NoTrans, blas.NoTrans
			if sh.transA {
				tA = blas.Trans
			}
			if sh.transB {
				tB = blas.Trans
			}
			// gonum's Sgemm spreads its work over goroutines; one P keeps
			// it to one core. (Its goroutines may still run on other OS
			// threads, so no per-thread CPU figure here.)
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			var impl gonum.Implementation
			b.ReportAllocs()
			for b.Loop() {
				impl.Sgemm(tA, tB, sh.m, sh.n, sh.k, 1, a, lda, bm, ldb, 0, c, sh.n)
			}
			report(b)
		})
	}
}

// BenchmarkSgemv reports GFLOP/s and the rate A streams from memory (GB/s)
// for a 4096×4096 matrix-vector product, directly and through Sgemm with
// n = 1 (4096×4096 times 4096×1) and m = 1, for every level and gonum.
func BenchmarkSgemv(b *testing.B) {
	const n = 4096
	rng := rand.New(rand.NewPCG(10, 10))
	a := randFloats(rng, n*n)
	x := randFloats(rng, n)
	y := make([]float32, n)
	report := func(b *testing.B) {
		sec := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(2*n*n/sec/1e9, "GFLOP/s")
		b.ReportMetric(4*n*n/sec/1e9, "GB/s")
	}
	for _, g := range gemmImplsUnderTest() {
		for _, trans := range []bool{false, true} {
			b.Run(fmt.Sprintf("gemv/trans=%v/%s", trans, g.level), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					sgemvWith(g, nil, trans, n, n, 1, a, n, x, 0, y)
				}
				report(b)
			})
		}
		b.Run(fmt.Sprintf("sgemm-n1/%s", g.level), func(b *testing.B) {
			xg := gemmArgs{m: n, n: 1, k: n, alpha: 1, a: a, lda: n, b: x, ldb: 1, c: y, ldc: 1}
			b.ReportAllocs()
			for b.Loop() {
				sgemmWith(g, 0, &xg)
			}
			report(b)
		})
		b.Run(fmt.Sprintf("sgemm-m1/%s", g.level), func(b *testing.B) {
			xg := gemmArgs{m: 1, n: n, k: n, alpha: 1, a: x, lda: n, b: a, ldb: n, c: y, ldc: n}
			b.ReportAllocs()
			for b.Loop() {
				sgemmWith(g, 0, &xg)
			}
			report(b)
		})
	}
	b.Run("gemv/trans=false/gonum", func(b *testing.B) {
		var impl gonum.Implementation
		b.ReportAllocs()
		for b.Loop() {
			impl.Sgemv(blas.NoTrans, n, n, 1, a, n, x, 1, 0, y, 1)
		}
		report(b)
	})
}
