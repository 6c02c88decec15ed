package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The generic level must give the same bits on every architecture, but Go
// lets a compiler fuse a*b+c into one FMA (it does on arm64, riscv64,
// s390x, ppc64le, loong64 and amd64 with GOAMD64=v3), which rounds once
// where a*b then +c rounds twice. These references compute every
// operation of the generic kernels correctly rounded on its own, through
// float64 (the product of two float32 values is exact there, so nothing a
// compiler fuses can change it; a sum or quotient rounded to float64 and
// then to float32 is the correctly rounded float32 one), and the kernels
// must match them bit for bit. On amd64 with GOAMD64=v1 nothing is fused
// and they pass trivially; built for arm64 (make test-arm64) or with
// GOAMD64=v3 they catch a product left to fusion.

func mul32(a, b float32) float32 { return float32(float64(a) * float64(b)) }
func add32(a, b float32) float32 { return float32(float64(a) + float64(b)) }
func sub32(a, b float32) float32 { return float32(float64(a) - float64(b)) }
func div32(a, b float32) float32 { return float32(float64(a) / float64(b)) }

// mul64 is a float64 product rounded to float64: a function result that is
// not inlined is a rounded value.
//
//go:noinline
func mul64(a, b float64) float64 { return a * b }

// unfusedInputs returns n values drawn from a normal distribution scaled
// by a power of ten from 1e-3 to 1e3, so that sums mix magnitudes and
// fusion changes many results.
func unfusedInputs(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3)))
	}
	return x
}

func requireBits32(t *testing.T, want, got []float32, what string) {
	t.Helper()
	require.Equal(t, len(want), len(got), what)
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Errorf("%s: element %d of %d is %v (%#08x), want %v (%#08x)", what, i, len(got), got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
			return
		}
	}
}

func requireBits64(t *testing.T, want, got float64, what string) {
	t.Helper()
	if math.Float64bits(want) != math.Float64bits(got) {
		t.Errorf("%s is %v, want %v", what, got, want)
	}
}

// partial returns the partial sum (of four) that the generic reductions
// add element i of n to: i mod 4, and the first for the last n mod 4.
func partial(i, n int) int {
	if i >= n&^3 {
		return 0
	}
	return i % 4
}

// dot32 is sdotGo's order: four partial sums added as (s0 + s1) + (s2 + s3).
func dot32(x, y []float32) float32 {
	var s [4]float32
	for i := range x {
		k := partial(i, len(x))
		s[k] = add32(s[k], mul32(x[i], y[i]))
	}
	return add32(add32(s[0], s[1]), add32(s[2], s[3]))
}

func TestGenericUnfusedBLAS1(t *testing.T) {
	rng := newRand(t)
	for _, n := range []int{0, 1, 3, 4, 5, 7, 64, 1001} {
		x, y := unfusedInputs(rng, n), unfusedInputs(rng, n)
		a, b := float32(rng.NormFloat64()), float32(rng.NormFloat64())

		got, want := clone(y), clone(y)
		saxpyGo(a, x, got)
		for i := range want {
			want[i] = add32(want[i], mul32(a, x[i]))
		}
		requireBits32(t, want, got, "saxpy")

		got, want = clone(y), clone(y)
		saxpbyGo(a, x, b, got)
		for i := range want {
			want[i] = add32(mul32(a, x[i]), mul32(b, want[i]))
		}
		requireBits32(t, want, got, "saxpby")

		requireBits32(t, []float32{dot32(x, y)}, []float32{sdotGo(x, y)}, "sdot")
		requireBits32(t, []float32{dot32(x, x)}, []float32{sumsqGo(x)}, "sumsq")
	}
}

func TestGenericUnfusedGemm(t *testing.T) {
	rng := newRand(t)
	for _, kc := range []int{1, 2, 7, 64} {
		a, b := unfusedInputs(rng, 4*kc), unfusedInputs(rng, 4*kc)
		const ldc = 6
		for _, beta := range []float32{0, 1, -0.7} {
			alpha := float32(1.3)
			c := unfusedInputs(rng, 3*ldc+4)
			got, want := clone(c), clone(c)
			gemmMicroGo(kc, a, b, got, ldc, alpha, beta)
			for i := range 4 {
				for j := range 4 {
					var s float32
					for p := range kc {
						s = add32(s, mul32(a[p*4+i], b[p*4+j]))
					}
					at := i*ldc + j
					if beta == 0 {
						want[at] = mul32(alpha, s)
					} else {
						want[at] = add32(mul32(alpha, s), mul32(beta, want[at]))
					}
				}
			}
			requireBits32(t, want, got, "gemmMicroGo")

			src := unfusedInputs(rng, 13)
			got, want = unfusedInputs(rng, 13), nil
			want = clone(got)
			gemmWriteBack(got, src, beta)
			for j := range want {
				want[j] = add32(src[j], mul32(beta, want[j]))
			}
			if beta == 0 {
				want = clone(src)
			}
			requireBits32(t, want, got, "gemmWriteBack")
		}
	}
}

func TestGenericUnfusedSgemv(t *testing.T) {
	rng := newRand(t)
	g := genericGemm()
	for _, mn := range [][2]int{{1, 1}, {4, 9}, {7, 33}, {13, 100}} {
		m, n := mn[0], mn[1]
		a := unfusedInputs(rng, m*n)
		alpha, beta := float32(0.9), float32(-1.1)

		// y = alpha·A·x + beta·y.
		x, y := unfusedInputs(rng, n), unfusedInputs(rng, m)
		got, want := clone(y), clone(y)
		var d [4]float32
		sgemvN(g, &d, m, n, alpha, a, n, x, beta, got)
		for i := range want {
			want[i] = add32(mul32(alpha, dot32(a[i*n:(i+1)*n], x)), mul32(beta, want[i]))
		}
		requireBits32(t, want, got, "sgemvN")

		// y = alpha·Aᵀ·x + beta·y: y scaled by beta, then four rows of A a
		// pass, y[j] += c0·a0[j] + c1·a1[j] + c2·a2[j] + c3·a3[j] added
		// left to right, and saxpy for the last rows.
		x, y = unfusedInputs(rng, m), unfusedInputs(rng, n)
		got, want = clone(y), clone(y)
		var coef [4]float32
		sgemvT(g, &coef, m, n, alpha, a, n, x, beta, got)
		for j := range want {
			want[j] = mul32(beta, want[j])
		}
		i := 0
		for ; i+4 <= m; i += 4 {
			for j := range want {
				s := mul32(mul32(alpha, x[i]), a[i*n+j])
				for r := 1; r < 4; r++ {
					s = add32(s, mul32(mul32(alpha, x[i+r]), a[(i+r)*n+j]))
				}
				want[j] = add32(want[j], s)
			}
		}
		for ; i < m; i++ {
			for j := range want {
				want[j] = add32(want[j], mul32(mul32(alpha, x[i]), a[i*n+j]))
			}
		}
		requireBits32(t, want, got, "sgemvT")
	}
}

func TestGenericUnfusedOptim(t *testing.T) {
	rng := newRand(t)
	const n = 257
	for _, p := range []sgdArgs{
		{lr: 0.1, wd: 0.01},
		{lr: 0.1, wd: 0.01, mu: 0.9, first: true},
		{lr: 0.1, wd: 0.01, mu: 0.9, damp: 0.1},
		{lr: 0.05, wd: 0.001, mu: 0.8, nesterov: true},
	} {
		w, g, buf := unfusedInputs(rng, n), unfusedInputs(rng, n), unfusedInputs(rng, n)
		gw, gbuf := clone(w), clone(buf)
		sgdGo(gw, g, gbuf, p)
		for i := range w {
			d := add32(g[i], mul32(p.wd, w[i]))
			if p.mu != 0 {
				if p.first {
					buf[i] = FlushSubnormal(d)
				} else {
					buf[i] = FlushSubnormal(add32(mul32(p.mu, buf[i]), mul32(sub32(1, p.damp), d)))
				}
				if p.nesterov {
					d = add32(d, mul32(p.mu, buf[i]))
				} else {
					d = buf[i]
				}
			}
			w[i] = sub32(w[i], mul32(p.lr, d))
		}
		requireBits32(t, w, gw, "sgd w")
		requireBits32(t, buf, gbuf, "sgd buf")
	}
	for _, p := range []adamArgs{
		{b1: 0.9, b2: 0.999, eps: 1e-8, stepSize: 0.0137, invBC2: 1.77, decay: 1, l2: 0.01},
		{b1: 0.8, b2: 0.99, eps: 1e-6, stepSize: 0.002, invBC2: 1.01, decay: 0.9993},
	} {
		w, g, m := unfusedInputs(rng, n), unfusedInputs(rng, n), unfusedInputs(rng, n)
		v := unfusedInputs(rng, n)
		for i := range v {
			v[i] *= v[i]
		}
		gw, gm, gv := clone(w), clone(m), clone(v)
		adamGo(gw, g, gm, gv, p)
		for i := range w {
			gi := add32(g[i], mul32(p.l2, w[i]))
			m[i] = FlushSubnormal(add32(mul32(p.b1, m[i]), mul32(sub32(1, p.b1), gi)))
			v[i] = FlushSubnormal(add32(mul32(p.b2, v[i]), mul32(mul32(sub32(1, p.b2), gi), gi)))
			denom := add32(mul32(float32(math.Sqrt(float64(v[i]))), p.invBC2), p.eps)
			w[i] = sub32(mul32(w[i], p.decay), div32(mul32(p.stepSize, m[i]), denom))
		}
		requireBits32(t, w, gw, "adam w")
		requireBits32(t, m, gm, "adam m")
		requireBits32(t, v, gv, "adam v")
	}
}

func TestGenericUnfusedBatchNorm(t *testing.T) {
	rng := newRand(t)
	for _, n := range []int{1, 4, 7, 100, 301, 1000} {
		// Values of one magnitude around a mean far from 0, as a batch's
		// activations: their squared deviations add up in comparable steps.
		x, y := make([]float32, n), unfusedInputs(rng, n)
		for i := range x {
			x[i] = float32(3 + rng.NormFloat64())
		}
		mu := 3 + 0.1*rng.NormFloat64()
		var s [4]float64
		for i, v := range x {
			d := float64(v) - mu
			s[partial(i, n)] += mul64(d, d)
		}
		requireBits64(t, (s[0]+s[1])+(s[2]+s[3]), dssqdevGo(x, mu), "dssqdev")

		s = [4]float64{}
		for i, v := range x {
			s[partial(i, n)] += float64(v) * float64(y[i]) // exact: nothing to fuse
		}
		requireBits64(t, (s[0]+s[1])+(s[2]+s[3]), dsdotGo(x, y), "dsdot")

		scale, gamma, beta := 1/(1.5+rng.Float64()), float32(1.2), float32(-0.3)
		xhat, out := make([]float32, n), make([]float32, n)
		normalizeGo(out, xhat, x, mu, scale, gamma, beta)
		wantHat, wantOut := make([]float32, n), make([]float32, n)
		for i, v := range x {
			wantHat[i] = float32(mul64(float64(v)-mu, scale))
			wantOut[i] = add32(mul32(gamma, wantHat[i]), beta)
		}
		requireBits32(t, wantHat, xhat, "BatchNorm xhat")
		requireBits32(t, wantOut, out, "BatchNorm y")

		dy := unfusedInputs(rng, n)
		m, sumDy, sumDyXhat := float64(n), 10*rng.NormFloat64(), 10*rng.NormFloat64()
		dx := make([]float32, n)
		normalizeBackwardGo(dx, dy, xhat, m, sumDy, sumDyXhat, scale)
		want := make([]float32, n)
		for i, v := range dy {
			t := mul64(m, float64(v)) - sumDy
			want[i] = float32(mul64(scale, t-mul64(float64(xhat[i]), sumDyXhat)))
		}
		requireBits32(t, want, dx, "BatchNormBackward")
	}
}
