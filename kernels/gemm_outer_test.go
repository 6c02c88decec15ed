package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// outerImpls is every SGEMM implementation under test with an outer
// kernel; it says which levels had none.
func outerImpls(t *testing.T) []*gemmImpl {
	var gs []*gemmImpl
	for _, g := range gemmImplsUnderTest() {
		if g.outer != nil {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		t.Skip("no level with an outer kernel on this CPU or build (avx512 only)")
	}
	return gs
}

// TestSgemmOuter covers the outer-product route at every row count of a
// block's last vector and of its last block (32 to 130 rows), column
// counts that use groups of 4, 2 and 1 (4 to 16), depths of 1 and odd
// ones, B transposed or not, odd leading dimensions and offsets, beta 0
// with NaN in C and other betas, each operand ending before a guard page.
func TestSgemmOuter(t *testing.T) {
	ns := []int{4, 5, 6, 7, 9, 10, 13, 16}
	ks := []int{1, 3, 67}
	if testing.Short() {
		ns, ks = []int{4, 7, 10, 13}, []int{1, 67}
	}
	for _, g := range outerImpls(t) {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(g.level)))
			iter := 0
			for _, tb := range []bool{false, true} {
				for m := 32; m <= 130; m++ {
					for _, n := range ns {
						for _, k := range ks {
							iter++
							tc := variedGemmCase(iter, true, tb, m, n, k)
							if tc.alpha == 0 {
								tc.alpha = -1.5
							}
							x := gemmArgs{transA: true, transB: tb, m: m, n: n, k: k}
							require.True(t, gemmUseOuter(g, &x), "%v takes the outer route", tc)
							runGemmCase(t, rng, tc, viaGuarded(g))
						}
					}
				}
			}
		})
	}
}

// TestSgemmOuterNonFinite checks that NaN and Inf in A and B reach
// exactly the elements of C they reach in float64 arithmetic: a NaN in
// A's column i fills row i of C, an Inf in B's column j fills column j
// with signed infinities (NaN where they meet the NaN row).
func TestSgemmOuterNonFinite(t *testing.T) {
	const m, n, k = 100, 10, 7
	for _, g := range outerImpls(t) {
		rng := rand.New(rand.NewPCG(12, uint64(g.level)))
		a := randFloats(rng, k*m) // A stored k×m (transposed)
		b := randFloats(rng, k*n)
		a[3*m+70] = float32(math.NaN())
		b[5*n+9] = float32(math.Inf(1))
		a[5*m+20] = 0 // 0·Inf is NaN
		c := make([]float32, m*n)
		x := gemmArgs{transA: true, m: m, n: n, k: k, alpha: 1, a: a, lda: m, b: b, ldb: n, c: c, ldc: n}
		require.True(t, gemmUseOuter(g, &x))
		sgemmWith(g, 1, &x)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var want float64
				for p := 0; p < k; p++ {
					want += float64(a[p*m+i]) * float64(b[p*n+j])
				}
				got := float64(c[i*n+j])
				where := fmt.Sprintf("%s: C[%d][%d] = %v, want %v", g.level, i, j, got, want)
				switch {
				case math.IsNaN(want):
					require.True(t, math.IsNaN(got), where)
				case math.IsInf(want, 0):
					require.Equal(t, want, got, where)
				default:
					require.False(t, math.IsNaN(got) || math.IsInf(got, 0), where)
				}
			}
		}
		require.True(t, math.IsNaN(float64(c[70*n+3])) && math.IsNaN(float64(c[20*n+9])), "the NaN row and 0·Inf reached C")
	}
}

// TestGemmOuterKernel calls the kernel itself for every row count of a
// block and every column group, and checks each element against float64
// and that nothing outside the rows and columns asked for is written.
func TestGemmOuterKernel(t *testing.T) {
	for _, g := range outerImpls(t) {
		rng := rand.New(rand.NewPCG(13, uint64(g.level)))
		for _, cols := range []int{1, 2, 4} {
			for rows := 1; rows <= gemmOuterRows; rows++ {
				for _, k := range []int{1, 2, 5} {
					lda, ldb, ldt := rows+3, cols+1, rows+5
					a := randFloats(rng, (k-1)*lda+rows)
					b := randFloats(rng, (k-1)*ldb+cols)
					tt := make([]float32, cols*ldt)
					for i := range tt {
						tt[i] = padNaN
					}
					const alpha = -0.75
					g.outer(cols, k, a, lda, b, ldb, tt, ldt, rows, alpha)
					for j := 0; j < cols; j++ {
						for i := 0; i < ldt; i++ {
							got := tt[j*ldt+i]
							if i >= rows {
								require.Equal(t, math.Float32bits(padNaN), math.Float32bits(got), "cols %d rows %d k %d: t[%d][%d] written", cols, rows, k, j, i)
								continue
							}
							var want float64
							for p := 0; p < k; p++ {
								want += float64(a[p*lda+i]) * float64(b[p*ldb+j])
							}
							want *= alpha
							require.InDelta(t, want, float64(got), 1e-5*float64(k), "cols %d rows %d k %d: t[%d][%d]", cols, rows, k, j, i)
						}
					}
				}
			}
		}
	}
}

// TestSgemmOuterRoutes pins which products take the outer-product route.
func TestSgemmOuterRoutes(t *testing.T) {
	g := outerImpls(t)[0]
	for _, tc := range []struct {
		transA, transB bool
		m, n, k        int
		want           bool
	}{
		{true, false, 128, 10, 128, true}, // weight gradient xᵀ·dy
		{true, true, 128, 10, 128, true},
		{true, false, 32, 4, 128, true},
		{true, false, 128, 16, 128, true},
		{true, false, 31, 10, 128, false},    // too short: the vectors would run mostly masked
		{true, false, 128, 3, 128, false},    // too narrow
		{true, false, 128, 17, 128, false},   // wide enough for the regular kernel
		{false, false, 128, 10, 128, false},  // A not transposed: the dot route
		{true, false, 20000, 10, 784, false}, // large: the transposed route, in parallel
	} {
		x := gemmArgs{transA: tc.transA, transB: tc.transB, m: tc.m, n: tc.n, k: tc.k}
		require.Equal(t, tc.want, gemmUseOuter(g, &x), "%v%v/%dx%dx%d", tc.transA, tc.transB, tc.m, tc.n, tc.k)
	}
}

// TestSgemmTransposedBesideOuter keeps the transposed route tested on the
// levels whose outer kernel now takes its small products with A
// transposed: the same products, that level without its outer kernel,
// and one large enough for the transposed route on two goroutines.
func TestSgemmTransposedBesideOuter(t *testing.T) {
	for _, g := range outerImpls(t) {
		t.Run(g.level.String(), func(t *testing.T) {
			without := *g
			without.outer = nil
			rng := rand.New(rand.NewPCG(14, uint64(g.level)))
			iter := 0
			for _, tb := range []bool{false, true} {
				for _, m := range []int{64, 65, 100, 130} {
					for _, n := range []int{2, 5, 10, 16} {
						iter++
						tc := gemmCase{transA: true, transB: tb, m: m, n: n, k: 67,
							alpha: -0.75, beta: gemmBetas[iter%len(gemmBetas)], pad: iter % 3, off: iter % 2}
						x := gemmArgs{transA: true, transB: tb, m: m, n: n, k: 67}
						require.True(t, gemmUseTransposed(&without, &x), "%v takes the transposed route without the outer kernel", tc)
						runGemmCase(t, rng, tc, viaGuarded(&without))
					}
				}
			}
			// 20000×10×784 has 313 MFLOP: the transposed route, split.
			tc := gemmCase{transA: true, m: 20000, n: 10, k: 784, alpha: 1}
			x := gemmArgs{transA: true, m: tc.m, n: tc.n, k: tc.k}
			require.False(t, gemmUseOuter(g, &x))
			require.True(t, gemmUseTransposed(g, &x))
			runGemmCase(t, rng, tc, viaImpl(g, 2))
		})
	}
}
