//go:build !purego

package kernels

import (
	"math"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// These tests compare the NEON level with the generic level where the
// arm64 assembly has its own risks: the 16/4/1-element loop structure (all
// lengths around those boundaries), the Go-side chunking (lengths past
// neonChunk), element-for-element aliasing, writes past a slice's end, and
// special values in the vector lanes and in the tails. The property tests
// against float64 references for every level live in the level-independent
// harness.

var neonLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 19, 20, 31, 32, 33, 47, 63, 64, 65, 70, 1001, 2*neonChunk + 7}

// neonSpecials are values the kernels must treat as IEEE arithmetic does.
var neonSpecials = []float32{
	float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)),
	1e-40, -1e-40, math.SmallestNonzeroFloat32, 3e38, -3e38, 1, -1,
}

const neonGuard = 12345

// guarded is a slice with a guard element on each side, at an odd offset
// in its backing array.
type guarded struct{ full, s []float32 }

func (g guarded) intact(t *testing.T, what string) {
	t.Helper()
	require.Equalf(t, float32(neonGuard), g.full[0], "%s: wrote before the slice (len %d)", what, len(g.s))
	require.Equalf(t, float32(neonGuard), g.full[len(g.full)-1], "%s: wrote past the slice (len %d)", what, len(g.s))
}

// neonVec returns n values from a normal distribution with standard
// deviation sd, one in five replaced by a special value if special.
func neonVec(r *rand.Rand, n int, sd float64, special bool) guarded {
	full := make([]float32, n+2)
	for i := range full {
		full[i] = float32(r.NormFloat64() * sd)
		if special && r.Intn(5) == 0 {
			full[i] = neonSpecials[r.Intn(len(neonSpecials))]
		}
	}
	full[0], full[n+1] = neonGuard, neonGuard
	return guarded{full, full[1 : n+1 : n+1]}
}

func (g guarded) clone() guarded {
	full := append([]float32(nil), g.full...)
	return guarded{full, full[1 : len(full)-1 : len(full)-1]}
}

// requireClose checks got against want element by element: NaN must meet
// NaN, infinities must be equal, finite values must be within
// rel*(1+|want|); rel = 0 demands equal values (+0 equals -0).
func requireClose(t *testing.T, what string, got, want []float32, rel float64) {
	t.Helper()
	require.Lenf(t, got, len(want), what)
	for i := range got {
		if !closeEnough(got[i], want[i], rel) {
			requireClose1(t, what, i, got[i], want[i], rel)
		}
	}
}

// closeEnough is the common case of requireClose1, cheap enough to run on
// every element.
func closeEnough(got, want float32, rel float64) bool {
	g, w := float64(got), float64(want)
	return g == w || (math.IsNaN(g) && math.IsNaN(w)) ||
		(rel > 0 && !math.IsInf(g, 0) && !math.IsInf(w, 0) && math.Abs(g-w) <= rel*(1+math.Abs(w)))
}

func requireClose1(t *testing.T, what string, i int, got, want float32, rel float64) {
	t.Helper()
	g, w := float64(got), float64(want)
	switch {
	case math.IsNaN(w) || math.IsNaN(g):
		require.Truef(t, math.IsNaN(w) && math.IsNaN(g), "%s: [%d] = %v, want %v", what, i, g, w)
	case math.IsInf(w, 0) || math.IsInf(g, 0):
		require.Equalf(t, w, g, "%s: [%d]", what, i)
	default:
		require.LessOrEqualf(t, math.Abs(g-w), rel*(1+math.Abs(w)), "%s: [%d] = %v, want %v", what, i, g, w)
	}
}

func neonTables(t *testing.T) (gen, neon *table) {
	t.Helper()
	if tables[NEON] == nil {
		t.Skip("no NEON level on this CPU/build")
	}
	return tables[Generic], tables[NEON]
}

func TestNEONReductionsMatchGeneric(t *testing.T) {
	g, n := neonTables(t)
	r := rand.New(rand.NewSource(1))
	for _, L := range neonLengths {
		x, y := neonVec(r, L, 3, false).s, neonVec(r, L, 3, false).s
		// The levels add in different orders; each partial sum is within
		// a few ulps of the float64 sum, so 1e-6 per element bounds the gap.
		tol := 1e-6 * float64(L+4)
		requireClose1(t, "sdot", L, n.sdot(x, y), g.sdot(x, y), tol)
		requireClose1(t, "sum", L, n.sum(x), g.sum(x), tol)
		requireClose1(t, "sasum", L, n.sasum(x), g.sasum(x), tol)
		requireClose1(t, "sumsq", L, n.sumsq(x), g.sumsq(x), tol)
	}
	// Special values reach the result through every path (body and tail).
	for _, L := range []int{1, 3, 4, 16, 17, 21} {
		for pos := 0; pos < L; pos++ {
			for _, v := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
				x := neonVec(r, L, 1, false).s
				x[pos] = v
				requireClose1(t, "sum special", pos, n.sum(x), g.sum(x), 0)
				requireClose1(t, "sasum special", pos, n.sasum(x), g.sasum(x), 0)
				requireClose1(t, "sumsq special", pos, n.sumsq(x), g.sumsq(x), 0)
			}
		}
	}
}

func TestNEONStreamingMatchGeneric(t *testing.T) {
	g, n := neonTables(t)
	r := rand.New(rand.NewSource(2))
	type kernel struct {
		name string
		run  func(tb *table, out, a, b []float32)
		// rel is 0 where both levels do the same single rounding.
		rel float64
		// inPlace is false for the kernels whose output is their input.
		inPlace bool
	}
	kernels := []kernel{
		{"add", func(tb *table, o, a, b []float32) { tb.add(o, a, b) }, 0, true},
		{"sub", func(tb *table, o, a, b []float32) { tb.sub(o, a, b) }, 0, true},
		{"mul", func(tb *table, o, a, b []float32) { tb.mul(o, a, b) }, 0, true},
		{"adds", func(tb *table, o, a, _ []float32) { tb.adds(o, a, -2.5) }, 0, true},
		{"relu", func(tb *table, o, a, _ []float32) { tb.relu(o, a) }, 0, true},
		{"relubw", func(tb *table, o, a, b []float32) { tb.relubw(o, a, b) }, 0, true},
		{"leaky", func(tb *table, o, a, _ []float32) { tb.leaky(o, a, 0.01) }, 0, true},
		{"leakbw", func(tb *table, o, a, b []float32) { tb.leakbw(o, a, b, 0.2) }, 0, true},
		{"saxpy", func(tb *table, o, a, b []float32) { copy(o, b); tb.saxpy(1.5, a, o) }, 1e-7, false},
		{"axpby", func(tb *table, o, a, b []float32) { copy(o, b); tb.axpby(0.3, a, -1.7, o) }, 1e-7, false},
		{"sscal", func(tb *table, o, a, _ []float32) { copy(o, a); tb.sscal(-0.7, o) }, 0, false},
	}
	for _, k := range kernels {
		for _, L := range neonLengths {
			a, b := neonVec(r, L, 3, true), neonVec(r, L, 3, true)
			want, got := neonVec(r, L, 1, false), neonVec(r, L, 1, false)
			k.run(g, want.s, a.s, b.s)
			k.run(n, got.s, a.s, b.s)
			requireClose(t, k.name, got.s, want.s, k.rel)
			got.intact(t, k.name)

			if !k.inPlace {
				continue
			}
			// dst aliasing the first input, element for element.
			inPlace := a.clone()
			k.run(n, inPlace.s, inPlace.s, b.s)
			requireClose(t, k.name+" in place", inPlace.s, want.s, k.rel)
			inPlace.intact(t, k.name+" in place")
		}
	}
}

func TestNEONBiasMatchGeneric(t *testing.T) {
	g, n := neonTables(t)
	r := rand.New(rand.NewSource(3))
	for _, rc := range [][2]int{{0, 5}, {3, 0}, {1, 1}, {7, 13}, {33, 70}, {2, neonChunk + 3}} {
		rows, cols := rc[0], rc[1]
		a, bias := neonVec(r, rows*cols, 3, true), neonVec(r, cols, 1, false)
		want, got := a.clone(), a.clone()
		g.addbias(want.s, bias.s, rows, cols)
		n.addbias(got.s, bias.s, rows, cols)
		requireClose(t, "addbias", got.s, want.s, 0)
		got.intact(t, "addbias")

		wantSum, gotSum := neonVec(r, cols, 1, false), neonVec(r, cols, 1, false)
		g.colsum(wantSum.s, a.s, rows, cols)
		n.colsum(gotSum.s, a.s, rows, cols)
		requireClose(t, "colsum", gotSum.s, wantSum.s, 0)
		gotSum.intact(t, "colsum")
	}
}

func TestNEONRowwiseMatchGeneric(t *testing.T) {
	g, n := neonTables(t)
	r := rand.New(rand.NewSource(5))
	shapes := [][2]int{{0, 4}, {2, 0}, {1, 1}, {3, 3}, {4, 4}, {5, 9}, {2, 16}, {3, 17}, {7, 33}, {4, 70}, {16, 1000}, {1, neonChunk + 5}}
	for _, rc := range shapes {
		rows, cols := rc[0], rc[1]
		for _, special := range []bool{false, true} {
			a := neonVec(r, rows*cols, 10, special && cols < 100)
			if special && cols >= 100 {
				// Long rows: one special value each, in the vector body
				// of one row and the scalar tail of another.
				a.s[cols/2] = float32(math.NaN())
				if rows > 1 {
					a.s[2*cols-1] = float32(math.Inf(1))
				}
			}
			what := func(k string) string { return k + " " + string(rune('0'+rows%10)) }

			wantMax, gotMax := make([]float32, rows), make([]float32, rows)
			g.rowmax(wantMax, a.s, rows, cols)
			n.rowmax(gotMax, a.s, rows, cols)
			requireClose(t, what("rowmax"), gotMax, wantMax, 0)

			if cols > 0 {
				wantArg, gotArg := make([]int, rows), make([]int, rows)
				g.rowarg(wantArg, a.s, rows, cols)
				n.rowarg(gotArg, a.s, rows, cols)
				require.Equalf(t, wantArg, gotArg, "rowargmax [%d, %d]", rows, cols)
			}

			wantSum, gotSum := make([]float32, rows), make([]float32, rows)
			g.rowsum(wantSum, a.s, rows, cols)
			n.rowsum(gotSum, a.s, rows, cols)
			for i := range wantSum {
				// Sums in different orders differ by at most about
				// cols*eps*sum|x|; with Inf or NaN both must agree.
				var abs float64
				for _, v := range a.s[i*cols : (i+1)*cols] {
					abs += math.Abs(float64(v))
				}
				if math.IsInf(abs, 0) || math.IsNaN(abs) {
					if math.IsNaN(abs) || math.IsNaN(float64(wantSum[i])) {
						requireClose1(t, "rowsum", i, gotSum[i], wantSum[i], 0)
					}
					continue
				}
				tol := 1.2e-7 * float64(cols+4) * abs
				require.InDeltaf(t, wantSum[i], gotSum[i], tol, "rowsum [%d, %d] row %d", rows, cols, i)
			}

			// Softmax: each e^x is within 2 ulps (1.2e-7 relative) at
			// both levels; the row sums of positive terms differ by at most
			// the generic level's worst case, (cols/4+2) roundings of its
			// four partial sums, plus the NEON level's fewer; the scaling
			// adds one more. Log-softmax below gets the same in log space.
			smTol := 6e-8 * float64(cols/4+8)
			for _, k := range []struct {
				name string
				f    func(tb *table, dst, a []float32)
			}{
				{"softmax", func(tb *table, d, a []float32) { tb.softmax(d, a, rows, cols) }},
				{"logsoftmax", func(tb *table, d, a []float32) { tb.logsm(d, a, rows, cols) }},
			} {
				want, got := neonVec(r, rows*cols, 1, false), neonVec(r, rows*cols, 1, false)
				k.f(g, want.s, a.s)
				k.f(n, got.s, a.s)
				inPlace := a.clone()
				k.f(n, inPlace.s, inPlace.s)
				if k.name == "softmax" {
					requireClose(t, what(k.name), got.s, want.s, smTol)
					requireClose(t, what(k.name+" in place"), inPlace.s, want.s, smTol)
				} else {
					// a - lse cancels: the levels' few-ulp difference in
					// lse = a - want is measured against |a| + |want|.
					for i := range want.s {
						tol := 4e-7*float64(1+abs32(a.s[i])+abs32(want.s[i])) + smTol
						tol /= 1 + float64(abs32(want.s[i])) // as a relative tolerance
						if !closeEnough(got.s[i], want.s[i], tol) || !closeEnough(inPlace.s[i], want.s[i], tol) {
							requireClose1(t, what(k.name), i, got.s[i], want.s[i], tol)
							requireClose1(t, what(k.name+" in place"), i, inPlace.s[i], want.s[i], tol)
						}
					}
				}
				got.intact(t, k.name)
			}
		}
	}
}

func TestNEONExpMatchesGenericLevel(t *testing.T) {
	g, n := neonTables(t)
	r := rand.New(rand.NewSource(6))
	for _, L := range neonLengths {
		x := neonVec(r, L, 30, true)
		want, got := neonVec(r, L, 1, false), neonVec(r, L, 1, false)
		g.exp(want.s, x.s)
		n.exp(got.s, x.s)
		// 1.1 ulp of the float64 value plus the generic level's 0.5 ulp.
		requireClose(t, "exp", got.s, want.s, 2.5e-7)
		got.intact(t, "exp")
	}
}
