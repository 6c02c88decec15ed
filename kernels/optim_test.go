package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// SGDStep against a float64 evaluation of torch.optim.SGD's update. Bound:
// the update is a tree of at most 8 float32 roundings, so |err| <= 8u·A
// (+ subnormal floor), where A is the same formula evaluated on absolute
// values (a running-error bound, Higham §3.1).
func TestSGDStep(t *testing.T) {
	params := []SGDParams{
		{LR: 0.1},
		{LR: 0.05, WeightDecay: 1e-4},
		{LR: 0.1, Momentum: 0.9, First: true},
		{LR: 0.1, Momentum: 0.9, Dampening: 0.1, WeightDecay: 5e-4},
		{LR: 0.01, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-2},
		{LR: 0.01, Momentum: 0.99, Nesterov: true, First: true},
	}
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 3, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			w, g, buf := v[0], v[1], v[2]
			for _, p := range params {
				fill(rng, w, kind, 1e15)
				fill(rng, g, kind, 1e15)
				fill(rng, buf, kind, 1e15)
				w0, buf0 := clone(w), clone(buf)
				SGDStep(w, g, buf, p)
				gw, gbuf := clone(w0), clone(buf0)
				onGeneric(func() { SGDStep(gw, g, gbuf, p) })
				lr, mu, damp, wd := float64(p.LR), float64(p.Momentum), float64(p.Dampening), float64(p.WeightDecay)
				for i := range w {
					wi, gi, bi := float64(w0[i]), float64(g[i]), float64(buf0[i])
					d, dA := gi+wd*wi, math.Abs(gi)+math.Abs(wd*wi)
					if mu != 0 {
						if p.First {
							bi, bA := d, dA
							checkSGDBuf(t, buf, i, bi, bA, w0, g, buf0)
							d, dA = nesterov(p, d, dA, mu, bi, bA)
						} else {
							b := mu*bi + float64(float32(1-damp))*d
							bA := math.Abs(mu*bi) + math.Abs(1-damp)*dA
							checkSGDBuf(t, buf, i, b, bA, w0, g, buf0)
							d, dA = nesterov(p, d, dA, mu, b, bA)
						}
					}
					ref := wi - lr*d
					// plus a flushed buffer's lr·2^-126 (times 1+mu with Nesterov)
					tol := 8*unit*(math.Abs(wi)+math.Abs(lr*dA)) + 4*tiny + 2*lr*0x1p-126
					if !near(w[i], ref, tol) {
						failAt(t, "SGDStep w", i, w[i], ref, tol, describe(i, "w, g, buf", w0, g, buf0))
					}
					if !near(w[i], float64(gw[i]), 2*tol) {
						failAt(t, "SGDStep w vs generic", i, w[i], float64(gw[i]), 2*tol, describe(i, "w, g, buf", w0, g, buf0))
					}
				}
			}
		})
	})
}

// onGeneric runs f with the generic level active, then restores the level.
func onGeneric(f func()) {
	prev := Active()
	_ = SetLevel(Generic)
	defer func() { _ = SetLevel(prev) }()
	f()
}

func nesterov(p SGDParams, d, dA, mu, b, bA float64) (float64, float64) {
	if p.Nesterov {
		return d + mu*b, dA + math.Abs(mu*b)
	}
	return b, bA
}

func checkSGDBuf(t *testing.T, buf []float32, i int, ref, mag float64, w0, g, buf0 []float32) {
	if tol := 5*unit*mag + 2*tiny; !near(buf[i], ref, tol) && !flushed(buf[i], ref, tol) {
		t.Helper() // only here: it is costly and this runs per element
		failAt(t, "SGDStep buf", i, buf[i], ref, tol, describe(i, "w, g, buf", w0, g, buf0))
	}
}

// AdamStep against a float64 evaluation of Kingma & Ba's update with
// PyTorch's bias-correction arrangement, using the same float32 step
// constants AdamStep derives. Bounds: m and v are sums of two rounded
// products (<= 5u and 6u of their absolute-value forms); the update
// stepSize·m/(sqrt(v)·c+eps) inherits m's absolute error divided by the
// denominator, and relative errors of 3u (denominator, with half of v's
// relative error through the square root) and 3u (product and quotient);
// the new weight adds 2u·|w·decay| and u·|w'|; stepSize·m may underflow
// (2^-150, amplified by 1/denominator).
func TestAdamStep(t *testing.T) {
	params := []AdamParams{
		{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 1},
		{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 25, WeightDecay: 1e-2},
		{LR: 3e-4, Beta1: 0.8, Beta2: 0.99, Eps: 1e-6, Step: 1000, WeightDecay: 0.05, Decoupled: true},
	}
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 4, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, s [][]float32) {
			w, g, m, v := s[0], s[1], s[2], s[3]
			for _, p := range params {
				fill(rng, w, kind, 1e15)
				fill(rng, g, kind, 1e15)
				fill(rng, m, kind, 1e15)
				fill(rng, v, kind, 1e15)
				for i := range v {
					v[i] = float32(math.Abs(float64(v[i]))) // a second moment is never negative
				}
				w0, m0, v0 := clone(w), clone(m), clone(v)
				AdamStep(w, g, m, v, p)
				gw, gm, gv := clone(w0), clone(m0), clone(v0)
				onGeneric(func() { AdamStep(gw, g, gm, gv, p) })
				t64 := float64(p.Step)
				stepSize := float64(float32(float64(p.LR) / (1 - math.Pow(float64(p.Beta1), t64))))
				invBC2 := float64(float32(1 / math.Sqrt(1-math.Pow(float64(p.Beta2), t64))))
				decay, l2 := 1.0, float64(p.WeightDecay)
				if p.Decoupled {
					decay, l2 = float64(1-p.LR*p.WeightDecay), 0
				}
				b1, b2, eps := float64(p.Beta1), float64(p.Beta2), float64(p.Eps)
				for i := range w {
					wi := float64(w0[i])
					gi := float64(g[i]) + l2*wi
					gA := math.Abs(float64(g[i])) + math.Abs(l2*wi)
					mr := b1*float64(m0[i]) + float64(float32(1-b1))*gi
					mTol := 5*unit*(b1*math.Abs(float64(m0[i]))+(1-b1)*gA) + 2*tiny
					vr := b2*float64(v0[i]) + float64(float32(1-b2))*gi*gi
					vTol := 6*unit*(b2*float64(v0[i])+(1-b2)*gA*gA) + 2*tiny
					in := func() string { return describe(i, "w, g, m, v", w0, g, m0, v0) }
					if !near(m[i], mr, mTol) && !flushed(m[i], mr, mTol) {
						failAt(t, "AdamStep m", i, m[i], mr, mTol, in())
					}
					if !near(v[i], vr, vTol) && !flushed(v[i], vr, vTol) {
						failAt(t, "AdamStep v", i, v[i], vr, vTol, in())
					}
					denom := math.Sqrt(vr)*invBC2 + eps
					upd := stepSize * mr / denom
					relDen := 3 * unit
					if vr > 0 && !math.IsInf(vr, 0) {
						relDen += 0.5 * vTol / vr
					}
					ref := wi*decay - upd
					// A flushed m moves the update by at most stepSize·2^-126/denom,
					// a flushed v the denominator by at most 2^-63·invBC2.
					relDen += 0x1p-63 * invBC2 / denom
					tol := stepSize*(mTol+0x1p-126)/denom + math.Abs(upd)*(relDen+3*unit) +
						2*unit*math.Abs(wi*decay) + unit*math.Abs(ref) + 2*tiny + tiny/denom
					if !near(w[i], ref, tol) {
						failAt(t, "AdamStep w", i, w[i], ref, tol, in())
					}
					if !near(w[i], float64(gw[i]), 2*tol) || !near(m[i], float64(gm[i]), 2*mTol) || !near(v[i], float64(gv[i]), 2*vTol) {
						failAt(t, "AdamStep vs generic", i, w[i], float64(gw[i]), 2*tol, in())
					}
				}
			}
		})
	})
}

// flushed reports whether got is AdamStep's flush of a moment whose
// exact value ref (error bound tol) may round to a subnormal float32.
func flushed(got float32, ref, tol float64) bool {
	return got == 0 && math.Abs(ref) < 0x1p-126+tol
}

// AdamStep stores a moment that comes out subnormal as zero, at every
// level: a dead unit's first moment (gradient 0) decays by b1 a step until
// it is subnormal, where b1·m rounds back to m and x86 cores take
// microcode assists on every vector holding one. Its weight is left as it
// was; normal moments, zeros and NaN are not flushed.
func TestAdamStepFlushesSubnormalMoments(t *testing.T) {
	p := AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 1000}
	nan := float32(math.NaN())
	eachLevel(t, func(t *testing.T) {
		for _, n := range []int{0, 1, 7, 8, 15, 16, 17, 33, 100} {
			w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range n {
				w[i] = 0.25 + float32(i)
				switch i % 4 {
				case 0: // dead: both moments subnormal (3·2^-149 stays 3·2^-149 times 0.9)
					m[i], v[i] = math.Float32frombits(uint32(3+i)), math.Float32frombits(uint32(1000+i))
					if i%8 == 0 {
						m[i] = -m[i]
					}
				case 1: // decaying into the subnormals this step
					m[i], v[i] = 0x1p-126, 0x1p-126
				case 2: // normal: kept
					m[i], v[i], g[i] = 1e-30, 1e-20, 1e-3
				case 3: // NaN moments stay NaN
					m[i], v[i] = nan, nan
				}
			}
			w0 := clone(w)
			AdamStep(w, g, m, v, p)
			for i := range n {
				switch i % 4 {
				case 0, 1:
					assert.Equal(t, [3]uint32{0, 0, math.Float32bits(w0[i])},
						[3]uint32{math.Float32bits(m[i]), math.Float32bits(v[i]), math.Float32bits(w[i])}, "n=%d element %d: m, v, w bits", n, i)
				case 2:
					assert.Greater(t, m[i], float32(0x1p-126), "n=%d element %d: m", n, i)
					assert.Greater(t, v[i], float32(0x1p-126), "n=%d element %d: v", n, i)
				case 3:
					assert.True(t, isNaN32(m[i]) && isNaN32(v[i]) && isNaN32(w[i]), "n=%d element %d: m, v, w = %v %v %v", n, i, m[i], v[i], w[i])
				}
			}
		}
	})
}

// SGDStep's momentum buffer, like Adam's moments, is stored as +0 where it
// comes out subnormal or zero, on the first step (buf = d) and after it,
// with and without Nesterov; the weight of a dead unit (gradient 0, a
// subnormal buffer) stays as it was, normal buffers and NaN are kept.
func TestSGDStepFlushesSubnormalMomentum(t *testing.T) {
	nan := float32(math.NaN())
	eachLevel(t, func(t *testing.T) {
		for _, p := range []SGDParams{
			{LR: 0.1, Momentum: 0.9},
			{LR: 0.1, Momentum: 0.9, Nesterov: true, Dampening: 0.1},
			{LR: 0.1, Momentum: 0.9, First: true},
		} {
			for _, n := range []int{0, 1, 7, 8, 15, 16, 17, 33, 100} {
				w, g, buf := make([]float32, n), make([]float32, n), make([]float32, n)
				for i := range n {
					w[i] = 0.25 + float32(i)
					switch i % 4 {
					case 0: // dead: a subnormal buffer (or, on the first step, gradient)
						buf[i] = math.Float32frombits(uint32(3 + i))
						if p.First {
							g[i] = -math.Float32frombits(uint32(3 + i))
						}
					case 1: // decaying into the subnormals this step (on the first step, buf = d = 0)
						buf[i] = -0x1p-126
					case 2: // normal: kept
						buf[i], g[i] = 1e-30, 1e-3
					case 3: // NaN stays NaN
						buf[i], g[i] = nan, nan
					}
				}
				w0 := clone(w)
				SGDStep(w, g, buf, p)
				for i := range n {
					switch i % 4 {
					case 0, 1:
						assert.Equal(t, [2]uint32{0, math.Float32bits(w0[i])},
							[2]uint32{math.Float32bits(buf[i]), math.Float32bits(w[i])}, "%+v n=%d element %d: buf, w bits", p, n, i)
					case 2:
						assert.Greater(t, buf[i], float32(0x1p-126), "%+v n=%d element %d: buf", p, n, i)
					case 3:
						assert.True(t, isNaN32(buf[i]) && isNaN32(w[i]), "%+v n=%d element %d: buf, w = %v %v", p, n, i, buf[i], w[i])
					}
				}
			}
		}
	})
}

// The optimizer steps allocate nothing: their parameter block must not
// escape through the dispatch table's indirect call.
func TestOptimizerStepsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	// 1003 and 5 leave a tail shorter than a vector, which some levels
	// stage through small arrays.
	for _, n := range []int{1000, 1003, 5} {
		w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range g {
			g[i] = float32(i%7) - 3
		}
		eachLevel(t, func(t *testing.T) {
			sgd := testing.AllocsPerRun(10, func() {
				SGDStep(w, g, m, SGDParams{LR: 0.01, Momentum: 0.9, Nesterov: true})
			})
			assert.Zero(t, sgd, "SGDStep, n = %d", n)
			adam := testing.AllocsPerRun(10, func() {
				AdamStep(w, g, m, v, AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 3})
			})
			assert.Zero(t, adam, "AdamStep, n = %d", n)
		})
	}
}
