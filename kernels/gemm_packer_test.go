package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packerOf returns a PanelPacker that packs op(B) of x as the
// specification of PanelPacker says, element by element, and checks its
// arguments. It fills the panels' padding with zeros; kernels must not
// rely on anything else there.
func packerOf(t *testing.T, x *gemmArgs) PanelPacker {
	return func(dst []float32, p0, kb, j0, nb, w int) {
		panels := (nb + w - 1) / w
		if len(dst) != panels*kb*w || p0 < 0 || kb < 1 || p0+kb > x.k || j0 < 0 || nb < 1 || j0+nb > x.n {
			t.Errorf("packer called with len(dst)=%d p0=%d kb=%d j0=%d nb=%d w=%d on k=%d n=%d", len(dst), p0, kb, j0, nb, w, x.k, x.n)
			return
		}
		for q := range panels {
			for p := range kb {
				for l := range w {
					v := float32(0)
					if j := q*w + l; j < nb {
						if x.transB {
							v = x.b[(j0+j)*x.ldb+p0+p]
						} else {
							v = x.b[(p0+p)*x.ldb+j0+j]
						}
					}
					dst[q*kb*w+p*w+l] = v
				}
			}
		}
	}
}

// viaPackedB calls SgemmPackedB with op(B) given by packerOf.
func viaPackedB(t *testing.T, threads int) func(x *gemmArgs) {
	return func(x *gemmArgs) {
		SgemmPackedB(threads, x.transA, x.m, x.n, x.k, x.alpha, x.a, x.lda, packerOf(t, x), x.beta, x.c, x.ldc)
	}
}

// TestSgemmPackedB checks SgemmPackedB against the float64 reference at
// every level, over small shapes (sizes 0 and 1, every tile edge), shapes
// deeper than a k slice (so the packer is asked for later rows), and
// padded leading dimensions and odd offsets, on 1 and 3 threads.
func TestSgemmPackedB(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		g := active.Load().gemm
		var cases []gemmCase
		for _, m := range []int{0, 1, 2, 5, g.mr, g.mr + 1, 2*g.mr + 3} {
			for _, n := range []int{0, 1, 3, g.nr - 1, g.nr, g.nr + 1, 2*g.nr + 5} {
				for _, k := range []int{0, 1, 7, 2*g.kc + 9} {
					i := len(cases)
					cases = append(cases, gemmCase{transA: i%2 == 1, transB: i%3 == 1, m: m, n: n, k: k,
						alpha: gemmAlphas[i%len(gemmAlphas)], beta: gemmBetas[i/2%len(gemmBetas)], pad: i % 3, off: i % 5})
				}
			}
		}
		cases = append(cases, gemmCase{m: 64, n: 392, k: 288, alpha: 1, off: 3},
			gemmCase{transA: true, m: 300, n: 70, k: 200, alpha: 1, beta: 1})
		for _, threads := range []int{1, 3} {
			for _, tc := range cases {
				runGemmCase(t, rng, tc, viaPackedB(t, threads))
			}
		}
	})
}

// TestSgemmPackedBThreads checks that SgemmPackedB gives the same bits on
// any thread count, and the same as Sgemm's packed route on the
// materialised B, with NaN and Inf among the operands.
func TestSgemmPackedBThreads(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		for _, tc := range []gemmCase{{m: 64, n: 392, k: 288, alpha: 1}, {m: 200, n: 333, k: 100, alpha: 0.5, beta: 2}} {
			a, b, c := gemmInputs(rng, tc)
			a.buf[a.off+3] = float32(math.Inf(1))
			b.buf[b.off+5] = float32(math.NaN())
			x := gemmArgs{m: tc.m, n: tc.n, k: tc.k, alpha: tc.alpha, beta: tc.beta, a: a.slice(), lda: a.ld, b: b.slice(), ldb: b.ld, ldc: c.ld}
			c0 := clone(c.slice())
			want := clone(c0)
			ar := gemmArenas.Get()
			x.c = want
			gemmBlocked(gemmForRows(active.Load().gemm, tc.m), ar, &x, 0, tc.m, 0, tc.n)
			gemmArenas.Put(ar)
			for _, threads := range []int{1, 2, 3, 4} {
				got := clone(c0)
				SgemmPackedB(threads, false, tc.m, tc.n, tc.k, tc.alpha, x.a, x.lda, packerOf(t, &x), tc.beta, got, x.ldc)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%v on %d threads: c[%d] = %v, want %v (the packed route's bits)", tc, threads, i, got[i], want[i])
					}
				}
			}
		}
	})
}

// TestSgemmPackedBBadArguments checks the panics name the argument.
func TestSgemmPackedBBadArguments(t *testing.T) {
	pack := func(dst []float32, p0, kb, j0, nb, w int) {}
	a, c := make([]float32, 6), make([]float32, 6)
	for _, tc := range []struct {
		want string
		call func()
	}{
		{"kernels.SgemmPackedB: packB is nil", func() { SgemmPackedB(1, false, 2, 3, 3, 1, a, 3, nil, 0, c, 3) }},
		{"kernels.SgemmPackedB: m < 0 (m = -1)", func() { SgemmPackedB(1, false, -1, 3, 3, 1, a, 3, pack, 0, c, 3) }},
		{"kernels.SgemmPackedB: k < 0 (k = -2)", func() { SgemmPackedB(1, false, 2, 3, -2, 1, a, 3, pack, 0, c, 3) }},
		{"kernels.SgemmPackedB: lda = 2, want at least 3", func() { SgemmPackedB(1, false, 2, 3, 3, 1, a, 2, pack, 0, c, 3) }},
		{"kernels.SgemmPackedB: ldc = 2, want at least 3", func() { SgemmPackedB(1, false, 2, 3, 3, 1, a, 3, pack, 0, c, 2) }},
		{"kernels.SgemmPackedB: len(a) = 6, want at least 9", func() { SgemmPackedB(1, false, 3, 2, 3, 1, a, 3, pack, 0, c, 2) }},
		{"kernels.SgemmPackedB: len(c) = 6, want at least 8", func() { SgemmPackedB(1, false, 2, 4, 3, 1, a, 3, pack, 0, c, 4) }},
	} {
		require.PanicsWithValue(t, tc.want, tc.call, tc.want)
	}
	assert.NotPanics(t, func() { SgemmPackedB(1, false, 0, 3, 3, 1, nil, 3, pack, 0, nil, 3) }, fmt.Sprint("empty C reads no slice"))
}
