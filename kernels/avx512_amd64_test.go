//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAVX512MatchesAVX2 checks what avx512Kernels promises: its
// elementwise kernels (Exp, Sigmoid and Tanh included) and optimizer
// steps give the avx2 level's bits, on every test length with edge
// values, and the transcendental ones on every 1021st float32 bit pattern
// (every one with BRAWN_EXHAUSTIVE=1), so the avx2 level's measured error
// bounds hold for them. The harness tests check every level against
// float64 references; this one pins the two levels to each other.
func TestAVX512MatchesAVX2(t *testing.T) {
	if !contains(Available(), AVX512) {
		t.Skip("no avx512 level on this CPU")
	}
	t2, t5 := tables[AVX2], tables[AVX512]
	rng := newRand(t)
	check := func(name string, n int, got, want []float32) {
		t.Helper()
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				require.FailNowf(t, name+": avx512 differs from avx2", "n=%d, element %d: avx512 %#08x, avx2 %#08x",
					n, i, math.Float32bits(got[i]), math.Float32bits(want[i]))
			}
		}
	}
	sgd := []SGDParams{
		{LR: 0.1, WeightDecay: 1e-4},
		{LR: 0.1, Momentum: 0.9, First: true},
		{LR: 0.1, Momentum: 0.9, Dampening: 0.1, WeightDecay: 5e-4},
		{LR: 0.01, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-2},
	}
	adam := []adamArgs{
		{b1: 0.9, b2: 0.999, eps: 1e-8, stepSize: 1e-2, invBC2: 31.6, decay: 1},
		{b1: 0.8, b2: 0.99, eps: 1e-6, stepSize: 3e-4, invBC2: 1.01, decay: 0.9999, l2: 0.05},
	}
	for _, n := range testLengths(rng) {
		a, b, d0 := make([]float32, n), make([]float32, n), make([]float32, n)
		fill(rng, a, edges, 50)
		fill(rng, b, edges, 50)
		fill(rng, d0, edges, 50)
		for _, c := range exportedCases {
			got, want := clone(d0), clone(d0)
			c.table(t5, got, a, b)
			c.table(t2, want, a, b)
			check(c.name, n, got, want)
		}
		for _, p := range sgd {
			w5, buf5, w2, buf2 := clone(d0), clone(b), clone(d0), clone(b)
			args := sgdArgs{p.LR, p.Momentum, p.Dampening, p.WeightDecay, p.Nesterov, p.First}
			t5.sgd(w5, a, buf5, args)
			t2.sgd(w2, a, buf2, args)
			check("SGDStep w", n, w5, w2)
			check("SGDStep buf", n, buf5, buf2)
		}
		for _, p := range adam {
			v := make([]float32, n)
			for i := range v {
				v[i] = float32(math.Abs(float64(b[i])))
			}
			w5, m5, v5, w2, m2, v2 := clone(d0), clone(b), clone(v), clone(d0), clone(b), clone(v)
			t5.adam(w5, a, m5, v5, p)
			t2.adam(w2, a, m2, v2, p)
			check("AdamStep w", n, w5, w2)
			check("AdamStep m", n, m5, m2)
			check("AdamStep v", n, v5, v2)
		}
	}

	stride := uint64(1021)
	if testing.Short() {
		stride = 100003
	}
	if os.Getenv("BRAWN_EXHAUSTIVE") == "1" {
		stride = 1
	}
	x := make([]float32, 0, 1<<14)
	got, want := make([]float32, 1<<14), make([]float32, 1<<14)
	flush := func() {
		for _, k := range []struct {
			name   string
			t5, t2 func(dst, x []float32)
		}{{"Exp", t5.exp, t2.exp}, {"Sigmoid", t5.sigm, t2.sigm}, {"Tanh", t5.tanh, t2.tanh}} {
			k.t5(got[:len(x)], x)
			k.t2(want[:len(x)], x)
			for i := range x {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					require.FailNowf(t, k.name+": avx512 differs from avx2", "x = %g (%#08x): avx512 %#08x, avx2 %#08x",
						x[i], math.Float32bits(x[i]), math.Float32bits(got[i]), math.Float32bits(want[i]))
				}
			}
		}
		x = x[:0]
	}
	for bits := uint64(0); bits < 1<<32; bits += stride {
		x = append(x, math.Float32frombits(uint32(bits)))
		if len(x) == cap(x) {
			flush()
		}
	}
	flush()
}

// TestDirectRunsActiveLevel checks that the short-slice path of every
// exported elementwise function (direct_amd64.go), and the level's table,
// run the active level's kernel, which the results cannot show: the two
// levels give the same bits. The avx512 kernels leave their tail mask in K1 (5 lanes here),
// the avx2 kernels leave K1 alone. K1 is not saved when a goroutine is
// preempted and resumes elsewhere, so each case gets a few tries on a
// locked thread; a wrong kernel never gives the expected value.
func TestDirectRunsActiveLevel(t *testing.T) {
	if !contains(Available(), AVX512) {
		t.Skip("no avx512 level on this CPU")
	}
	prev := Active()
	t.Cleanup(func() { require.NoError(t, SetLevel(prev)) })
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const n, mark = 5, 0xa5a5
	d, a, b := make([]float32, n), make([]float32, n), make([]float32, n)
	for _, c := range exportedCases {
		for _, l := range []Level{AVX2, AVX512} {
			require.NoError(t, SetLevel(l))
			want := uint16(mark)
			if l == AVX512 {
				want = 1<<n - 1
			}
			for _, path := range []struct {
				name string
				call func()
			}{{"direct", func() { c.api(d, a, b) }}, {"table", func() { c.table(tables[l], d, a, b) }}} {
				var got uint16
				for range 10 {
					setK1(mark)
					path.call()
					if got = getK1(); got == want {
						break
					}
				}
				require.Equal(t, fmt.Sprintf("%#04x", want), fmt.Sprintf("%#04x", got),
					"%s (%s) at level %s: K1 after the call says another level's kernel ran", c.name, path.name, l)
			}
		}
	}
}

// TestAVX512FewRowsRoute checks that the avx512 level hands products of
// few rows to tiles that leave fewer rows idle, on the direct and the
// transposed route, and keeps the rest: tuned for CPUs that split 512-bit
// FMAs, to the avx2 level's 6-row tiles (10 rows: 2 of 12 idle rather
// than 6 of 16); tuned for full-rate 512-bit FMAs, to its own 12-row
// tiles.
func TestAVX512FewRowsRoute(t *testing.T) {
	half := avx512GemmTuned(avx512HalfRate)
	full := avx512GemmTuned(avx512FullRate)
	for rows, want := range map[int][2]int{2: {6, 8}, 4: {6, 8}, 6: {6, 8}, 7: {8, 8}, 8: {8, 8}, 9: {6, 12}, 10: {6, 12},
		11: {6, 12}, 12: {6, 12}, 13: {8, 8}, 16: {8, 8}, 17: {8, 8}, 18: {8, 8}, 128: {8, 8}} {
		require.Equal(t, want[0], gemmForRows(half, rows).mr, "%d rows, half rate", rows)
		require.Equal(t, want[1], gemmForRows(full, rows).mr, "%d rows, full rate", rows)
	}
	h := avx2Table().gemm
	require.Same(t, h, gemmForRows(h, 10), "a level without fewRows keeps its own")
}
