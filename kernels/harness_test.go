package kernels

// The property-test harness: every kernel at every level this CPU and build
// can run, against float64 references, over every length 0..70 (all the
// tails of 4-, 8- and 32-wide loops) and random larger ones (past the chunk
// size the assembly levels split work into), in two memory layouts, with
// ordinary values and with edge values (NaN, ±Inf, ±0, subnormals, very
// large and very small magnitudes).
//
// Tolerances. u = 2^-24 is float32's unit roundoff. A correctly rounded
// float32 operation has relative error at most u; a sum of n terms
// evaluated in any order (what the vector levels do with their partial
// sums) has absolute error at most γ(n)·Σ|terms| with γ(n) = n·u/(1-n·u)
// (Higham, Accuracy and Stability of Numerical Algorithms, §4.2). Products
// that underflow lose up to 2^-150 each, so bounds carry an absolute floor
// of a few multiples of the smallest subnormal. Each test states the bound
// it derives from these. Results whose exact value is one correctly rounded
// float32 operation (add, sub, mul, scalar multiply, ReLU, max, bias-add,
// ...) must match exactly.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	unit = 0x1p-24  // float32 unit roundoff u
	tiny = 0x1p-149 // smallest positive subnormal float32
)

// gamma is Higham's γ(n) = n·u/(1-n·u) for float32.
func gamma(n int) float64 { return float64(n) * unit / (1 - float64(n)*unit) }

// gen is the generic level, called directly so that each level's result can
// also be compared with the pure-Go one.
var gen = genericTable()

// eachLevel runs test once per level in Available(), as a subtest named
// after the level, with that level active, and logs the levels it skips
// (those this CPU or build cannot run). The level active before is
// restored afterwards.
func eachLevel(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	prev := Active()
	t.Cleanup(func() { require.NoError(t, SetLevel(prev)) })
	for l := range numLevels {
		if !contains(Available(), l) {
			t.Logf("level %s skipped: not available on this CPU/build", l)
		}
	}
	for _, l := range Available() {
		require.NoError(t, SetLevel(l))
		t.Run(l.String(), test)
	}
}

func newRand(t *testing.T) *rand.Rand {
	// A fixed seed per test keeps failures reproducible.
	var h uint64 = 14695981039346656037
	for _, c := range t.Name() {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return rand.New(rand.NewPCG(h, 0x9e3779b97f4a7c15))
}

// testLengths returns every length 0..70 and a few random larger ones: one
// of a few thousand and, unless -short, two past 2·16Ki so that the
// assembly levels' chunking and its remainders are covered.
func testLengths(rng *rand.Rand) []int {
	var ns []int
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 71+rng.IntN(4000))
	if !testing.Short() {
		ns = append(ns, 32768+rng.IntN(40000), 65536+rng.IntN(70000))
	}
	return ns
}

// valueKind selects the values fill writes.
type valueKind int

const (
	plain  valueKind = iota // normal(0,1) times a random scale 1e-3..1e3
	edges                   // plain mixed with NaN, ±Inf, ±0, subnormals, huge and tiny values
	finite                  // edges without NaN and ±Inf
)

func (k valueKind) String() string { return [...]string{"plain", "edges", "finite"}[k] }

// fill writes values of the given kind into x. big is the largest magnitude
// used as a "very large" value; tests choose it so that the operation's
// intermediates cannot overflow float32 unless the test means them to.
func fill(rng *rand.Rand, x []float32, kind valueKind, big float32) {
	scale := float32(math.Pow(10, float64(rng.IntN(7)-3)))
	special := []float32{
		0, float32(math.Copysign(0, -1)),
		0x1p-149, -0x1p-149, 3e-39, -1e-40, // subnormals
		1e-30, -1e-37, // tiny normals
		big, -big, big / 3, // very large
		float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
	}
	if kind == finite {
		special = special[:len(special)-3]
	}
	for i := range x {
		if kind != plain && rng.IntN(4) == 0 {
			x[i] = special[rng.IntN(len(special))]
		} else {
			x[i] = float32(rng.NormFloat64()) * scale
		}
	}
}

func isNaN32(v float32) bool { return v != v }

// near reports whether got is an acceptable float32 result for the real
// value ref computed in float64 with error bound tol: NaN exactly when ref
// is NaN, the same infinity when ref is infinite, +-Inf or within tol when
// ref lies beyond float32's range (rounding may overflow), else within tol.
func near(got float32, ref, tol float64) bool {
	g := float64(got)
	switch {
	case math.IsNaN(ref):
		return isNaN32(got)
	case math.IsInf(ref, 0):
		return g == ref
	case math.Abs(ref) > math.MaxFloat32:
		return math.IsInf(g, int(math.Copysign(1, ref))) || math.Abs(g-ref) <= tol
	}
	return math.Abs(g-ref) <= tol
}

// same reports whether got is exactly the float32 rounding of ref, NaN
// matching any NaN. Zeros of either sign match each other.
func same(got float32, ref float64) bool {
	if math.IsNaN(ref) {
		return isNaN32(got)
	}
	return got == float32(ref)
}

// ulp32 is the spacing of float32 numbers at |r|: 2^(e-23) for normal
// r in [2^e, 2^(e+1)), 2^-149 in the subnormal range.
func ulp32(r float64) float64 {
	r = math.Abs(r)
	if r < 0x1p-126 {
		return tiny
	}
	_, e := math.Frexp(r) // r = f·2^e, f in [0.5, 1)
	return math.Ldexp(1, e-24)
}

// ulpErr is |got-ref| in units of the float32 spacing at ref. It is 0 when
// both are the same infinity or both NaN, +Inf for a class mismatch.
func ulpErr(got float32, ref float64) float64 {
	g := float64(got)
	switch {
	case math.IsNaN(ref) || math.IsNaN(g):
		if math.IsNaN(ref) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(ref, 0) || math.IsInf(g, 0):
		if g == ref {
			return 0
		}
		if math.Abs(ref) > math.MaxFloat32 && math.IsInf(g, int(math.Copysign(1, ref))) {
			return 0 // ref overflows float32: +-Inf is its rounding
		}
		return math.Inf(1)
	}
	return math.Abs(g-ref) / ulp32(ref)
}

// failAt reports the first bad element of a vector result.
func failAt(t *testing.T, what string, i int, got float32, ref, tol float64, inputs string) {
	t.Helper()
	require.FailNowf(t, what+" mismatch", "level %s, element %d: got %g (%#08x), want %g (tolerance %g); inputs %s",
		Active(), i, got, math.Float32bits(got), ref, tol, inputs)
}

// layouts of the operand slices a test case gets.
const (
	guardedLayout = iota // each slice ends right before an inaccessible page (linux, not -race)
	offsetLayout         // each slice starts at an odd offset inside a larger heap slice with sentinels around it
	numLayouts
)

const sentinel = float32(-7.125e13)

// withBuffers allocates one slice per entry of lens in the given layout,
// lets setup fill them, calls run, and then fails t if run wrote outside
// any of the slices. In the guarded layout a read or write past the end
// faults. Sizes are in float32 elements.
func withBuffers(t *testing.T, rng *rand.Rand, layout int, lens []int, run func(bufs [][]float32)) {
	t.Helper()
	bufs := make([][]float32, len(lens))
	switch layout {
	case guardedLayout:
		for i, n := range lens {
			s, release := guardedSlice(n)
			defer release()
			bufs[i] = s
		}
		run(bufs)
	case offsetLayout:
		type span struct {
			all       []float32
			off, n    int
			inputCopy []float32
		}
		spans := make([]span, len(lens))
		for i, n := range lens {
			off := 1 + 2*rng.IntN(4)
			all := make([]float32, off+n+5)
			for j := range all {
				all[j] = sentinel
			}
			spans[i] = span{all: all, off: off, n: n}
			bufs[i] = all[off : off+n : off+n]
		}
		run(bufs)
		for i, s := range spans {
			for j, v := range s.all {
				if (j < s.off || j >= s.off+s.n) && v != sentinel {
					require.FailNowf(t, "write out of bounds", "level %s: operand %d (len %d) written at offset %d from its start",
						Active(), i, s.n, j-s.off)
				}
			}
		}
	}
}

// forVectors runs check for every test length, both layouts and the given
// value kinds, with k operand slices of the same length n. check fills the
// operands itself (through the slices it is given) and verifies the kernel.
func forVectors(t *testing.T, k int, kinds []valueKind, check func(t *testing.T, rng *rand.Rand, kind valueKind, v [][]float32)) {
	t.Helper()
	rng := newRand(t)
	for _, n := range testLengths(rng) {
		lens := make([]int, k)
		for i := range lens {
			lens[i] = n
		}
		for layout := range numLayouts {
			for _, kind := range kinds {
				withBuffers(t, rng, layout, lens, func(v [][]float32) { check(t, rng, kind, v) })
			}
		}
	}
}

// describe formats the inputs at index i for a failure message.
func describe(i int, names string, vals ...[]float32) string {
	s := fmt.Sprintf("(n=%d) %s =", len(vals[0]), names)
	for _, v := range vals {
		if i < len(v) {
			s += fmt.Sprintf(" %g", v[i])
		}
	}
	return s
}

// clone returns a copy of x.
func clone(x []float32) []float32 { return append([]float32(nil), x...) }
