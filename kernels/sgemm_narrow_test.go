package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// viaGuarded runs the driver of g with each operand copied into a slice
// that ends exactly where the matrix does, before an inaccessible page (on
// linux builds without -race), so any read or write past an operand's
// last element faults.
func viaGuarded(g *gemmImpl) func(x *gemmArgs) {
	return func(x *gemmArgs) {
		ar, ac := x.m, x.k
		if x.transA {
			ar, ac = x.k, x.m
		}
		br, bc := x.k, x.n
		if x.transB {
			br, bc = x.n, x.k
		}
		ga, freeA := guardedSlice(matLen(ar, ac, x.lda))
		defer freeA()
		gb, freeB := guardedSlice(matLen(br, bc, x.ldb))
		defer freeB()
		gc, freeC := guardedSlice(matLen(x.m, x.n, x.ldc))
		defer freeC()
		copy(ga, x.a)
		copy(gb, x.b)
		copy(gc, x.c)
		y := *x
		y.a, y.b, y.c = ga, gb, gc
		sgemmWith(g, 1, &y)
		copy(x.c, gc)
	}
}

// TestSgemmNarrow covers the routes for C with few columns (the dot
// product and the transposed product) at every layout, with row and
// column counts that are and are not multiples of the blocks (3 rows, 4
// columns, mr), depths that end on a partial vector, beta 0 with NaN in C
// and other betas, each operand ending before a guard page.
func TestSgemmNarrow(t *testing.T) {
	ms := []int{3, 4, 5, 31, 32, 33, 34, 100}
	ks := []int{1, 3, 8, 13, 64, 67}
	if testing.Short() {
		ms, ks = []int{3, 5, 32, 34}, []int{1, 8, 13, 67}
	}
	for _, g := range gemmImplsUnderTest() {
		t.Run(g.level.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, uint64(g.level)))
			iter := 0
			for _, ta := range []bool{false, true} {
				for _, tb := range []bool{false, true} {
					for _, m := range ms {
						for n := 2; n <= 16; n++ {
							for _, k := range ks {
								iter++
								tc := variedGemmCase(iter, ta, tb, m, n, k)
								if tc.alpha == 0 {
									tc.alpha = -1.5
								}
								runGemmCase(t, rng, tc, viaGuarded(g))
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmNarrowRoutes pins which products take the narrow routes on the
// AVX2 level, so a change of the rules is a visible decision.
func TestSgemmNarrowRoutes(t *testing.T) {
	if tables[AVX2] == nil {
		t.Skip("no AVX2 level on this CPU or build")
	}
	g := gemmFor(AVX2)
	for _, tc := range []struct {
		transA, transB bool
		m, n, k        int
		dot, trans     bool
	}{
		{false, false, 128, 10, 128, true, false}, // MLP output layer, W stored [in, out]
		{false, true, 512, 10, 128, true, false},  // nn.Linear's forward, W stored [out, in]
		{true, false, 128, 10, 128, false, true},  // weight gradient xᵀ·dy
		{true, true, 128, 10, 128, false, true},
		{false, false, 128, 3, 128, false, true},   // too narrow for 4-column blocks
		{false, false, 128, 13, 128, false, false}, // wide enough for the regular kernel
		{false, false, 20, 10, 128, true, false},
		{true, false, 20, 10, 128, false, false},     // too short to fill two lane panels
		{false, false, 20000, 10, 784, false, false}, // large: the regular, parallel route
	} {
		x := gemmArgs{transA: tc.transA, transB: tc.transB, m: tc.m, n: tc.n, k: tc.k}
		name := fmt.Sprintf("%v%v/%dx%dx%d", tc.transA, tc.transB, tc.m, tc.n, tc.k)
		require.Equal(t, tc.dot, gemmUseDot(g, &x), name)
		if !tc.dot {
			require.Equal(t, tc.trans, gemmUseTransposed(g, &x), name)
		}
	}
}

// TestGemmDepthBlock pins the slicing of k: never more than 9/8 of kc, no
// sliver at the end, and slices that cover k.
func TestGemmDepthBlock(t *testing.T) {
	g := &gemmImpl{kc: 256}
	for k, want := range map[int]int{1: 8, 100: 104, 256: 256, 288: 288, 289: 152, 512: 256, 784: 264, 1024: 256} {
		require.Equal(t, want, gemmDepthBlock(g, k), "k=%d", k)
	}
	for k := 1; k <= 3000; k++ {
		kc := gemmDepthBlock(g, k)
		require.LessOrEqual(t, kc, g.kc*9/8+7, "k=%d", k)
		if slices := (k + kc - 1) / kc; slices > 1 {
			require.GreaterOrEqual(t, k-(slices-1)*kc, kc/2, "k=%d: last slice of %d", k, k-(slices-1)*kc)
		}
	}
}
