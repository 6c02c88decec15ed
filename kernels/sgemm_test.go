package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The SGEMM tests compare against a float64 reference. Tolerance: with
// unit roundoff u = 2^-24, a float32 dot product of length k in any order
// (with or without FMA) is within gamma_k*sum|a||b| of the exact value,
// gamma_k = k*u/(1-k*u) (Higham, Accuracy and Stability of Numerical
// Algorithms, 2002, §3.1). Scaling by alpha, adding beta*c and the final
// rounding add a few more u, so an element may differ from the float64
// result by at most
//
//	(k+4) * 2u * (|alpha|*sum_p |a_ip||b_pj| + |beta*c_ij|)
//
// (a factor 2 of slack over the bound); anything more is a bug.

// padNaN marks padding and unused memory: a quiet NaN with a payload, so a
// test can tell it was left untouched bit for bit.
var padNaN = math.Float32frombits(0x7fc0dead)

// gemmMat is a rows×cols row-major matrix with row stride ld, stored at
// offset off of buf, everything else in buf being padNaN.
type gemmMat struct {
	buf            []float32
	off            int
	rows, cols, ld int
}

func newGemmMat(rng *rand.Rand, rows, cols, ld, off int, fill bool) gemmMat {
	m := gemmMat{buf: make([]float32, off+matLen(rows, cols, ld)+5), off: off, rows: rows, cols: cols, ld: ld}
	for i := range m.buf {
		m.buf[i] = padNaN
	}
	if fill {
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				m.buf[off+i*ld+j] = float32(rng.Float64()*2 - 1)
			}
		}
	}
	return m
}

// slice is what Sgemm gets: exactly the shortest legal slice, so reading
// past it would panic in Go and read padNaN in assembly.
func (m gemmMat) slice() []float32 { return m.buf[m.off : m.off+matLen(m.rows, m.cols, m.ld)] }

func (m gemmMat) at(i, j int) float32 { return m.buf[m.off+i*m.ld+j] }

// opAt returns op(M)[i][j].
func (m gemmMat) opAt(trans bool, i, j int) float32 {
	if trans {
		return m.at(j, i)
	}
	return m.at(i, j)
}

type gemmCase struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	pad, off       int // extra leading-dimension padding, slice offset
}

func (c gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%v beta=%v pad=%d off=%d",
		c.transA, c.transB, c.m, c.n, c.k, c.alpha, c.beta, c.pad, c.off)
}

// gemmInputs builds the operands of case tc; C holds NaN in its logical
// part when beta is 0, which must not leak.
func gemmInputs(rng *rand.Rand, tc gemmCase) (a, b, c gemmMat) {
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = ac, ar
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = bc, br
	}
	a = newGemmMat(rng, ar, ac, max(ac, 1)+tc.pad, tc.off, true)
	b = newGemmMat(rng, br, bc, max(bc, 1)+tc.pad, tc.off+1, true)
	c = newGemmMat(rng, tc.m, tc.n, max(tc.n, 1)+tc.pad, tc.off+2, tc.beta != 0)
	return a, b, c
}

// checkGemm checks C after the call against the float64 reference computed
// from a, b and c0 (C before the call), and that nothing outside C's
// logical part changed.
func checkGemm(t *testing.T, tc gemmCase, a, b, c0, c gemmMat) {
	t.Helper()
	const u = 1.0 / (1 << 24)
	// op(A) row by row and op(B) column by column, in float64.
	opA := make([]float64, tc.m*tc.k)
	opBT := make([]float64, tc.n*tc.k)
	for p := 0; p < tc.k; p++ {
		for i := 0; i < tc.m; i++ {
			opA[i*tc.k+p] = float64(a.opAt(tc.transA, i, p))
		}
		for j := 0; j < tc.n; j++ {
			opBT[j*tc.k+p] = float64(b.opAt(tc.transB, p, j))
		}
	}
	for idx := range c.buf {
		pos := idx - c.off
		i, j := 0, -1
		if pos >= 0 {
			i, j = pos/c.ld, pos%c.ld
		}
		if pos < 0 || i >= tc.m || j >= tc.n {
			if math.Float32bits(c.buf[idx]) != math.Float32bits(c0.buf[idx]) {
				t.Fatalf("%v: C padding at buf[%d] changed to %v", tc, idx, c.buf[idx])
			}
			continue
		}
		var sum, mag float64
		if tc.alpha != 0 {
			ar, br := opA[i*tc.k:(i+1)*tc.k], opBT[j*tc.k:(j+1)*tc.k]
			for p, av := range ar {
				prod := av * br[p]
				sum += prod
				mag += math.Abs(prod)
			}
		}
		want := float64(tc.alpha) * sum
		mag *= math.Abs(float64(tc.alpha))
		if tc.beta != 0 {
			cv := float64(c0.at(i, j))
			want += float64(tc.beta) * cv
			mag += math.Abs(float64(tc.beta) * cv)
		}
		got := float64(c.at(i, j))
		tol := float64(tc.k+4) * 2 * u * mag
		if math.IsNaN(got) || math.Abs(got-want) > tol {
			t.Fatalf("%v: C[%d][%d] = %v, want %v (tolerance %.3g)", tc, i, j, got, want, tol)
		}
	}
}

// runGemmCase runs tc through call and checks it.
func runGemmCase(t *testing.T, rng *rand.Rand, tc gemmCase, call func(x *gemmArgs)) {
	t.Helper()
	a, b, c := gemmInputs(rng, tc)
	c0 := gemmMat{buf: append([]float32(nil), c.buf...), off: c.off, rows: c.rows, cols: c.cols, ld: c.ld}
	call(&gemmArgs{transA: tc.transA, transB: tc.transB, m: tc.m, n: tc.n, k: tc.k, alpha: tc.alpha, beta: tc.beta,
		a: a.slice(), b: b.slice(), c: c.slice(), lda: a.ld, ldb: b.ld, ldc: c.ld})
	checkGemm(t, tc, a, b, c0, c)
}

// viaSgemmThreads calls the public entry point, with the active level.
func viaSgemmThreads(threads int) func(x *gemmArgs) {
	return func(x *gemmArgs) {
		SgemmThreads(threads, x.transA, x.transB, x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc)
	}
}

// viaImpl runs the blocked driver of one implementation directly, so every
// registered micro-kernel is tested whatever level is active.
func viaImpl(g *gemmImpl, threads int) func(x *gemmArgs) {
	return func(x *gemmArgs) { sgemmWith(g, threads, x) }
}

// gemmImplsUnderTest is every SGEMM implementation this CPU can run.
func gemmImplsUnderTest() []*gemmImpl {
	var gs []*gemmImpl
	for _, t := range tables {
		if t != nil {
			gs = append(gs, t.gemm)
		}
	}
	return gs
}

var (
	gemmAlphas = []float32{1, 0, -0.75, 2.5}
	gemmBetas  = []float32{0, 1, 0.5, -1.25}
)

// variedGemmCase is case iter of a sweep over shapes: alpha, beta, C's
// padding and the operands' offset taken in turn from their lists (alpha
// and beta at different paces), so a sweep meets their combinations
// without multiplying its cases.
func variedGemmCase(iter int, transA, transB bool, m, n, k int) gemmCase {
	return gemmCase{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: gemmAlphas[iter%len(gemmAlphas)], beta: gemmBetas[iter/3%len(gemmBetas)],
		pad: iter % 3, off: iter % 2}
}

// TestSgemmSmallExhaustive covers every transA/transB and every m, n, k up
// to a small bound, cycling through alpha, beta, padding and offsets.
func TestSgemmSmallExhaustive(t *testing.T) {
	limit := 16
	if testing.Short() {
		limit = 9
	}
	for _, g := range gemmImplsUnderTest() {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(g.level)))
			iter := 0
			for _, ta := range []bool{false, true} {
				for _, tb := range []bool{false, true} {
					for m := 0; m <= limit; m++ {
						for n := 0; n <= limit; n++ {
							for k := 0; k <= limit; k++ {
								iter++
								tc := gemmCase{transA: ta, transB: tb, m: m, n: n, k: k,
									alpha: gemmAlphas[iter%len(gemmAlphas)], beta: gemmBetas[(iter/4)%len(gemmBetas)],
									pad: iter % 3 * 2, off: iter % 5}
								runGemmCase(t, rng, tc, viaImpl(g, 1))
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmTileEdges sweeps m and n over 0..70 (every edge-tile shape of
// every kernel) with k cycling over depths that cross the kc block.
func TestSgemmTileEdges(t *testing.T) {
	limit, step := 70, 1
	if testing.Short() {
		limit, step = 40, 3
	}
	for _, g := range gemmImplsUnderTest() {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, uint64(g.level)))
			// The last depth takes two slices of k (a slice may stretch to
			// 9/8 of kc, see gemmDepthBlock).
			ks := []int{1, 3, 17, 70, g.kc*9/8 + 5}
			iter := 0
			for m := 0; m <= limit; m += step {
				for n := 0; n <= limit; n += step {
					iter++
					tc := gemmCase{transA: iter%2 == 1, transB: iter/2%2 == 1, m: m, n: n, k: ks[iter%len(ks)],
						alpha: gemmAlphas[iter/3%len(gemmAlphas)], beta: gemmBetas[iter/5%len(gemmBetas)],
						pad: iter % 4, off: iter % 3}
					runGemmCase(t, rng, tc, viaImpl(g, 1))
				}
			}
		})
	}
}

// TestSgemmLarge runs random shapes up to 1000 that span several kc, mc
// and nc blocks, on all threads.
func TestSgemmLarge(t *testing.T) {
	count, maxDim := 5, 1000
	if testing.Short() {
		count, maxDim = 3, 200
	}
	for _, g := range gemmImplsUnderTest() {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, uint64(g.level)))
			maxDim := maxDim
			if g.level == Generic {
				maxDim = maxDim * 3 / 5 // the pure-Go kernel is slow; its paths are the same
			}
			for i := 0; i < count; i++ {
				tc := gemmCase{transA: i%2 == 1, transB: i/2%2 == 1,
					m: 1 + rng.IntN(maxDim), n: 1 + rng.IntN(maxDim), k: 1 + rng.IntN(maxDim),
					alpha: gemmAlphas[i%len(gemmAlphas)], beta: gemmBetas[(i+1)%len(gemmBetas)],
					pad: rng.IntN(9), off: rng.IntN(4)}
				if tc.alpha == 0 {
					tc.alpha = 0.5
				}
				runGemmCase(t, rng, tc, viaImpl(g, 0))
			}
		})
	}
}

// TestSgemmLevels runs the public Sgemm at every available level.
func TestSgemmLevels(t *testing.T) {
	prev := Active()
	defer func() { require.NoError(t, SetLevel(prev)) }()
	rng := rand.New(rand.NewPCG(4, 4))
	for _, l := range Available() {
		require.NoError(t, SetLevel(l))
		for i, tc := range []gemmCase{
			{m: 37, n: 45, k: 29, alpha: 1, beta: 0, pad: 3, off: 1},
			{transA: true, m: 64, n: 64, k: 300, alpha: -0.5, beta: 1.5},
			{transB: true, m: 5, n: 130, k: 9, alpha: 2, beta: 0, pad: 1, off: 3},
			{transA: true, transB: true, m: 100, n: 3, k: 50, alpha: 1, beta: -1, pad: 2},
		} {
			t.Run(fmt.Sprintf("%v/%d", l, i), func(t *testing.T) { runGemmCase(t, rng, tc, viaSgemmThreads(0)) })
		}
	}
}

func TestSgemmBadArguments(t *testing.T) {
	// 5·huge wraps around an int to 4; half the rows of 4·rows.
	const huge, half = (1<<strconv.IntSize + 4) / 5, 1 << (strconv.IntSize - 2)
	a := make([]float32, 12)
	b := make([]float32, 12)
	c := make([]float32, 12)
	for _, tc := range []struct {
		name string
		call func()
		msg  string
	}{
		{"m", func() { Sgemm(false, false, -1, 3, 4, 1, a, 4, b, 3, 0, c, 3) }, "kernels.Sgemm: m < 0 (m = -1)"},
		{"n", func() { Sgemm(false, false, 3, -2, 4, 1, a, 4, b, 3, 0, c, 3) }, "kernels.Sgemm: n < 0 (n = -2)"},
		{"k", func() { Sgemm(false, false, 3, 3, -3, 1, a, 4, b, 3, 0, c, 3) }, "kernels.Sgemm: k < 0 (k = -3)"},
		{"lda", func() { Sgemm(false, false, 3, 3, 4, 1, a, 3, b, 3, 0, c, 3) }, "kernels.Sgemm: lda = 3, want at least 4"},
		{"lda trans", func() { Sgemm(true, false, 3, 3, 4, 1, a, 2, b, 3, 0, c, 3) }, "kernels.Sgemm: lda = 2, want at least 3"},
		{"ldb", func() { Sgemm(false, false, 3, 3, 4, 1, a, 4, b, 2, 0, c, 3) }, "kernels.Sgemm: ldb = 2, want at least 3"},
		{"ldb trans", func() { Sgemm(false, true, 3, 3, 4, 1, a, 4, b, 3, 0, c, 3) }, "kernels.Sgemm: ldb = 3, want at least 4"},
		{"ldc", func() { Sgemm(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c, 2) }, "kernels.Sgemm: ldc = 2, want at least 3"},
		{"len a", func() { Sgemm(false, false, 3, 3, 4, 1, a[:11], 4, b, 3, 0, c, 3) }, "kernels.Sgemm: len(a) = 11, want at least 12"},
		{"len b", func() { Sgemm(false, false, 3, 3, 4, 1, a, 4, b[:11], 3, 0, c, 3) }, "kernels.Sgemm: len(b) = 11, want at least 12"},
		{"len c", func() { Sgemm(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c[:8], 3) }, "kernels.Sgemm: len(c) = 8, want at least 9"},
		{"len c threads", func() { SgemmThreads(3, false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c[:8], 3) }, "kernels.SgemmThreads: len(c) = 8, want at least 9"},
		// With k = 0 the lengths are still those gonum's BLAS requires,
		// (rows-1)·ld + cols, for the operands with rows: an m×0 A and an
		// n×0 B (transB).
		{"len a k=0", func() { Sgemm(false, false, 3, 3, 0, 1, a[:7], 4, b, 3, 0, c, 3) }, "kernels.Sgemm: len(a) = 7, want at least 8"},
		{"len b k=0", func() { Sgemm(true, true, 3, 3, 0, 1, nil, 3, b[:3], 2, 0, c, 3) }, "kernels.Sgemm: len(b) = 3, want at least 4"},
		{"lda threads", func() { SgemmThreads(2, true, false, 3, 3, 4, 1, a, 2, b, 3, 0, c, 3) }, "kernels.SgemmThreads: lda = 2, want at least 3"},
		{"k threads", func() { SgemmThreads(1, false, false, 3, 3, -3, 1, a, 4, b, 3, 0, c, 3) }, "kernels.SgemmThreads: k < 0 (k = -3)"},
		// Leading dimensions or sizes whose (rows-1)·ld + cols wraps around
		// an int must fail the length check, not pass it with a short slice
		// (the assembly would then step to a wild address). 5·huge wraps to 4.
		{"ldc overflow", func() { Sgemm(false, false, 6, 2, 2, 1, a, 2, b, 2, 0, c, huge) },
			fmt.Sprintf("kernels.Sgemm: len(c) = 12 is too short: 6 rows %d apart overflow an int", huge)},
		{"lda overflow", func() { Sgemm(false, false, 6, 3, 2, 1, a, huge, b, 3, 0, c, 3) },
			fmt.Sprintf("kernels.Sgemm: len(a) = 12 is too short: 6 rows %d apart overflow an int", huge)},
		{"ldb overflow", func() { Sgemm(false, false, 2, 3, 6, 1, a, 6, b, huge, 0, c, 3) },
			fmt.Sprintf("kernels.Sgemm: len(b) = 12 is too short: 6 rows %d apart overflow an int", huge)},
		{"m overflow", func() { Sgemm(false, false, half, 4, 4, 1, nil, 4, b, 4, 0, nil, 4) },
			fmt.Sprintf("kernels.Sgemm: len(a) = 0 is too short: %d rows 4 apart overflow an int", half)},
	} {
		t.Run(tc.name, func(t *testing.T) { require.PanicsWithValue(t, tc.msg, tc.call) })
	}
}

// TestSgemmAlphaZeroDoesNotReadAB: with alpha = 0 (or k = 0) A and B are
// not read, so NaN there must not reach C, and C = beta*C.
func TestSgemmAlphaZeroDoesNotReadAB(t *testing.T) {
	nan := float32(math.NaN())
	a := []float32{nan, nan, nan, nan}
	b := []float32{nan, nan, nan, nan}
	c := []float32{1, 2, 3, 4}
	Sgemm(false, false, 2, 2, 2, 0, a, 2, b, 2, 3, c, 2)
	require.Equal(t, []float32{3, 6, 9, 12}, c)
	c = []float32{nan, 1, 2, nan}
	Sgemm(true, true, 2, 2, 2, 0, a, 2, b, 2, 0, c, 2)
	require.Equal(t, []float32{0, 0, 0, 0}, c)
	c = []float32{1, 2, 3, 4}
	// k = 0: a 2×0 A spans one stride, here a NaN that must not be read.
	Sgemm(false, false, 2, 2, 0, 1, a[:1], 1, nil, 2, 0.5, c, 2)
	require.Equal(t, []float32{0.5, 1, 1.5, 2}, c) // The lengths are checked even when alpha is 0, as documented.
	require.PanicsWithValue(t, "kernels.Sgemm: len(a) = 0, want at least 4", func() {
		Sgemm(false, false, 2, 2, 2, 0, nil, 2, b, 2, 1, c, 2)
	})
	require.PanicsWithValue(t, "kernels.Sgemm: len(b) = 3, want at least 4", func() {
		Sgemm(false, false, 2, 2, 2, 0, a, 2, b[:3], 2, 1, c, 2)
	})
}

// gemmFor returns the SGEMM implementation of level l, which must be
// available (registered).
func gemmFor(l Level) *gemmImpl { return tables[l].gemm }
