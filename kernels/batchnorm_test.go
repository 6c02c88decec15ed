package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// u53 is float64's unit roundoff.
const u53 = 0x1p-53

// sum64 returns Σ t exactly rounded to float64 for finite terms (Neumaier's
// compensated sum, whose error is below u53·|Σt| + n·u53²·Σ|t|), and
// Σ|t|; NaN and ±Inf as plain float64 additions give them, in any order.
func sum64(terms []float64) (s, abs float64) {
	var c float64
	for _, t := range terms {
		abs += math.Abs(t)
		u := s + t
		if math.Abs(s) >= math.Abs(t) {
			c += (s - u) + t
		} else {
			c += (t - u) + s
		}
		s = u
	}
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return s, abs
	}
	return s + c, abs
}

// near64 reports whether got is within tol of ref, NaN exactly when ref
// is NaN and the same infinity when ref is infinite.
func near64(got, ref, tol float64) bool {
	switch {
	case math.IsNaN(ref):
		return math.IsNaN(got)
	case math.IsInf(ref, 0):
		return got == ref
	}
	return math.Abs(got-ref) <= tol
}

// Dssum, Dsdot and Dssqdev against a compensated float64 sum of the same
// terms: the terms of Dssum and Dsdot are exact in float64 (a float32
// product has 48 bits), so any order of additions is within
// γ₅₃(n)·Σ|terms|; Dssqdev's terms (x − mu)² carry 3 more roundings each,
// all positive, so its bound is γ₅₃(n+3)·Σ terms. No float32 value, or
// product, or squared difference of two, overflows float64, so ±Inf and
// NaN come from the inputs only. The generic level (pure Go) must agree
// to the same bound.
func TestDsReductions(t *testing.T) {
	g53 := func(n int) float64 { return float64(n) * u53 / (1 - float64(n)*u53) }
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x, y := v[0], v[1]
			fill(rng, x, kind, 3e38)
			fill(rng, y, kind, 3e38)
			n := len(x)
			check := func(name string, got, gen float64, terms []float64, tol func(abs float64) float64) {
				t.Helper()
				ref, abs := sum64(terms)
				if !near64(got, ref, tol(abs)) || !near64(gen, ref, tol(abs)) {
					require.FailNowf(t, name+" mismatch", "level %s, n=%d %s: got %g, generic %g, want %g (tolerance %g)",
						Active(), n, kind, got, gen, ref, tol(abs))
				}
			}
			terms := make([]float64, n)
			for i := range x {
				terms[i] = float64(x[i])
			}
			check("Dssum", Dssum(x), gen.dssum(x), terms, func(abs float64) float64 { return g53(n) * abs })
			for i := range x {
				terms[i] = float64(x[i]) * float64(y[i])
			}
			check("Dsdot", Dsdot(x, y), gen.dsdot(x, y), terms, func(abs float64) float64 { return g53(n) * abs })
			for _, mu := range []float64{0, rng.NormFloat64(), 1e30 * rng.NormFloat64(), mean64(x)} {
				for i := range x {
					d := float64(x[i]) - mu
					terms[i] = d * d
				}
				check("Dssqdev", Dssqdev(x, mu), gen.dssqdev(x, mu), terms, func(abs float64) float64 { return g53(n+3) * abs })
			}
		})
	})
}

// mean64 is the float64 mean of x, 0 when x is empty.
func mean64(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	return s / float64(len(x))
}

// BatchNorm is a fixed sequence of operations: x̂ must be the float32
// rounding of the float64 (x − mean)·scale, y the float32 γ·x̂ rounded
// and then + β rounded, exactly (NaN for NaN), at every level and as the
// generic level gives; y nil writes no y; x̂ may be x.
func TestBatchNorm(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 4, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x, xhat, y, gy := v[0], v[1], v[2], v[3]
			fill(rng, x, kind, 3e38)
			mean := mean64(x)
			if rng.IntN(2) == 0 || math.IsNaN(mean) || math.IsInf(mean, 0) {
				mean = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
			}
			scale := math.Pow(10, 6*rng.Float64()-3)
			gamma, beta := float32(rng.NormFloat64()), float32(rng.NormFloat64())
			if kind == edges && rng.IntN(3) == 0 {
				gamma = float32(math.Inf(1))
			}
			checkX := func(what string, got, x []float32) {
				t.Helper()
				for i := range got {
					if ref := (float64(x[i]) - mean) * scale; !same(got[i], ref) {
						failAt(t, what, i, got[i], ref, 0, describe(i, "x", x))
					}
				}
			}
			for _, affine := range []bool{true, false} {
				fill(rng, xhat, plain, 1)
				fill(rng, y, plain, 1)
				y0 := clone(y)
				var yy, gyy []float32
				if affine {
					yy, gyy = y, gy
				}
				BatchNorm(yy, xhat, x, mean, scale, gamma, beta)
				checkX("BatchNorm xhat", xhat, x)
				gxhat := make([]float32, len(x))
				gen.bnorm(gyy, gxhat, x, mean, scale, gamma, beta)
				for i := range xhat {
					if !sameBits(xhat[i], gxhat[i]) {
						failAt(t, "BatchNorm xhat vs generic", i, xhat[i], float64(gxhat[i]), 0, describe(i, "x", x))
					}
					if !affine {
						if math.Float32bits(y[i]) != math.Float32bits(y0[i]) {
							failAt(t, "BatchNorm without y wrote y", i, y[i], float64(y0[i]), 0, describe(i, "x", x))
						}
						continue
					}
					ref := float64(float32(float64(gamma)*float64(xhat[i]))) + float64(beta)
					if !same(y[i], ref) || !sameBits(y[i], gy[i]) {
						failAt(t, "BatchNorm y", i, y[i], ref, 0, describe(i, "x, xhat", x, xhat))
					}
				}
			}
			x0 := clone(x)
			BatchNorm(nil, x, x, mean, scale, gamma, beta) // in place
			checkX("BatchNorm in place", x, x0)
		})
	})
}

// sameBits reports whether a and b are the same float32, any NaN matching
// any NaN.
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

// BatchNormBackward is a fixed sequence of float64 operations: dx must be
// the float32 rounding of scale·((m·dy − sumDy) − x̂·sumDyXhat) computed
// in float64, exactly, at every level and as the generic level gives; dx
// may be dy.
func TestBatchNormBackward(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 4, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			dx, dy, xhat, gdx := v[0], v[1], v[2], v[3]
			fill(rng, dy, kind, 3e38)
			fill(rng, xhat, kind, 3e38)
			fill(rng, dx, plain, 1)
			m := float64(2 + rng.IntN(1<<20))
			sdy := rng.NormFloat64() * math.Sqrt(m)
			sdyx := rng.NormFloat64() * math.Sqrt(m)
			scale := math.Pow(10, 6*rng.Float64()-3) / m
			ref := func(i int, dy []float32) float64 {
				t := m*float64(dy[i]) - sdy
				return scale * (t - float64(xhat[i])*sdyx)
			}
			BatchNormBackward(dx, dy, xhat, m, sdy, sdyx, scale)
			gen.bndx(gdx, dy, xhat, m, sdy, sdyx, scale)
			for i := range dx {
				if r := ref(i, dy); !same(dx[i], r) || !sameBits(dx[i], gdx[i]) {
					failAt(t, "BatchNormBackward", i, dx[i], r, 0, describe(i, "dy, xhat", dy, xhat))
				}
			}
			dy0, xhat0 := clone(dy), clone(xhat)
			BatchNormBackward(xhat, dy, xhat, m, sdy, sdyx, scale) // dx over xhat
			for i := range xhat {
				if !sameBits(xhat[i], dx[i]) {
					failAt(t, "BatchNormBackward into xhat", i, xhat[i], float64(dx[i]), 0, describe(i, "dy, xhat", dy0, xhat0))
				}
			}
			copy(xhat, xhat0)
			BatchNormBackward(dy, dy, xhat, m, sdy, sdyx, scale) // in place
			for i := range dy {
				if r := ref(i, dy0); !same(dy[i], r) {
					failAt(t, "BatchNormBackward in place", i, dy[i], r, 0, describe(i, "dy, xhat", dy0, xhat))
				}
			}
		})
	})
}

// The length checks panic, naming the argument.
func TestBatchNormKernelLengths(t *testing.T) {
	a, b := make([]float32, 3), make([]float32, 4)
	require.PanicsWithValue(t, lenMessage("Dsdot", "y", 4, 3), func() { Dsdot(a, b) })
	require.PanicsWithValue(t, lenMessage("BatchNorm", "xhat", 4, 3), func() { BatchNorm(nil, b, a, 0, 1, 1, 0) })
	require.PanicsWithValue(t, lenMessage("BatchNorm", "y", 4, 3), func() { BatchNorm(b, a, a, 0, 1, 1, 0) })
	require.PanicsWithValue(t, lenMessage("BatchNormBackward", "dy", 4, 3), func() { BatchNormBackward(a, b, a, 2, 0, 0, 1) })
	require.PanicsWithValue(t, lenMessage("BatchNormBackward", "xhat", 4, 3), func() { BatchNormBackward(a, a, b, 2, 0, 0, 1) })
}
