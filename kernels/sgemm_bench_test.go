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
// gonum's pure-Go Sgemm, on one goroutine and on GOMAXPROCS.
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
					b.ReportAllocs()
					for b.Loop() {
						sgemmWith(g, threads, &x)
					}
					report(b)
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
			var impl gonum.Implementation
			b.ReportAllocs()
			for b.Loop() {
				impl.Sgemm(tA, tB, sh.m, sh.n, sh.k, 1, a, lda, bm, ldb, 0, c, sh.n)
			}
			report(b)
		})
	}
}
