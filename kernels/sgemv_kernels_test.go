package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemvKernels checks every level's Sgemv kernels (dot4 and axpy4)
// directly against a float64 reference for every row length 1..70 (all
// the tails of 8-, 16- and 32-wide loops), with and without padding
// between rows, with A, x and y each ending right before a guard page (so
// a read past them faults), and with NaN and ±Inf in the inputs, where
// the result must be NaN, or the same infinity, exactly when the
// reference is.
func TestGemvKernels(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, g := range gemmImplsUnderTest() {
		rng := rand.New(rand.NewPCG(11, uint64(g.level)))
		for n := 1; n <= 70; n++ { // callers never pass n = 0
			for _, pad := range []int{0, 3} {
				for _, special := range []bool{false, true} {
					name := fmt.Sprintf("%s n=%d pad=%d special=%v", g.level, n, pad, special)
					lda := n + pad
					a, freeA := guardedSlice(3*lda + n)
					v, freeV := guardedSlice(n)
					for _, s := range [][]float32{a, v} {
						for i := range s {
							s[i] = float32(rng.NormFloat64())
							if special && rng.IntN(30) == 0 {
								s[i] = specials[rng.IntN(len(specials))]
							}
						}
					}
					var d [4]float32
					g.dot4(n, a, lda, v, &d)
					coef := [4]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64()), 0.5, -2}
					y0 := append([]float32(nil), v...)
					g.axpy4(n, a, lda, &coef, v)
					for r := range 4 {
						var sum, mag float64
						for j := 0; j < n; j++ {
							p := float64(a[r*lda+j]) * float64(y0[j])
							sum += p
							mag += math.Abs(p)
						}
						checkGemvValue(t, name+fmt.Sprintf(" dot4 row %d", r), d[r], sum, mag, n)
					}
					for j := 0; j < n; j++ {
						sum, mag := float64(y0[j]), math.Abs(float64(y0[j]))
						for r := range 4 {
							p := float64(coef[r]) * float64(a[r*lda+j])
							sum += p
							mag += math.Abs(p)
						}
						checkGemvValue(t, name+fmt.Sprintf(" axpy4 y[%d]", j), v[j], sum, mag, 5)
					}
					freeA()
					freeV()
				}
			}
		}
	}
}

// checkGemvValue fails t unless got is within Higham's bound for a sum of
// terms products (2·γ(terms+1)·mag, mag the sum of their magnitudes), or,
// when want is NaN or infinite, NaN or the same infinity.
func checkGemvValue(t *testing.T, name string, got float32, want, mag float64, terms int) {
	t.Helper()
	switch {
	case math.IsNaN(want):
		if !isNaN32(got) {
			t.Fatalf("%s: got %v, want NaN", name, got)
		}
	case math.IsInf(want, 0):
		if float64(got) != want {
			t.Fatalf("%s: got %v, want %v", name, got, want)
		}
	default:
		if tol := 2*gamma(terms+1)*mag + 4*tiny; isNaN32(got) || math.Abs(float64(got)-want) > tol {
			t.Fatalf("%s: got %v, want %v (tolerance %g)", name, got, want, tol)
		}
	}
}

// TestGemvTKernel checks the levels' whole-matrix gemvT kernels (y +=
// alpha·Aᵀx) as TestGemvKernels checks dot4 and axpy4: every width 1..70
// (each block and mask of a 64-column kernel), 1 to 9 rows and one count
// past a call's row limit, guard pages after A, x and y, NaN and ±Inf.
func TestGemvTKernel(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, g := range gemmImplsUnderTest() {
		if g.gemvT == nil {
			t.Logf("%s: no gemvT kernel", g.level)
			continue
		}
		rng := rand.New(rand.NewPCG(12, uint64(g.level)))
		for _, m := range []int{1, 2, 3, 4, 5, 9, 1100} {
			for n := 1; n <= 70; n++ {
				for _, special := range []bool{false, true} {
					name := fmt.Sprintf("%s m=%d n=%d special=%v", g.level, m, n, special)
					lda := n + m%3
					a, freeA := guardedSlice((m-1)*lda + n)
					x, freeX := guardedSlice(m)
					y, freeY := guardedSlice(n)
					for _, s := range [][]float32{a, x, y} {
						for i := range s {
							s[i] = float32(rng.NormFloat64())
							if special && rng.IntN(3*m*n) == 0 {
								s[i] = specials[rng.IntN(len(specials))]
							}
						}
					}
					alpha := float32(-0.75)
					y0 := append([]float32(nil), y...)
					g.gemvT(m, n, alpha, a, lda, x, y)
					for j := 0; j < n; j++ {
						sum, mag := float64(y0[j]), math.Abs(float64(y0[j]))
						for i := 0; i < m; i++ {
							p := float64(alpha*x[i]) * float64(a[i*lda+j])
							sum += p
							mag += math.Abs(p)
						}
						checkGemvValue(t, name+fmt.Sprintf(" y[%d]", j), y[j], sum, mag, m+1)
					}
					freeA()
					freeX()
					freeY()
				}
			}
		}
	}
}

// TestGemvNKernel checks the levels' whole-matrix gemvN kernels (y =
// alpha·A·x + beta·y) as TestGemvTKernel checks gemvT: 1 to 9 rows (every
// size of a last group of four) and a count past a call's row limit,
// every width 1..70, guard pages after A, x and y, NaN and ±Inf, and
// beta = 0 with NaN in y, which must not be read.
func TestGemvNKernel(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, g := range gemmImplsUnderTest() {
		if g.gemvN == nil {
			t.Logf("%s: no gemvN kernel", g.level)
			continue
		}
		rng := rand.New(rand.NewPCG(13, uint64(g.level)))
		for _, m := range []int{1, 2, 3, 4, 5, 6, 7, 9, 1101} {
			for n := 1; n <= 70; n++ {
				for _, special := range []bool{false, true} {
					beta := float32(0)
					if special {
						beta = 1.5
					}
					name := fmt.Sprintf("%s m=%d n=%d special=%v", g.level, m, n, special)
					lda := n + m%3
					a, freeA := guardedSlice((m-1)*lda + n)
					x, freeX := guardedSlice(n)
					y, freeY := guardedSlice(m)
					for _, s := range [][]float32{a, x, y} {
						for i := range s {
							s[i] = float32(rng.NormFloat64())
							if special && rng.IntN(3*m*n) == 0 {
								s[i] = specials[rng.IntN(len(specials))]
							}
						}
					}
					if beta == 0 {
						for i := range y {
							y[i] = float32(math.NaN())
						}
					}
					alpha := float32(-0.75)
					y0 := append([]float32(nil), y...)
					g.gemvN(m, n, alpha, a, lda, x, beta, y)
					for i := 0; i < m; i++ {
						var sum, mag float64
						for j := 0; j < n; j++ {
							p := float64(a[i*lda+j]) * float64(x[j])
							sum += p
							mag += math.Abs(p)
						}
						want, wmag := float64(alpha)*sum, math.Abs(float64(alpha))*mag
						if beta != 0 {
							want += float64(beta) * float64(y0[i])
							wmag += math.Abs(float64(beta) * float64(y0[i]))
						}
						checkGemvValue(t, name+fmt.Sprintf(" y[%d]", i), y[i], want, wmag, n+2)
					}
					freeA()
					freeX()
					freeY()
				}
			}
		}
	}
}
