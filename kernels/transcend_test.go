package kernels

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// Accuracy every level must meet, in units of the float32 spacing at the
// exact result (ulp32), over the whole float32 range including subnormal
// results. The generic level goes through float64 and is within 0.5 ulp
// plus the float64 error; the measured maxima of each level are in the
// doc comment of Exp, Sigmoid and Tanh.
const (
	expMaxULP     = 2
	sigmoidMaxULP = 3
	tanhMaxULP    = 4
)

// fillRange writes values for a transcendental test: mostly uniform in
// [lo, hi], some near zero (down to subnormals), and, for edge runs, the
// edge values of fill (NaN, ±Inf, huge, ...).
func fillRange(rng *rand.Rand, x []float32, kind valueKind, lo, hi float64) {
	fill(rng, x, kind, 3e38)
	for i := range x {
		if kind != plain && rng.IntN(4) == 0 {
			continue // keep fill's edge value
		}
		switch rng.IntN(8) {
		case 0:
			x[i] = float32(rng.NormFloat64() * math.Pow(2, -float64(rng.IntN(150))))
		default:
			x[i] = float32(lo + (hi-lo)*rng.Float64())
		}
	}
}

// checkULP checks a unary transcendental kernel against its float64
// reference, elementwise within maxULP, and against the generic level.
func checkULP(t *testing.T, name string, run func(dst, x []float32), genRun func(dst, x []float32),
	ref func(float64) float64, maxULP float64, lo, hi float64) {
	worst := 0.0
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			dst, x := v[0], v[1]
			fillRange(rng, x, kind, lo, hi)
			fill(rng, dst, plain, 1)
			run(dst, x)
			g := make([]float32, len(x))
			genRun(g, x)
			for i := range dst {
				r := ref(float64(x[i]))
				e := ulpErr(dst[i], r)
				worst = max(worst, e)
				if e > maxULP {
					failAt(t, name, i, dst[i], r, maxULP*ulp32(r), describe(i, "x", x))
				}
				if d := ulpErr(dst[i], float64(g[i])); d > maxULP+1 {
					failAt(t, name+" vs generic", i, dst[i], float64(g[i]), (maxULP+1)*ulp32(r), describe(i, "x", x))
				}
			}
		})
		t.Logf("%s: max error %.3g ulp", name, worst)
		worst = 0
	})
}

// Exp: overflow gives +Inf (x > ln(MaxFloat32) ≈ 88.72), underflow 0
// (x < about -103.97, through the subnormals), NaN gives NaN.
func TestExp(t *testing.T) {
	checkULP(t, "Exp", Exp, gen.exp, math.Exp, expMaxULP, -106, 90)
}

// Sigmoid: 1/(1+e^-x), exactly 0 and 1 in saturation, NaN for NaN.
func TestSigmoid(t *testing.T) {
	checkULP(t, "Sigmoid", Sigmoid, gen.sigm, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, sigmoidMaxULP, -110, 40)
}

// Tanh: exactly ±1 in saturation, NaN for NaN.
func TestTanh(t *testing.T) {
	checkULP(t, "Tanh", Tanh, gen.tanh, math.Tanh, tanhMaxULP, -12, 12)
}

// TestTanhSpecialValues checks the values whose tanh is exact bit for bit
// against math.Tanh, at every level and length, each value passing through
// every lane of the vector loops and of the tails: tanh is odd, so ±0 gives
// ±0 (as math.Tanh and torch.tanh do), ±Inf and large ±x give ±1 and NaN
// gives NaN.
func TestTanhSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	specials := []float32{float32(math.Copysign(0, -1)), 0, float32(nan), float32(inf), float32(-inf), 100, -100}
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{edges}, func(t *testing.T, _ *rand.Rand, _ valueKind, v [][]float32) {
			dst, x := v[0], v[1]
			for k := range specials {
				for i := range x {
					x[i] = specials[(i+k)%len(specials)]
				}
				Tanh(dst, x)
				for i := range dst {
					want := float32(math.Tanh(float64(x[i])))
					if isNaN32(want) && isNaN32(dst[i]) || math.Float32bits(dst[i]) == math.Float32bits(want) {
						continue
					}
					failAt(t, "Tanh", i, dst[i], float64(want), 0, describe(i, "x", x))
				}
			}
		})
	})
}

// TestTranscendentalLimits pins the documented special values exactly.
func TestTranscendentalLimits(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	x := []float32{nan, inf, -inf, 89, -104, 0, 200, -200, 88.7, -87}
	eachLevel(t, func(t *testing.T) {
		y := make([]float32, len(x))
		Exp(y, x)
		want := []float32{nan, inf, 0, inf, 0, 1, inf, 0, float32(math.Exp(88.7)), float32(math.Exp(-87))}
		for i := range x {
			if !same(y[i], float64(want[i])) && ulpErr(y[i], math.Exp(float64(x[i]))) > expMaxULP {
				failAt(t, "Exp", i, y[i], float64(want[i]), 0, describe(i, "x", x))
			}
		}
		for i, w := range []float32{nan, inf, 0} {
			if !same(y[i], float64(w)) {
				failAt(t, "Exp", i, y[i], float64(w), 0, describe(i, "x", x))
			}
		}
		Sigmoid(y, x)
		for i, w := range []float32{nan, 1, 0, 1, 0, 0.5, 1, 0} {
			if i == 4 {
				continue // sigmoid(-104) is a small normal number
			}
			if !same(y[i], float64(w)) {
				failAt(t, "Sigmoid", i, y[i], float64(w), 0, describe(i, "x", x))
			}
		}
		Tanh(y, x)
		for i, w := range []float32{nan, 1, -1, 1, -1, 0, 1, -1, 1, -1} {
			if !same(y[i], float64(w)) {
				failAt(t, "Tanh", i, y[i], float64(w), 0, describe(i, "x", x))
			}
		}
	})
}

// TestULPSweep measures the error of Exp, Sigmoid and Tanh at every level
// over evenly spaced float32 bit patterns of both signs up to |x| = 110
// (every 1021st pattern; every 100003rd with -short; every one with
// BRAWN_EXHAUSTIVE=1, which takes minutes) and checks the documented
// bounds. The maxima it logs are the figures quoted in the doc comments.
func TestULPSweep(t *testing.T) {
	stride := uint32(1021)
	if testing.Short() {
		stride = 100003
	}
	if os.Getenv("BRAWN_EXHAUSTIVE") == "1" {
		stride = 1
	}
	const limit = 0x42dc0000 // 110
	funcs := []struct {
		name   string
		run    func(dst, x []float32)
		ref    func(float64) float64
		maxULP float64
	}{
		{"Exp", Exp, math.Exp, expMaxULP},
		{"Sigmoid", Sigmoid, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, sigmoidMaxULP},
		{"Tanh", Tanh, math.Tanh, tanhMaxULP},
	}
	eachLevel(t, func(t *testing.T) {
		x := make([]float32, 0, 4096)
		y := make([]float32, 4096)
		for _, f := range funcs {
			worst, worstX := 0.0, float32(0)
			flush := func() {
				f.run(y[:len(x)], x)
				for i, v := range x {
					if e := ulpErr(y[i], f.ref(float64(v))); e > worst {
						worst, worstX = e, v
					}
				}
				x = x[:0]
			}
			for b := uint32(0); b < limit; b += stride {
				v := math.Float32frombits(b)
				x = append(x, v, -v)
				if len(x) == cap(x) {
					flush()
				}
			}
			flush()
			t.Logf("%s: max error %.3f ulp at x = %g", f.name, worst, worstX)
			if worst > f.maxULP {
				t.Errorf("%s: max error %.3f ulp at x = %g exceeds %g", f.name, worst, worstX, f.maxULP)
			}
		}
	})
}
