package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSgemmBands runs every implementation's blocked driver with bands of
// 1, 2 and 3 row tiles (see gemmImpl.band) on small blocks, so that
// products span several blocks, slices of k and bands, with edge tiles in
// both directions: the result must be right and the same bits as without
// bands, on one goroutine and on two.
func TestSgemmBands(t *testing.T) {
	for _, g0 := range gemmImplsUnderTest() {
		t.Run(g0.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(g0.mr)))
			plain := *g0
			plain.kc, plain.mc, plain.nc, plain.band = 16, 5*g0.mr, 3*g0.nr, 0
			iter := 0
			for _, band := range []int{1, 2, 3} {
				banded := plain
				banded.band, banded.bandMaxB = band, math.MaxInt
				for _, m := range []int{1, g0.mr + 1, 9*g0.mr + 3, 12*g0.mr + g0.mr/2, 70} {
					for _, n := range []int{3*g0.nr + 2, 5*g0.nr - 1, 130} {
						iter++
						for _, threads := range []int{1, 2} {
							tc := variedGemmCase(iter, iter%2 == 1, iter/2%2 == 1, m, n, 40+iter%7)
							runGemmCase(t, rng, tc, func(x *gemmArgs) {
								c0 := append([]float32(nil), x.c...)
								sgemmWith(&plain, threads, x)
								want := append([]float32(nil), x.c...)
								copy(x.c, c0)
								sgemmWith(&banded, threads, x)
								for i := range want {
									if math.Float32bits(want[i]) != math.Float32bits(x.c[i]) {
										t.Fatalf("%v, band %d, %d goroutines: C[%d] is %v, %v without bands", tc, band, threads, i, x.c[i], want[i])
									}
								}
							})
						}
					}
				}
			}
		})
	}
}
