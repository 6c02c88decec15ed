package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSgemmNaNInf runs every SGEMM implementation on operands sprinkled
// with NaN and ±Inf, over shapes around every level's tile edges, and
// checks each element of C against the float64 reference: NaN where it is
// NaN, the same infinity where it is infinite, and within the bound of
// checkGemm (over the finite products) elsewhere. NaN·0 and Inf·0 are NaN
// and Inf-Inf is NaN in any order of evaluation, so every level must agree
// on the class of each element; a kernel that dropped or skipped a
// product, or let an edge tile's zero padding leak, would not.
func TestSgemmNaNInf(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0}
	for _, g := range gemmImplsUnderTest() {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(g.level)))
			iter := 0
			var seen [2]int // elements whose reference is NaN, ±Inf
			for _, m := range []int{1, 2, 5, 12, 13, 25, 40} {
				for _, n := range []int{1, 3, 16, 31, 32, 33, 70} {
					for _, k := range []int{1, 9, 300} {
						iter++
						tc := gemmCase{transA: iter%2 == 1, transB: iter/2%2 == 1, m: m, n: n, k: k,
							alpha: gemmAlphas[iter%len(gemmAlphas)], beta: gemmBetas[iter/3%len(gemmBetas)],
							pad: iter % 3, off: iter % 4}
						if tc.alpha == 0 {
							tc.alpha = 1
						}
						a, b, c := gemmInputs(rng, tc)
						for _, mat := range []gemmMat{a, b, c} {
							for i := 0; i < mat.rows; i++ {
								for j := 0; j < mat.cols; j++ {
									if rng.IntN(40) == 0 && (mat.buf[mat.off+i*mat.ld+j] == mat.buf[mat.off+i*mat.ld+j]) {
										mat.buf[mat.off+i*mat.ld+j] = specials[rng.IntN(len(specials))]
									}
								}
							}
						}
						c0 := append([]float32(nil), c.buf...)
						sgemmWith(g, 1, &gemmArgs{transA: tc.transA, transB: tc.transB, m: m, n: n, k: k, alpha: tc.alpha, beta: tc.beta,
							a: a.slice(), b: b.slice(), c: c.slice(), lda: a.ld, ldb: b.ld, ldc: c.ld})
						checkSpecialGemm(t, tc, a, b, c0, c, &seen)
					}
				}
			}
			if seen[0] < 100 || seen[1] < 100 {
				t.Fatalf("only %d NaN and %d infinite results: the test checks too few", seen[0], seen[1])
			}
		})
	}
}

// checkSpecialGemm compares C with the float64 reference element by
// element (see TestSgemmNaNInf); c0 is C's buffer before the call.
// seen counts the elements whose reference is NaN and infinite.
func checkSpecialGemm(t *testing.T, tc gemmCase, a, b gemmMat, c0 []float32, c gemmMat, seen *[2]int) {
	t.Helper()
	const u = 1.0 / (1 << 24)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			var sum, mag float64
			for p := 0; p < tc.k; p++ {
				prod := float64(a.opAt(tc.transA, i, p)) * float64(b.opAt(tc.transB, p, j))
				sum += prod
				if !math.IsInf(prod, 0) && !math.IsNaN(prod) {
					mag += math.Abs(prod)
				}
			}
			want := float64(tc.alpha) * sum
			mag *= math.Abs(float64(tc.alpha))
			if tc.beta != 0 {
				cv := float64(c0[c.off+i*c.ld+j])
				want += float64(tc.beta) * cv
				if !math.IsInf(cv, 0) && !math.IsNaN(cv) {
					mag += math.Abs(float64(tc.beta) * cv)
				}
			}
			got := float64(c.at(i, j))
			tol := float64(tc.k+4) * 2 * u * mag
			ok := math.Abs(got-want) <= tol
			switch {
			case math.IsNaN(want):
				ok = math.IsNaN(got)
				seen[0]++
			case math.IsInf(want, 0):
				ok = got == want
				seen[1]++
			}
			if !ok {
				t.Fatalf("%v: C[%d][%d] = %v, want %v (tolerance %.3g)", tc, i, j, got, want, tol)
			}
		}
	}
	for idx := range c.buf {
		pos := idx - c.off
		if pos >= 0 && pos/c.ld < tc.m && pos%c.ld < tc.n {
			continue
		}
		if math.Float32bits(c.buf[idx]) != math.Float32bits(c0[idx]) {
			t.Fatalf("%v: C padding at buf[%d] changed to %v", tc, idx, c.buf[idx])
		}
	}
}
