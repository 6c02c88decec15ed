//go:build !purego

package kernels

import (
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// expMaxULP is the documented bound of the NEON e^x against the float64
// e^x (exp_arm64.s), found by an exhaustive run over every float32 (set
// BRAWN_EXP_EXHAUSTIVE=1; minutes under qemu).
const expMaxULP = 1.1

// ulpErr returns |got - want| in units of the float32 spacing at want.
// +Inf is exact for a want that rounds to +Inf (at least MaxFloat32 plus
// half its ulp, 2^128 - 2^103); below that it counts as 2^128, so an
// overflow right at the threshold is measured, not rejected.
func ulpErr(got float32, want float64) float64 {
	g := float64(got)
	if math.IsInf(g, 1) {
		if want >= math.Ldexp(1, 128)-math.Ldexp(1, 103) {
			return 0
		}
		g = math.Ldexp(1, 128)
	}
	_, e := math.Frexp(math.Min(math.Abs(want), math.MaxFloat32))
	ulp := math.Ldexp(1, max(e-24, -149))
	return math.Abs(g-want) / ulp
}

func expCheck(t *testing.T, xs []float32) float64 {
	t.Helper()
	got := make([]float32, len(xs))
	expNEON(got, xs)
	worst := 0.0
	for i, x := range xs {
		u := ulpErr(got[i], math.Exp(float64(x)))
		if u > expMaxULP {
			require.LessOrEqualf(t, u, expMaxULP, "exp(%v) = %v, want %v", x, got[i], math.Exp(float64(x)))
		}
		worst = max(worst, u)
	}
	return worst
}

func TestNEONExpULP(t *testing.T) {
	if tables[NEON] == nil {
		t.Skip("no NEON level on this CPU/build")
	}
	// Every float32 in [-104, 89] (beyond that the result is 0 or +Inf,
	// checked below), by bit pattern with a stride, plus random ones.
	stride := uint32(997)
	if testing.Short() {
		stride = 9973
	}
	if os.Getenv("BRAWN_EXP_EXHAUSTIVE") != "" {
		stride = 1
	}
	buf := make([]float32, 0, 1<<16)
	worst := 0.0
	flush := func() {
		worst = max(worst, expCheck(t, buf))
		buf = buf[:0]
	}
	for _, r := range [][2]uint32{{0, math.Float32bits(89)}, {1 << 31, math.Float32bits(-104)}} {
		for b := r[0]; b <= r[1]; b += stride {
			buf = append(buf, math.Float32frombits(b))
			if len(buf) == cap(buf) {
				flush()
			}
		}
	}
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 1<<14; i++ {
		buf = append(buf, float32(rng.Float64()*193-104))
		if len(buf) == cap(buf) {
			flush()
		}
	}
	flush()
	t.Logf("max error %.3f ulp (stride %d)", worst, stride)
}

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
	// Subnormal results keep their accuracy in absolute terms.
	for x := float32(-103.9); x < -87; x += 0.37 {
		expCheck(t, []float32{x})
	}
}
