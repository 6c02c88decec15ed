package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refGemm is C = alpha*op(A)*op(B) + beta*C in float64, straight from the
// definition.
func refGemm(tA, tB bool, m, n, k int, alpha float64, a []float32, lda int, b []float32, ldb int, beta float64, c []float32, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for l := 0; l < k; l++ {
				s += float64(elem(a, lda, tA, i, l)) * float64(elem(b, ldb, tB, l, j))
			}
			v := alpha * s
			if beta != 0 {
				v += beta * float64(c[i*ldc+j])
			}
			out[i*n+j] = v
		}
	}
	return out
}

func nanSlice(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(math.NaN())
	}
	return s
}

func TestNaiveGEMMsMatchFloat64Reference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	impls := map[string]func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int){
		"ijk": NaiveIJK, "ikj": NaiveIKJ,
	}
	sizes := [][3]int{{1, 1, 1}, {3, 5, 7}, {16, 9, 1}, {17, 33, 20}, {40, 1, 31}, {1, 29, 64}}
	for name, f := range impls {
		for _, sz := range sizes {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					for _, ab := range [][2]float32{{1, 0}, {1, 1}, {-0.5, 2.5}, {0, 0.5}} {
						m, n, k := sz[0], sz[1], sz[2]
						alpha, beta := ab[0], ab[1]
						// Leading dimensions wider than needed, padding full of NaN.
						ar, ac := m, k
						if tA {
							ar, ac = k, m
						}
						br, bc := k, n
						if tB {
							br, bc = n, k
						}
						lda, ldb, ldc := ac+3, bc+2, n+5
						a, b, c := nanSlice(ar*lda), nanSlice(br*ldb), nanSlice(m*ldc)
						for r := 0; r < ar; r++ {
							for q := 0; q < ac; q++ {
								a[r*lda+q] = 2*rng.Float32() - 1
							}
						}
						for r := 0; r < br; r++ {
							for q := 0; q < bc; q++ {
								b[r*ldb+q] = 2*rng.Float32() - 1
							}
						}
						if beta != 0 {
							for i := 0; i < m; i++ {
								for j := 0; j < n; j++ {
									c[i*ldc+j] = 2*rng.Float32() - 1
								}
							}
						}
						want := refGemm(tA, tB, m, n, k, float64(alpha), a, lda, b, ldb, float64(beta), c, ldc)
						f(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
						desc := fmt.Sprintf("%s tA=%v tB=%v m=%d n=%d k=%d alpha=%v beta=%v", name, tA, tB, m, n, k, alpha, beta)
						// Float32 accumulation error bound: k terms of size <= 1, plus
						// the scaling by alpha and beta.
						tol := 2 * float64(k+2) * 0x1p-24 * (math.Abs(float64(alpha))*float64(k) + math.Abs(float64(beta)))
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								require.InDelta(t, want[i*n+j], float64(c[i*ldc+j]), tol+1e-30, "%s: C[%d][%d]", desc, i, j)
							}
							for j := n; j < ldc && i*ldc+j < len(c); j++ {
								require.True(t, math.IsNaN(float64(c[i*ldc+j])), "%s: padding C[%d][%d] written", desc, i, j)
							}
						}
					}
				}
			}
		}
	}
}

func TestNaiveBetaZeroIgnoresNaNInC(t *testing.T) {
	a := []float32{1, 2, 3, 4} // 2x2
	b := []float32{5, 6, 7, 8} // 2x2
	for _, f := range []func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int){NaiveIJK, NaiveIKJ} {
		c := nanSlice(4)
		f(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2)
		// [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50]
		require.Equal(t, []float32{19, 22, 43, 50}, c)
	}
}
