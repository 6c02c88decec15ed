package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/brawn-ml/brawn/kernels"
)

// GEMMShape is one row of the GEMM table: C (m×n) = op(A) (m×k) · op(B) (k×n).
type GEMMShape struct {
	Label          string // what the shape is, e.g. "fc1 dW"; empty for the square sizes
	M, N, K        int    // C is M×N, the product's inner dimension K
	TransA, TransB bool   // op(A) = Aᵀ, op(B) = Bᵀ (A stored k×m, B stored n×k)
}

func (g GEMMShape) flops() float64 { return 2 * float64(g.M) * float64(g.N) * float64(g.K) }

// String names the shape as the tables do: the label, m×n×k, and N or T
// for each of A and B (e.g. "fc1 dW 784x256x128 TN").
func (g GEMMShape) String() string {
	t := func(b bool) string {
		if b {
			return "T"
		}
		return "N"
	}
	s := fmt.Sprintf("%dx%dx%d %s%s", g.M, g.N, g.K, t(g.TransA), t(g.TransB))
	if g.Label != "" {
		s = g.Label + " " + s
	}
	return s
}

// MLPShapes are the products of one training step of a 784-256-128-10
// multilayer perceptron at batch 128, with activations X [batch, in] and
// weights W [in, out], both row-major: the forward products X·W, the weight
// gradients Xᵀ·dY (A transposed) and the input gradients dY·Wᵀ (B
// transposed).
func MLPShapes() []GEMMShape {
	const batch = 128
	layers := [][2]int{{784, 256}, {256, 128}, {128, 10}}
	var out []GEMMShape
	for i, l := range layers {
		out = append(out, GEMMShape{Label: fmt.Sprintf("fc%d fwd", i+1), M: batch, N: l[1], K: l[0]})
	}
	for i, l := range layers {
		out = append(out, GEMMShape{Label: fmt.Sprintf("fc%d dW", i+1), M: l[0], N: l[1], K: batch, TransA: true})
	}
	for i, l := range layers {
		out = append(out, GEMMShape{Label: fmt.Sprintf("fc%d dX", i+1), M: batch, N: l[0], K: l[1], TransB: true})
	}
	return out
}

// GEMVShapes are matrix-vector products posed as SGEMM (m = 1 or n = 1),
// which a GEMM should route to a GEMV kernel running at memory bandwidth:
// 1×4096 · 4096×4096 and 4096×4096 · 4096×1.
func GEMVShapes() []GEMMShape {
	return []GEMMShape{
		{Label: "gemv", M: 1, N: 4096, K: 4096},
		{Label: "gemv", M: 4096, N: 1, K: 4096},
	}
}

// bytes is the size of A, B and C: the least memory traffic of one call.
func (g GEMMShape) bytes() float64 { return 4 * float64(g.M*g.K+g.K*g.N+g.M*g.N) }

// gemmImpls returns the implementations a GEMM row times: the naive
// loops, gonum, brawn at each of levels and OpenBLAS when built with it.
func gemmImpls(levels []kernels.Level) []gemmImpl {
	impls := []gemmImpl{
		{name: "naive-ijk", naive: true, call: func(_ int, tA, tB bool, m, n, k int, al float32, a []float32, lda int, b []float32, ldb int, be float32, c []float32, ldc int) {
			NaiveIJK(tA, tB, m, n, k, al, a, lda, b, ldb, be, c, ldc)
		}},
		{name: "naive-ikj", naive: true, call: func(_ int, tA, tB bool, m, n, k int, al float32, a []float32, lda int, b []float32, ldb int, be float32, c []float32, ldc int) {
			NaiveIKJ(tA, tB, m, n, k, al, a, lda, b, ldb, be, c, ldc)
		}},
		{name: "gonum", call: func(_ int, tA, tB bool, m, n, k int, al float32, a []float32, lda int, b []float32, ldb int, be float32, c []float32, ldc int) {
			gonum.Implementation{}.Sgemm(blasTrans(tA), blasTrans(tB), m, n, k, al, a, lda, b, ldb, be, c, ldc)
		}},
	}
	for _, l := range levels {
		impls = append(impls, gemmImpl{
			name:   brawnImpl(l),
			before: func(int) { withLevel(l)() },
			call:   kernels.SgemmThreads,
		})
	}
	if ob, ok := openblasImpl(); ok {
		impls = append(impls, ob)
	}
	return impls
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemmProblem holds the operands of one shape; each implementation writes
// its own C so the results can be compared after timing.
type gemmProblem struct {
	GEMMShape
	a, b          []float32
	lda, ldb, ldc int
}

func newGEMMProblem(g GEMMShape, rng *rand.Rand) *gemmProblem {
	p := &gemmProblem{GEMMShape: g, lda: g.K, ldb: g.N, ldc: g.N}
	if g.TransA {
		p.lda = g.M
	}
	if g.TransB {
		p.ldb = g.K
	}
	p.a = randSlice(rng, g.M*g.K)
	p.b = randSlice(rng, g.K*g.N)
	return p
}

func (p *gemmProblem) gemmCase(im gemmImpl, threads int, c []float32) Case {
	cs := Case{Impl: im.name, Run: func() {
		im.call(threads, p.TransA, p.TransB, p.M, p.N, p.K, 1, p.a, p.lda, p.b, p.ldb, 0, c, p.ldc)
	}}
	if im.before != nil {
		cs.Before = func() { im.before(threads) }
	}
	return cs
}

// GEMM measures C = A·B (alpha 1, beta 0) for the square sizes, the MLP
// shapes and the GEMV shapes, every implementation at every thread count (the naive loops
// at 1 thread only, and only up to NaiveMaxFlop), and checks that all
// implementations agree on C. It fails, stopping the suite's GEMM rows,
// when an element of some implementation's C differs from the first's by
// more than 8·k·2⁻²³·√k, or is NaN.
func (s *Suite) GEMM() error {
	defer restoreLevel()()
	shapes := []GEMMShape{}
	for _, n := range s.cfg.SquareSizes {
		shapes = append(shapes, GEMMShape{M: n, N: n, K: n})
	}
	if !s.cfg.NoMLP {
		shapes = append(shapes, MLPShapes()...)
		shapes = append(shapes, GEMVShapes()...)
	}
	impls := gemmImpls(s.levels)
	t := &Table{
		Title:  "SGEMM: C = A·B, float32, row-major",
		Header: []string{"shape m×n×k", "threads", "impl", "GFLOP/s", "GB/s", "spread", "of peak", "probe", "vs naive", "vs gonum", "allocs/op"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	skippedNaive, overPeak := false, false
	for _, g := range shapes {
		p := newGEMMProblem(g, rng)
		bestNaive := 0.0
		for _, th := range s.cfg.Threads {
			var row []gemmImpl
			var cs []Case
			var cs2 [][]float32
			for _, im := range impls {
				if im.naive && (th != 1 || g.flops() > s.cfg.NaiveMaxFlop) {
					if th == 1 {
						t.add(g.String(), fmt.Sprint(th), im.name, "skipped", "", "", "", "", "", "", "")
						skippedNaive = true
					}
					continue
				}
				c := make([]float32, g.M*g.N)
				row = append(row, im)
				cs = append(cs, p.gemmCase(im, th, c))
				cs2 = append(cs2, c)
			}
			s.progress("gemm: %v, %d threads", g, th)
			// The fastest FMA probe is timed in every round of the row,
			// the fractions of the peak taken round by round.
			flops := make([]float64, len(cs))
			for i := range flops {
				flops[i] = g.flops()
			}
			stats, pair := s.measurePaired(cs, flops, th)
			if err := checkAgree(g, row, cs2); err != nil {
				return err
			}
			gonumG := 0.0
			res := make([]Result, len(row))
			for i, im := range row {
				r := fromStats(Result{Op: "sgemm", Impl: im.name, M: g.M, N: g.N, K: g.K,
					TransA: boolPtr(g.TransA), TransB: boolPtr(g.TransB), Threads: th}, stats[i])
				r.GFLOPS = g.flops() / stats[i].Median
				if g.M == 1 || g.N == 1 {
					r.GBps = g.bytes() / stats[i].Median
				}
				pair.set(&r, i)
				overPeak = overPeak || r.PeakFraction > 1
				if im.naive {
					bestNaive = max(bestNaive, r.GFLOPS)
				}
				if im.name == "gonum" {
					gonumG = r.GFLOPS
				}
				res[i] = r
			}
			for i, r := range res {
				if bestNaive > 0 && !row[i].naive {
					r.SpeedupNaive = r.GFLOPS / bestNaive
				}
				if gonumG > 0 && r.Impl != "gonum" {
					r.SpeedupGonum = r.GFLOPS / gonumG
				}
				s.record(r)
				frac, probe := peakCells(r)
				gbps := ""
				if r.GBps > 0 {
					gbps = fmtG(r.GBps)
				}
				t.add(g.String(), fmt.Sprint(th), r.Impl, fmtG(r.GFLOPS), gbps, fmtSpread(stats[i].Spread()),
					frac, probe, fmtX(r.SpeedupNaive), fmtX(r.SpeedupGonum), fmtAllocs(*r.AllocsPerOp))
			}
		}
	}
	t.Notes = append(t.Notes,
		"GFLOP/s = 2·m·n·k / median time. \"of peak\" is the median, over the row's rounds, of the implementation's GFLOP/s over the FMA probe's in the same round: "+
			"the probe ("+s.probeNote()+") is timed at the row's thread count as one more case of every round, interleaved with the implementations, "+
			"so a spell in which the machine runs slower lowers both. probe: the median of the probe's GFLOP/s over the row's rounds (JSON: probe_gflops); "+
			"\"of peak\" is near GFLOP/s over it, not exactly (a median of ratios).",
		"vs naive: over the faster of the two naive loops, which are single-goroutine code measured at 1 thread.",
		"NN/TN/NT: whether A and/or B are stored transposed. fcN fwd = X·W, dW = Xᵀ·dY, dX = dY·Wᵀ of a 784-256-128-10 MLP at batch 128.",
		"gemv: m or n = 1, bound by reading the 4096×4096 matrix once; GB/s counts A, B and C once; compare it with the copy bandwidth.",
		"All implementations' results are checked against each other after timing.")
	if overPeak {
		t.Notes = append(t.Notes, "CAUTION: some rows exceed 100% of the measured peak, which no code can: another program took the CPU while the probe "+
			"ran in some rounds, so those rounds' fractions are too high. Rerun on a quiet machine.")
	}
	if OpenBLASAvailable {
		t.Notes = append(t.Notes, "OpenBLAS's worker threads spin-wait for a while after each call; on a busy machine that slows it, "+
			"and the implementation timed right after it, more than code whose workers sleep.")
	}
	if skippedNaive {
		t.Notes = append(t.Notes, fmt.Sprintf("skipped: the naive loops are not run above %.3g FLOPs per call, where a single call takes seconds.", s.cfg.NaiveMaxFlop))
	}
	s.Tables = append(s.Tables, t)
	return nil
}

// checkAgree compares every implementation's C with the first one's,
// within the float32 rounding a k-term dot product of values in [-1, 1]
// accumulates (a multiple of k·eps·sqrt(k), the typical rather than the
// worst-case bound, loose enough for any summation order).
func checkAgree(g GEMMShape, impls []gemmImpl, cs [][]float32) error {
	tol := 8 * float64(g.K) * 0x1p-23 * math.Sqrt(float64(g.K))
	for i := 1; i < len(cs); i++ {
		for j, want := range cs[0] {
			if d := math.Abs(float64(cs[i][j] - want)); !(d <= tol) {
				return fmt.Errorf("bench: sgemm %v: %s and %s disagree at C[%d][%d]: %g vs %g",
					g, impls[i].name, impls[0].name, j/g.N, j%g.N, cs[i][j], want)
			}
		}
	}
	return nil
}

// probeNote says which FMA probe the rows were paired with and how it was
// chosen: the kind that ran fastest at each thread count, in the peak
// table when the peak suite ran first, otherwise in the short measurement
// peakAt makes before the first paired row.
func (s *Suite) probeNote() string {
	var parts []string
	same := true
	for _, th := range s.cfg.Threads {
		p, ok := s.probe[th]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s on %d", p.impl, th))
		same = same && p.impl == s.probe[s.cfg.Threads[0]].impl
	}
	if len(parts) == 0 {
		return "none in this build"
	}
	kinds := strings.Join(parts, ", ") + " threads"
	if same {
		kinds = s.probe[s.cfg.Threads[0]].impl
	}
	if s.peakTable {
		return kinds + ", the kind that ran fastest in the peak table"
	}
	return kinds + ", the kind that ran fastest when the kinds were timed side by side before the first row paired with it; the peak suite had not run"
}
