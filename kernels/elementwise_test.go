package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Add, Sub, Mul, AddScalar: one correctly rounded operation per element,
// so every level must give exactly the float32 rounding of the float64
// result (NaN for NaN, overflow to ±Inf included).
func TestAddSubMulAddScalar(t *testing.T) {
	ops := []struct {
		name string
		run  func(dst, a, b []float32)
		ref  func(a, b float64) float64
	}{
		{"Add", Add, func(a, b float64) float64 { return a + b }},
		{"Sub", Sub, func(a, b float64) float64 { return a - b }},
		{"Mul", Mul, func(a, b float64) float64 { return a * b }},
	}
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 3, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			dst, a, b := v[0], v[1], v[2]
			fill(rng, a, kind, 3e38) // near MaxFloat32: sums and products overflow
			fill(rng, b, kind, 3e38)
			for _, op := range ops {
				fill(rng, dst, plain, 1)
				op.run(dst, a, b)
				for i := range dst {
					if ref := op.ref(float64(a[i]), float64(b[i])); !same(dst[i], ref) {
						failAt(t, op.name, i, dst[i], ref, 0, describe(i, "a, b", a, b))
					}
				}
			}
			for _, s := range scalars(kind) {
				fill(rng, dst, plain, 1)
				AddScalar(dst, a, s)
				for i := range dst {
					if ref := float64(a[i]) + float64(s); !same(dst[i], ref) {
						failAt(t, "AddScalar", i, dst[i], ref, 0, describe(i, "a", a))
					}
				}
			}
			// In place: dst aliases a.
			a0 := clone(a)
			Mul(a, a, b)
			for i := range a {
				if ref := float64(a0[i]) * float64(b[i]); !same(a[i], ref) {
					failAt(t, "Mul in place", i, a[i], ref, 0, describe(i, "a, b", a0, b))
				}
			}
		})
	})
}

// Saxpby: a·x + b·y; unfused, |err| <= u|a·x| + u|b·y| + u|a·x+b·y|
// (+2^-150 per underflowing product), so the bound is
// 2u·(|a·x|+|b·y|) + 2^-149.
func TestSaxpby(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 2, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			x, y := v[0], v[1]
			fill(rng, x, kind, 1e30)
			fill(rng, y, kind, 1e30)
			sc := scalars(kind)
			for k, a := range sc {
				b := sc[(k*5+3)%len(sc)]
				y0 := clone(y)
				Saxpby(a, x, b, y)
				gy := clone(y0)
				gen.saxpby(a, x, b, gy)
				for i := range y {
					ax, by := float64(a)*float64(x[i]), float64(b)*float64(y0[i])
					ref := ax + by
					tol := 2*unit*(math.Abs(ax)+math.Abs(by)) + tiny
					if !near(y[i], ref, tol) {
						failAt(t, "Saxpby", i, y[i], ref, tol, describe(i, "a, b, x, y", []float32{a, b}, x, y0))
					}
					if !near(y[i], float64(gy[i]), 2*tol) {
						failAt(t, "Saxpby vs generic", i, y[i], float64(gy[i]), 2*tol, describe(i, "a, b, x, y", []float32{a, b}, x, y0))
					}
				}
				copy(y, y0)
			}
		})
	})
}

// Saxpby makes no special case of a zero scalar: b = 0 still reads y and
// a = 0 still reads x, so a NaN or Inf there gives NaN, at every level and
// on the direct, one-chunk and chunked paths.
func TestSaxpbyZeroScalarsReadTheirVector(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	eachLevel(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 17, 100, 3*(1<<14) + 5} {
			for _, bad := range []float32{nan, inf} {
				x, y := make([]float32, n), make([]float32, n)
				for i := range x {
					x[i], y[i] = 1, bad
				}
				Saxpby(2, x, 0, y)
				for i, v := range y {
					if !math.IsNaN(float64(v)) {
						t.Fatalf("n %d, b = 0, y[%d] = %v before: got %v, want NaN", n, i, bad, v)
					}
				}
				for i := range x {
					x[i], y[i] = bad, 1
				}
				Saxpby(0, x, 2, y)
				for i, v := range y {
					if !math.IsNaN(float64(v)) {
						t.Fatalf("n %d, a = 0, x[%d] = %v: got %v, want NaN", n, i, bad, v)
					}
				}
			}
		}
	})
}

// ReLU, LeakyReLU and their backward passes select or scale single values:
// exact. NaN semantics as documented, PyTorch's: ReLU and LeakyReLU
// propagate NaN; where x is NaN, ReLU's backward pass gives dy
// (threshold_backward zeroes only x <= 0) and LeakyReLU's slope·dy
// (leaky_relu_backward keeps dy only for x > 0). The sign of a zero output
// is not specified.
func TestReLUFamily(t *testing.T) {
	nan := math.NaN()
	eachLevel(t, func(t *testing.T) {
		forVectors(t, 3, []valueKind{plain, edges}, func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32) {
			dst, x, dy := v[0], v[1], v[2]
			fill(rng, x, kind, 3e38)
			fill(rng, dy, kind, 3e38)
			check := func(name string, ref func(i int) float64) {
				t.Helper()
				for i := range dst {
					if r := ref(i); !same(dst[i], r) {
						failAt(t, name, i, dst[i], r, 0, describe(i, "x, dy", x, dy))
					}
				}
			}
			fill(rng, dst, plain, 1)
			ReLU(dst, x)
			check("ReLU", func(i int) float64 {
				switch xi := float64(x[i]); {
				case xi != xi:
					return nan
				case xi < 0:
					return 0
				default:
					return xi
				}
			})
			fill(rng, dst, plain, 1)
			ReLUBackward(dst, dy, x)
			check("ReLUBackward", func(i int) float64 {
				if x[i] > 0 || x[i] != x[i] { // NaN passes dy, as in PyTorch
					return float64(dy[i])
				}
				return 0
			})
			for _, slope := range []float32{0.01, 0.2, -1.5} {
				fill(rng, dst, plain, 1)
				LeakyReLU(dst, x, slope)
				check("LeakyReLU", func(i int) float64 {
					if x[i] < 0 {
						return float64(slope) * float64(x[i])
					}
					return float64(x[i])
				})
				fill(rng, dst, plain, 1)
				LeakyReLUBackward(dst, dy, x, slope)
				check("LeakyReLUBackward", func(i int) float64 {
					if x[i] > 0 {
						return float64(dy[i])
					}
					return float64(slope) * float64(dy[i])
				})
			}
			// In place: dx aliases dy.
			dy0 := clone(dy)
			ReLUBackward(dy, dy, x)
			for i := range dy {
				want := float32(0)
				if x[i] > 0 || x[i] != x[i] {
					want = dy0[i]
				}
				if !same(dy[i], float64(want)) {
					failAt(t, "ReLUBackward in place", i, dy[i], float64(want), 0, describe(i, "x, dy", x, dy0))
				}
			}
		})
	})
}

// TestLongElementwise runs the exact elementwise kernels on slices long
// enough (over 1Mi elements) for the assembly levels to switch to
// non-temporal stores, starting at every offset modulo 16 so that the
// alignment peeling (to 32 bytes at avx2, 64 at avx512) is covered, and
// compares them bit for bit with the generic level.
func TestLongElementwise(t *testing.T) {
	const n = 1<<20 + 37
	rng := newRand(t)
	buf := make([][]float32, 3)
	for i := range buf {
		buf[i] = make([]float32, n+16)
		fill(rng, buf[i], edges, 3e38)
	}
	want := make([]float32, n)
	kernels := []struct {
		name string
		run  func(t *table, dst, a, b []float32)
	}{
		{"Add", func(t *table, dst, a, b []float32) { t.add(dst, a, b) }},
		{"Sub", func(t *table, dst, a, b []float32) { t.sub(dst, a, b) }},
		{"Mul", func(t *table, dst, a, b []float32) { t.mul(dst, a, b) }},
		{"AddScalar", func(t *table, dst, a, b []float32) { t.adds(dst, a, 0.25) }},
		{"ReLU", func(t *table, dst, a, b []float32) { t.relu(dst, a) }},
		{"ReLUBackward", func(t *table, dst, a, b []float32) { t.relubw(dst, a, b) }},
		{"LeakyReLU", func(t *table, dst, a, b []float32) { t.leaky(dst, a, 0.1) }},
		{"LeakyReLUBackward", func(t *table, dst, a, b []float32) { t.leakbw(dst, a, b, 0.1) }},
	}
	offsets := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	if testing.Short() {
		// Keeps qemu runs short: one offset, one kernel per shape of call.
		offsets = []int{3}
		kernels = []struct {
			name string
			run  func(t *table, dst, a, b []float32)
		}{kernels[0], kernels[3], kernels[7]}
	}
	eachLevel(t, func(t *testing.T) {
		for _, off := range offsets {
			dst, a, b := buf[0][off:off+n], buf[1][16-off:16-off+n], buf[2][:n]
			for _, k := range kernels {
				k.run(gen, want, a, b)
				k.run(active.Load(), dst, a, b)
				for i := range want {
					if !same(dst[i], float64(want[i])) {
						failAt(t, k.name, i, dst[i], float64(want[i]), 0, describe(i, "a, b", a, b))
					}
				}
			}
		}
	})
}
