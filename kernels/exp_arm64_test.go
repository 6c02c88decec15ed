//go:build !purego

package kernels

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNEONExpSpecial(t *testing.T) {
	if tables[NEON] == nil {
		t.Skip("no NEON level on this CPU/build")
	}
	inf := float32(math.Inf(1))
	maxBelowOverflow := float32(88.72283)          // e^x = 3.4028e38, finite
	minOverflow := math.Nextafter32(88.72284, 100) // e^x > MaxFloat32 + ulp/2
	cases := []struct{ x, want float32 }{
		{0, 1},
		{float32(math.Copysign(0, -1)), 1},
		{inf, inf},
		{-inf, 0},
		{1000, inf},
		{minOverflow, inf},
		{-1000, 0},
		{-104, 0},
		{-103.98, 0},
		{-103.27893, math.SmallestNonzeroFloat32}, // e^x just above 2^-149
		{math.SmallestNonzeroFloat32, 1},
		{-math.SmallestNonzeroFloat32, 1},
	}
	for _, n := range []int{1, 4, 5, 8, 9} { // through the 8-, 4- and 1-element paths
		for _, c := range cases {
			xs := make([]float32, n)
			for i := range xs {
				xs[i] = c.x
			}
			got := make([]float32, n)
			expNEON(got, xs)
			for i := range got {
				require.Equalf(t, c.want, got[i], "exp(%v) in a run of %d", c.x, n)
			}
		}
		xs, got := make([]float32, n+1), make([]float32, n+1)
		xs[0] = maxBelowOverflow
		xs[n] = float32(math.NaN())
		expNEON(got, xs)
		require.Falsef(t, math.IsInf(float64(got[0]), 0), "exp(%v) = %v, want finite", xs[0], got[0])
		require.Truef(t, math.IsNaN(float64(got[n])), "exp(NaN) = %v", got[n])
	}
}
