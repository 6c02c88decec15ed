package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// scalars returns the scalar arguments tried with a kernel: ordinary ones
// and, for edge-value runs, 0, NaN and the infinities.
func scalars(kind valueKind) []float32 {
	s := []float32{1, -1, 0.5, -3.25, 1e-3, 7e5}
	if kind != plain {
		s = append(s, 0, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)))
	}
	return s
}

// checkReduction verifies one reduction result against its float64
// reference and against the generic level.
func checkReduction(t *testing.T, what string, got, generic float32, ref, tol float64, x []float32) {
	t.Helper()
	if !near(got, ref, tol) {
		failAt(t, what, -1, got, ref, tol, describe(0, "x[0]", x))
	}
	if math.Abs(ref) <= math.MaxFloat32 && !near(got, float64(generic), 2*tol) {
		failAt(t, what+" vs generic", -1, got, float64(generic), 2*tol, describe(0, "x[0]", x))
	}
}

// Sdot: the float32 products round (relative error u each, or underflow by
// at most 2^-150) and the n-1 additions add γ(n-1)·Σ|x·y|, so
// |Sdot - Σx·y| <= γ(n)·Σ|x_i·y_i| + n·2^-149.
func TestSdot(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x, y := v[0], v[1]
			fill(rng, x, kind, 1e17) // 1e17² = 1e34: no product or partial sum overflows
			fill(rng, y, kind, 1e17)
			var ref, mag float64
			for i := range x {
				ref += float64(x[i]) * float64(y[i])
				mag += math.Abs(float64(x[i]) * float64(y[i]))
			}
			tol := gamma(len(x))*mag + float64(len(x))*tiny
			checkReduction(t, "Sdot", Sdot(x, y), gen.sdot(x, y), ref, tol, x)
		})
	})
}

// Sum, Sasum: n-1 additions, |err| <= γ(n)·Σ|x_i|.
func TestSumSasum(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 1, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x := v[0]
			fill(rng, x, kind, 1e30) // 1e30 · 1e5 elements stays finite
			var sum, asum float64
			for _, e := range x {
				sum += float64(e)
				asum += math.Abs(float64(e))
			}
			tol := gamma(len(x)) * asum
			checkReduction(t, "Sum", Sum(x), gen.sum(x), sum, tol, x)
			checkReduction(t, "Sasum", Sasum(x), gen.sasum(x), asum, tol, x)
		})
	})
}

// SumSquares: as Sdot with y = x; squares of 1e30 overflow to +Inf on
// purpose (the sum of non-negative terms then overflows at every level).
func TestSumSquares(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 1, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x := v[0]
			fill(rng, x, kind, 1e30)
			var ref float64
			for _, e := range x {
				ref += float64(e) * float64(e)
			}
			tol := gamma(len(x))*ref + float64(len(x))*tiny
			checkReduction(t, "SumSquares", SumSquares(x), gen.sumsq(x), ref, tol, x)
		})
	})
}

// Saxpy: y + a·x with or without a fused multiply-add; the unfused form has
// |err| <= u·|a·x| + u·|a·x+y| (+2^-150 if a·x underflows), so the bound is
// 2u·(|a·x|+|y|) + 2^-149.
func TestSaxpy(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x, y := v[0], v[1]
			fill(rng, x, kind, 1e30)
			fill(rng, y, kind, 1e30)
			for _, a := range scalars(kind) {
				y0 := clone(y)
				Saxpy(a, x, y)
				gy := clone(y0)
				gen.saxpy(a, x, gy)
				for i := range y {
					ax := float64(a) * float64(x[i])
					ref := float64(y0[i]) + ax
					tol := 2*unit*(math.Abs(ax)+math.Abs(float64(y0[i]))) + tiny
					if !near(y[i], ref, tol) {
						failAt(t, "Saxpy", i, y[i], ref, tol, describe(i, "a, x, y", []float32{a}, x, y0))
					}
					if !near(y[i], float64(gy[i]), 2*tol) {
						failAt(t, "Saxpy vs generic", i, y[i], float64(gy[i]), 2*tol, describe(i, "a, x, y", []float32{a}, x, y0))
					}
				}
				copy(y, y0)
			}
		})
	})
}

// Sscal: one correctly rounded product per element, so exact.
func TestSscal(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 1, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x := v[0]
			fill(rng, x, kind, 1e30)
			for _, a := range scalars(kind) {
				x0 := clone(x)
				Sscal(a, x)
				for i := range x {
					if ref := float64(a) * float64(x0[i]); !same(x[i], ref) {
						failAt(t, "Sscal", i, x[i], ref, 0, describe(i, "x", x0))
					}
				}
				copy(x, x0)
			}
		})
	})
}

// SumSquares64 is SumSquares where that is finite, and finite for any
// finite values where it overflows; NaN and infinities propagate.
func TestSumSquares64(t *testing.T) {
	small := []float32{1, -2, 3.5, 1e-3}
	assert.Equal(t, float64(SumSquares(small)), SumSquares64(small))
	huge := make([]float32, 1000)
	for i := range huge {
		huge[i] = math.MaxFloat32
	}
	want := 1000 * float64(float32(math.MaxFloat32)) * float64(float32(math.MaxFloat32))
	assert.True(t, math.IsInf(float64(SumSquares(huge)), 1))
	assert.InEpsilon(t, want, SumSquares64(huge), 1e-12)
	huge[3] = float32(math.NaN())
	assert.True(t, math.IsNaN(SumSquares64(huge)))
	huge[3] = float32(math.Inf(-1))
	assert.True(t, math.IsInf(SumSquares64(huge), 1))
}
