//go:build !purego

package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestAVX512Rows12 runs the 12-row SGEMM (the full-rate avx512 level's
// for products of few rows) on its own, whatever this CPU would route to
// it: every row count up to three tiles (the edge tile and, past 24 rows,
// packed panels of A and B), every column count of a panel and past it,
// depths across a k slice, every transpose, alpha and beta.
func TestAVX512Rows12(t *testing.T) {
	if !contains(Available(), AVX512) {
		t.Skip("no avx512 level on this CPU")
	}
	g := avx512Rows12Gemm(avx512FullRate)
	rng := rand.New(rand.NewPCG(12, 32))
	ks := []int{1, 3, 17, g.kc*9/8 + 5}
	ns := []int{1, 2, 7, 15, 16, 17, 31, 32, 33, 69}
	step := 1
	if testing.Short() {
		step = 3
	}
	iter := 0
	for m := 1; m <= 37; m += step {
		for _, n := range ns {
			iter++
			tc := gemmCase{transA: iter%2 == 1, transB: iter/2%2 == 1, m: m, n: n, k: ks[iter%len(ks)],
				alpha: gemmAlphas[iter/3%len(gemmAlphas)], beta: gemmBetas[iter/5%len(gemmBetas)],
				pad: iter % 4, off: iter % 3}
			runGemmCase(t, rng, tc, viaImpl(g, 1))
		}
	}
}
