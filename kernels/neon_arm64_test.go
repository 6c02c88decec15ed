//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// NEON-specific tests, beside the level-independent harness (which checks
// every level against float64 references): results must not depend on
// where an element falls in the 16-, 8-, 4- and 1-element paths of the
// assembly or the Go-side chunks of neonChunk elements, nor on whether the
// output aliases an input.

// neonLengths are the lengths around every loop and chunk boundary.
func neonLengths() []int {
	var ns []int
	for n := 0; n <= 21; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 31, 32, 33, 63, 64, 65, neonChunk+1, 2*neonChunk+7)
	if !testing.Short() {
		ns = append(ns, neonChunk-1, neonChunk, 3*neonChunk)
	}
	return ns
}

func neonTables(t *testing.T) (gen, neon *table) {
	t.Helper()
	if tables[NEON] == nil {
		t.Skip("no NEON level on this CPU/build")
	}
	return tables[Generic], tables[NEON]
}

// identical reports whether a and b hold the same values, any NaN matching
// any NaN, and returns the first index where they differ.
func identical(a, b []float32) (int, bool) {
	for i := range a {
		if a[i] != b[i] && !(isNaN32(a[i]) && isNaN32(b[i])) {
			return i, false
		}
	}
	return 0, true
}

// TestNEONInPlace checks that every elementwise NEON kernel gives the
// same result whether dst is a separate slice or the first input itself,
// at every loop and chunk boundary, and writes nothing around dst.
func TestNEONInPlace(t *testing.T) {
	_, n := neonTables(t)
	rng := rand.New(rand.NewPCG(1, 2))
	kernels := []struct {
		name string
		run  func(dst, a, b []float32)
	}{
		{"add", n.add}, {"sub", n.sub}, {"mul", n.mul},
		{"adds", func(d, a, _ []float32) { n.adds(d, a, -2.5) }},
		{"relu", func(d, a, _ []float32) { n.relu(d, a) }},
		{"relubw", n.relubw},
		{"leaky", func(d, a, _ []float32) { n.leaky(d, a, 0.01) }},
		{"leakbw", func(d, a, b []float32) { n.leakbw(d, a, b, 0.2) }},
		{"exp", func(d, a, _ []float32) { n.exp(d, a) }},
		{"sigmoid", func(d, a, _ []float32) { n.sigm(d, a) }},
		{"tanh", func(d, a, _ []float32) { n.tanh(d, a) }},
		{"softmax", func(d, a, _ []float32) { n.softmax(d, a, 1, len(a)) }},
		{"logsoftmax", func(d, a, _ []float32) { n.logsm(d, a, 1, len(a)) }},
	}
	for _, k := range kernels {
		for _, L := range neonLengths() {
			a, b := make([]float32, L), make([]float32, L)
			fill(rng, a, edges, 100)
			fill(rng, b, edges, 100)
			out := make([]float32, L)
			k.run(out, a, b)

			// a in the middle of a larger slice with sentinels around it.
			all := make([]float32, L+2)
			all[0], all[L+1] = sentinel, sentinel
			copy(all[1:], a)
			inPlace := all[1 : L+1 : L+1]
			k.run(inPlace, inPlace, b)
			if i, ok := identical(inPlace, out); !ok {
				require.FailNowf(t, "in place differs", "%s, len %d: [%d] = %v, out of place %v", k.name, L, i, inPlace[i], out[i])
			}
			require.Equalf(t, sentinel, all[0], "%s wrote before dst", k.name)
			require.Equalf(t, sentinel, all[L+1], "%s wrote past dst", k.name)
		}
	}
}

// TestNEONSpecialAtEveryPosition puts NaN, +Inf or -Inf at each position
// of short slices, so that it passes through every vector lane and the
// scalar tail, and requires the reductions to give the generic level's
// (IEEE) result class: NaN, the infinity, or for max and argmax the exact
// value and index.
func TestNEONSpecialAtEveryPosition(t *testing.T) {
	g, n := neonTables(t)
	rng := rand.New(rand.NewPCG(3, 4))
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, L := range []int{1, 3, 4, 5, 8, 15, 16, 17, 21, 33} {
		for pos := 0; pos < L; pos++ {
			for _, v := range specials {
				x, y := make([]float32, L), make([]float32, L)
				fill(rng, x, plain, 1)
				fill(rng, y, plain, 1)
				x[pos] = v
				for _, r := range []struct {
					name       string
					neon, want float32
				}{
					{"sum", n.sum(x), g.sum(x)},
					{"sasum", n.sasum(x), g.sasum(x)},
					{"sumsq", n.sumsq(x), g.sumsq(x)},
					{"sdot", n.sdot(x, y), g.sdot(x, y)},
				} {
					if isNaN32(r.want) || math.IsInf(float64(r.want), 0) {
						require.Truef(t, same(r.neon, float64(r.want)), "%s with %v at %d of %d: %v, want %v", r.name, v, pos, L, r.neon, r.want)
					}
				}
				var gm, nm [1]float32
				var ga, na [1]int
				g.rowmax(gm[:], x, 1, L)
				n.rowmax(nm[:], x, 1, L)
				g.rowarg(ga[:], x, 1, L)
				n.rowarg(na[:], x, 1, L)
				require.Truef(t, same(nm[0], float64(gm[0])), "rowmax with %v at %d of %d: %v, want %v", v, pos, L, nm[0], gm[0])
				require.Equalf(t, ga[0], na[0], "rowargmax with %v at %d of %d", v, pos, L)
			}
		}
	}
}

// TestNEONLongRows runs the row-wise kernels on rows longer than a chunk,
// with the row maximum (or a NaN) in the second chunk, against the generic
// level: max, argmax, bias-add and column sums exactly, softmax within the bound derived
// in rowwise_test.go for rows of this length.
func TestNEONLongRows(t *testing.T) {
	g, n := neonTables(t)
	rng := rand.New(rand.NewPCG(5, 6))
	const rows, cols = 2, neonChunk + 37
	a := make([]float32, rows*cols)
	fill(rng, a, plain, 1)
	a[neonChunk+20] = 50                      // row 0: the maximum, past the first chunk
	a[cols+neonChunk+3] = float32(math.NaN()) // row 1: NaN in the tail chunk
	var gm, nm [rows]float32
	var ga, na [rows]int
	g.rowmax(gm[:], a, rows, cols)
	n.rowmax(nm[:], a, rows, cols)
	g.rowarg(ga[:], a, rows, cols)
	n.rowarg(na[:], a, rows, cols)
	require.Equal(t, float32(50), nm[0])
	require.True(t, isNaN32(nm[1]))
	require.Equal(t, []int{neonChunk + 20, neonChunk + 3}, na[:])
	require.Equal(t, ga, na)

	want, got := make([]float32, rows*cols), make([]float32, rows*cols)
	g.softmax(want, a, rows, cols)
	n.softmax(got, a, rows, cols)
	tol := unit * (cols + 4*expMaxULP + 4) // relative, per element (|x-m| is small here)
	for i := range want[:cols] {
		require.InDeltaf(t, want[i], got[i], 2*tol*float64(want[i])+tiny, "softmax [0, %d]", i)
	}
	for i := range want[cols:] {
		require.Truef(t, isNaN32(got[cols+i]), "softmax of a row with NaN: [1, %d] = %v", i, got[cols+i])
	}

	// AddBias and ColSum go row by row through chunks for rows longer than
	// a chunk and in blocks of whole rows otherwise, the last block partial;
	// both must give the generic level's bits (same additions, same order).
	for _, sh := range [][2]int{{rows, cols}, {1100, 33}} {
		c := make([]float32, sh[0]*sh[1])
		fill(rng, c, edges, 1e30)
		bias := make([]float32, sh[1])
		fill(rng, bias, edges, 1e30)
		want, got := clone(c), clone(c)
		g.addbias(want, bias, sh[0], sh[1])
		n.addbias(got, bias, sh[0], sh[1])
		if i, ok := identical(got, want); !ok {
			require.FailNowf(t, "addbias", "[%d, %d]: [%d] = %v, want %v", sh[0], sh[1], i, got[i], want[i])
		}
		// Plain values: over a thousand rows of edge values, nearly every
		// column would sum to NaN and hide a wrong addition.
		fill(rng, c, plain, 1)
		wantSum, gotSum := make([]float32, sh[1]), make([]float32, sh[1])
		g.colsum(wantSum, c, sh[0], sh[1])
		n.colsum(gotSum, c, sh[0], sh[1])
		if i, ok := identical(gotSum, wantSum); !ok {
			require.FailNowf(t, "colsum", "[%d, %d]: [%d] = %v, want %v", sh[0], sh[1], i, gotSum[i], wantSum[i])
		}
	}
}
