package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSgemmStridedTilesMatchTiles checks that a level's stridedTiles
// kernel, which computes a column of tiles of a product read in place in
// one call, gives the bits of its strided kernel called tile by tile: on
// shapes with up to ten row tiles, every column tail, both transposes,
// alpha and beta of every kind, padded rows, odd offsets, and NaN and Inf
// in A and B.
func TestSgemmStridedTilesMatchTiles(t *testing.T) {
	tested := false
	for _, g := range gemmImplsUnderTest() {
		if g.stridedTiles == nil {
			continue
		}
		tested = true
		t.Run(g.level.String(), func(t *testing.T) {
			calls := 0
			withTiles := *g
			withTiles.stridedTiles = func(kc, tiles int, a []float32, rsA, csA, tsA int, b []float32, csB int, c []float32, ldc, cols int, alpha, beta float32) {
				calls++
				g.stridedTiles(kc, tiles, a, rsA, csA, tsA, b, csB, c, ldc, cols, alpha, beta)
			}
			byTile := *g
			byTile.stridedTiles = nil
			rng := rand.New(rand.NewPCG(7, uint64(g.level)))
			specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
			for iter := 0; iter < 400; iter++ {
				tc := gemmCase{transA: iter%2 == 1, transB: iter/2%2 == 1,
					m: 2*g.mr + rng.IntN(8*g.mr+1), n: 1 + rng.IntN(3*g.nr), k: 1 + rng.IntN(80),
					alpha: gemmAlphas[iter/3%len(gemmAlphas)], beta: gemmBetas[iter/5%len(gemmBetas)],
					pad: iter % 4, off: iter % 3}
				if iter%4 == 3 {
					tc.m = 2*g.mr + rng.IntN(2) // the fewest tiles the kernel takes
				}
				a, b, c := gemmInputs(rng, tc)
				if iter%3 == 0 {
					a.buf[a.off+rng.IntN(len(a.slice()))] = specials[iter%len(specials)]
					b.buf[b.off+rng.IntN(len(b.slice()))] = specials[(iter+1)%len(specials)]
				}
				c1 := append([]float32(nil), c.buf...)
				x0 := gemmArgs{transA: tc.transA, transB: tc.transB, m: tc.m, n: tc.n, k: tc.k, alpha: tc.alpha, beta: tc.beta,
					a: a.slice(), b: b.slice(), c: c.slice(), lda: a.ld, ldb: b.ld, ldc: c.ld}
				x1 := x0
				x1.c = c1[c.off : c.off+len(c.slice())]
				sgemmWith(&withTiles, 1, &x0)
				sgemmWith(&byTile, 1, &x1)
				for i := range c.buf {
					if math.Float32bits(c.buf[i]) != math.Float32bits(c1[i]) {
						t.Fatalf("%v: buf[%d] = %v in one call, %v tile by tile", tc, i, c.buf[i], c1[i])
					}
				}
			}
			require.Positive(t, calls, "no product took the stridedTiles kernel")
		})
	}
	if !tested {
		t.Skip("no level of this CPU has a stridedTiles kernel")
	}
}
