package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// gemmOnThreads runs a fresh copy of C through impl g on the given number
// of goroutines and returns it.
func gemmOnThreads(g *gemmImpl, threads int, x gemmArgs) []float32 {
	x.c = append([]float32(nil), x.c...)
	sgemmWith(g, threads, &x)
	return x.c
}

func requireBitIdentical(t *testing.T, want, got []float32, msg string) {
	t.Helper()
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("%s: element %d = %v, want %v bit for bit", msg, i, got[i], want[i])
		}
	}
}

// TestSgemmThreadDeterminism: 1, 2, 3 and 7 goroutines give bit-identical
// C, for splits along rows (m >= n) and along columns, with edge tiles and
// more than one kc slice.
func TestSgemmThreadDeterminism(t *testing.T) {
	shapes := [][3]int{{301, 157, 700}, {97, 410, 563}, {6000, 10, 300}, {6000, 5, 600}}
	if testing.Short() {
		shapes = [][3]int{{311, 125, 400}, {95, 310, 470}, {4000, 10, 400}, {7000, 5, 500}}
	}
	rng := rand.New(rand.NewPCG(6, 6))
	for _, g := range gemmImplsUnderTest() {
		for i, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			require.Greater(t, gemmThreads(g, 7, m, n, k), 2, "shape %v must be split", s)
			// The last shape is narrow with A transposed: computed as its transpose.
			x := gemmArgs{transA: i == 1 || i == 3, transB: i != 1, m: m, n: n, k: k, alpha: 1.5, beta: 0.5,
				a: randFloats(rng, m*k), b: randFloats(rng, k*n), c: randFloats(rng, m*n), lda: k, ldb: n, ldc: n}
			if x.transA {
				x.lda = m
			}
			if x.transB {
				x.ldb = k
			}
			want := gemmOnThreads(g, 1, x)
			for _, threads := range []int{2, 3, 7} {
				requireBitIdentical(t, want, gemmOnThreads(g, threads, x), g.level.String())
			}
		}
	}
}

// TestSgemmUnderGCPressure runs a large multi-goroutine Sgemm while other
// goroutines force garbage collections and yield the processor, and checks
// the result bit for bit against a single-goroutine run.
func TestSgemmUnderGCPressure(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 200
	}
	rng := rand.New(rand.NewPCG(7, 7))
	x := gemmArgs{m: n, n: n, k: n, alpha: 1, beta: 0,
		a: randFloats(rng, n*n), b: randFloats(rng, n*n), c: make([]float32, n*n), lda: n, ldb: n, ldc: n}
	g := gemmFor(Best())
	want := gemmOnThreads(g, 1, x)

	var stop atomic.Bool
	var wg sync.WaitGroup
	var gcs atomic.Int64
	for range 2 {
		wg.Go(func() {
			for !stop.Load() {
				runtime.GC()
				gcs.Add(1)
				runtime.Gosched()
			}
		})
	}
	// At least 3 products, and until 3 collections have completed during
	// them (a product can finish before the first collection does).
	for i := 0; i < 3 || gcs.Load() < 3; i++ {
		got := gemmOnThreads(g, 4, x)
		requireBitIdentical(t, want, got, "under GC")
		require.Less(t, i, 10000, "no garbage collection completed")
	}
	stop.Store(true)
	wg.Wait()
}

// TestSgemmSteadyStateAllocs: after a warm-up call, neither the
// single-goroutine nor the parallel path allocates.
func TestSgemmSteadyStateAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented builds allocate")
	}
	rng := rand.New(rand.NewPCG(8, 8))
	const n = 160
	a, b, c := randFloats(rng, n*n), randFloats(rng, n*n), make([]float32, n*n)
	for _, threads := range []int{1, 3} {
		SgemmThreads(threads, false, true, n, n, n, 1, a, n, b, n, 0, c, n)
		allocs := testing.AllocsPerRun(10, func() {
			SgemmThreads(threads, false, true, n, n, n, 1, a, n, b, n, 0, c, n)
		})
		require.Zero(t, allocs, "threads=%d", threads)
	}
	// The GEMV routes, with a strided vector and a strided result.
	for _, ta := range []bool{false, true} {
		allocs := testing.AllocsPerRun(10, func() {
			SgemmThreads(0, ta, false, n, 1, n, 1, a, n, b, n, 0.5, c, n)
			SgemmThreads(0, ta, false, 1, n, n, 1, a, n, b, n, 0, c, n)
		})
		require.Zero(t, allocs, "GEMV route, transA=%v", ta)
	}
}
