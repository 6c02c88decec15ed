package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSgemmPackedBBlocks checks at every level, on 1 to 3 threads, that
// SgemmPackedBBlocks writes each block of C with the bits SgemmPackedB
// gives the same product into one C, and nothing outside the blocks:
// blocks narrower and wider than a panel, not multiples of it (so panels
// span two blocks), a short last block, padded rows and gaps between
// blocks, depths of one and several k slices, the betas whose products
// are exact (the write-back of a panel spanning blocks rounds beta·C
// apart, as every edge tile's does) with alpha 1, alpha 1.5 with beta 0
// and one slice of k, and a bias, which must give the bits
// of SgemmPackedB onto C holding the bias with beta 1.
func TestSgemmPackedBBlocks(t *testing.T) {
	eachLevel(t, func(t *testing.T) {
		rng := newRand(t)
		g := active.Load().gemm
		type shape struct{ m, cols, n, k int }
		var shapes []shape
		for _, m := range []int{1, 5, g.mr, 2*g.mr + 3} {
			for _, cols := range []int{1, 7, g.nr, g.nr + 1, 3*g.nr - 5} {
				for _, n := range []int{cols, 2*cols + 3, 4 * cols} {
					for _, k := range []int{1, 9, 2*g.kc + 9} {
						shapes = append(shapes, shape{m, cols, n, k})
					}
				}
			}
		}
		// A convolution's product over 4 samples, large enough to be
		// split over goroutines.
		shapes = append(shapes, shape{128, 196, 4 * 196, 288})
		for i, sh := range shapes {
			checkBlocks(t, rng, sh.m, sh.cols, sh.n, sh.k, i%4)
		}
		checkBlocks(t, rng, 128, 196, 4*196, 288, 3) // and the convolution with its bias
	})
}

// checkBlocks runs TestSgemmPackedBBlocks's check on one shape, with rows
// padded by v, blocks 2v floats apart and beta the v-th of 0, 1, −0.5, or
// with v = 3 a bias and beta 0.
func checkBlocks(t *testing.T, rng *rand.Rand, m, cols, n, k, v int) {
	beta := []float32{0, 1, -0.5, 0}[v]
	var bias []float32
	if v == 3 {
		bias = make([]float32, m)
		for i := range bias {
			bias[i] = float32(rng.NormFloat64())
		}
	}
	// alpha is 1 where C is read (beta or a later slice of k): a kernel
	// may round alpha·AB + beta·C once (the pure-Go one where Go fuses
	// them, as on arm64), a panel spanning blocks rounds alpha·AB first.
	alpha := float32(1)
	if v == 0 && k < 64 {
		alpha = 1.5
	}
	tc := gemmCase{m: m, n: n, k: k, alpha: alpha, beta: beta}
	a, b, _ := gemmInputs(rng, tc)
	x := gemmArgs{m: m, n: n, k: k, a: a.slice(), lda: a.ld, b: b.slice(), ldb: b.ld}
	plain := make([]float32, m*n)
	for i := range plain {
		plain[i] = float32(rng.NormFloat64())
	}
	ldc, stride := cols+v, m*(cols+v)+2*v
	blocks := (n + cols - 1) / cols
	c0 := make([]float32, (blocks-1)*stride+(m-1)*ldc+n-(blocks-1)*cols+3)
	for j := range c0 {
		c0[j] = float32(math.NaN())
	}
	at := func(r, j int) int { return j/cols*stride + r*ldc + j%cols }
	for r := range m {
		for j := range n {
			c0[at(r, j)] = plain[r*n+j]
		}
	}
	refBeta := beta
	if bias != nil {
		for i := range plain {
			plain[i] = bias[i/n]
		}
		refBeta = 1
	}
	SgemmPackedB(1, false, m, n, k, tc.alpha, x.a, x.lda, packerOf(t, &x), refBeta, plain, n)
	want := clone(c0)
	for r := range m {
		for j := range n {
			want[at(r, j)] = plain[r*n+j]
		}
	}
	for threads := 1; threads <= 3; threads++ {
		got := clone(c0)
		SgemmPackedBBlocks(threads, false, m, n, k, tc.alpha, x.a, x.lda, packerOf(t, &x), bias, beta, got, ldc, cols, stride)
		for j := range got {
			require.Equal(t, math.Float32bits(want[j]), math.Float32bits(got[j]),
				"%v cols=%d ldc=%d stride=%d on %d threads: c[%d]", tc, cols, ldc, stride, threads, j)
		}
	}
}

// TestSgemmPackedBBlocksBadArguments checks the panics name the argument.
func TestSgemmPackedBBlocksBadArguments(t *testing.T) {
	pack := func(dst []float32, p0, kb, j0, nb, w int) {}
	a, c := make([]float32, 6), make([]float32, 12)
	for _, tc := range []struct {
		want string
		call func()
	}{
		{"kernels.SgemmPackedBBlocks: packB is nil", func() { SgemmPackedBBlocks(1, false, 2, 3, 3, 1, a, 3, nil, nil, 0, c, 3, 3, 6) }},
		{"kernels.SgemmPackedBBlocks: cols = 0, want at least 1", func() { SgemmPackedBBlocks(1, false, 2, 3, 3, 1, a, 3, pack, nil, 0, c, 3, 0, 6) }},
		{"kernels.SgemmPackedBBlocks: stride = 4, want at least (m-1)·ldc + cols = 5", func() { SgemmPackedBBlocks(1, false, 2, 4, 3, 1, a, 3, pack, nil, 0, c, 3, 2, 4) }},
		{"kernels.SgemmPackedBBlocks: ldc = 1, want at least 2", func() { SgemmPackedBBlocks(1, false, 2, 4, 3, 1, a, 3, pack, nil, 0, c, 1, 2, 6) }},
		{"kernels.SgemmPackedBBlocks: len(c) = 12, want at least 15", func() { SgemmPackedBBlocks(1, false, 2, 5, 3, 1, a, 3, pack, nil, 0, c, 2, 2, 6) }},
		{"kernels.SgemmPackedBBlocks: len(bias) = 1, want at least m = 2", func() { SgemmPackedBBlocks(1, false, 2, 3, 3, 1, a, 3, pack, c[:1], 0, c, 3, 3, 6) }},
		{"kernels.SgemmPackedBBlocks: beta = 1 with a bias, want 0", func() { SgemmPackedBBlocks(1, false, 2, 3, 3, 1, a, 3, pack, c[:2], 1, c, 3, 3, 6) }},
		// The sizes come first, as in SgemmPackedB, whatever else is wrong.
		{"kernels.SgemmPackedBBlocks: k < 0 (k = -1)", func() { SgemmPackedBBlocks(1, false, 2, 4, -1, 1, a, 3, pack, nil, 0, c, 3, 2, 0) }},
		{"kernels.SgemmPackedBBlocks: m < 0 (m = -1)", func() { SgemmPackedBBlocks(1, false, -1, 4, 3, 1, a, 3, pack, c[:1], 0, c, 3, 2, 0) }},
		{"kernels.SgemmPackedBBlocks: len(a) = 6, want at least 9", func() { SgemmPackedBBlocks(1, false, 3, 2, 3, 1, a, 3, pack, nil, 0, c, 2, 2, 6) }},
	} {
		require.PanicsWithValue(t, tc.want, tc.call, tc.want)
	}
	// An empty C reads no slice, bias included, as SgemmPackedB.
	for _, mn := range [][2]int{{0, 5}, {3, 0}} {
		require.NotPanics(t, func() { SgemmPackedBBlocks(1, false, mn[0], mn[1], 3, 1, nil, 3, pack, c[:1], 0, nil, 2, 2, 0) }, "m=%d n=%d", mn[0], mn[1])
	}
}
