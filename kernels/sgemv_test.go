package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkSgemvCase runs Sgemv with impl g on an m×n matrix (row stride
// n+pad, padding NaN) and checks y against a float64 reference with the
// tolerance of the SGEMM tests (k = the length of each dot product). With
// beta = 0, y starts as NaN, which must not leak; y's tail past its
// logical length must stay untouched.
func checkSgemvCase(t *testing.T, rng *rand.Rand, g *gemmImpl, trans bool, m, n, pad int, alpha, beta float32) {
	t.Helper()
	const u = 1.0 / (1 << 24)
	a := newGemmMat(rng, m, n, max(n, 1)+pad, 1, true)
	xn, yn := n, m
	if trans {
		xn, yn = m, n
	}
	xv := randFloats(rng, xn)
	y := randFloats(rng, yn+3)
	for i := yn; i < len(y); i++ {
		y[i] = padNaN
	}
	if beta == 0 {
		for i := 0; i < yn; i++ {
			y[i] = padNaN
		}
	}
	y0 := append([]float32(nil), y...)
	sgemvWith(g, nil, trans, m, n, alpha, a.slice(), a.ld, xv, beta, y)
	name := fmt.Sprintf("%v trans=%v m=%d n=%d pad=%d alpha=%v beta=%v", g.level, trans, m, n, pad, alpha, beta)
	for i := 0; i < yn; i++ {
		var sum, mag float64
		if alpha != 0 {
			for j := 0; j < xn; j++ {
				av := a.opAt(trans, i, j)
				p := float64(av) * float64(xv[j])
				sum += p
				mag += math.Abs(p)
			}
		}
		want := float64(alpha) * sum
		mag *= math.Abs(float64(alpha))
		if beta != 0 {
			want += float64(beta) * float64(y0[i])
			mag += math.Abs(float64(beta) * float64(y0[i]))
		}
		tol := float64(xn+4) * 2 * u * mag
		if got := float64(y[i]); math.IsNaN(got) || math.Abs(got-want) > tol {
			t.Fatalf("%s: y[%d] = %v, want %v (tolerance %.3g)", name, i, got, want, tol)
		}
	}
	for i := yn; i < len(y); i++ {
		require.Equal(t, math.Float32bits(padNaN), math.Float32bits(y[i]), "%s: y[%d] past the end changed", name, i)
	}
	// A's padding must be untouched (Sgemv only reads A; this also checks
	// it was not written through).
	for idx, v := range a.buf {
		pos := idx - a.off
		if pos < 0 || pos%a.ld >= n || pos/a.ld >= m {
			require.Equal(t, math.Float32bits(padNaN), math.Float32bits(v), "%s: A padding changed", name)
		}
	}
}

func TestSgemv(t *testing.T) {
	limit := 40
	if testing.Short() {
		limit = 20
	}
	for _, g := range gemmImplsUnderTest() {
		rng := rand.New(rand.NewPCG(9, uint64(g.level)))
		iter := 0
		for _, trans := range []bool{false, true} {
			for m := 0; m <= limit; m++ {
				for n := 0; n <= limit; n++ {
					iter++
					checkSgemvCase(t, rng, g, trans, m, n, iter%3,
						gemmAlphas[iter%len(gemmAlphas)], gemmBetas[iter/4%len(gemmBetas)])
				}
			}
		}
		for _, s := range [][2]int{{1, 1000}, {1000, 1}, {333, 517}, {517, 333}} {
			for _, trans := range []bool{false, true} {
				checkSgemvCase(t, rng, g, trans, s[0], s[1], 5, 0.75, 0)
				checkSgemvCase(t, rng, g, trans, s[0], s[1], 0, -1.5, 0.5)
			}
		}
	}
}

func TestSgemvPublic(t *testing.T) {
	// y = 2*A*x + y and y = A^T*x, A = [[1 2 3] [4 5 6]], worked by hand.
	a := []float32{1, 2, 3, 4, 5, 6}
	y := []float32{1, -1}
	Sgemv(false, 2, 3, 2, a, 3, []float32{1, 0, -1}, 1, y)
	require.Equal(t, []float32{-3, -5}, y)
	nan := float32(math.NaN())
	y = []float32{nan, nan, nan}
	Sgemv(true, 2, 3, 1, a, 3, []float32{1, 1}, 0, y)
	require.Equal(t, []float32{5, 7, 9}, y)
	// alpha = 0 reads neither A nor x.
	y = []float32{1, 2}
	Sgemv(false, 2, 3, 0, []float32{nan, nan, nan, nan, nan, nan}, 3, []float32{nan, nan, nan}, 3, y)
	require.Equal(t, []float32{3, 6}, y)
}

func TestSgemvBadArguments(t *testing.T) {
	a := make([]float32, 6)
	x := make([]float32, 3)
	y := make([]float32, 3)
	for _, tc := range []struct {
		name string
		call func()
		msg  string
	}{
		{"m", func() { Sgemv(false, -1, 3, 1, a, 3, x, 0, y) }, "kernels.Sgemv: m < 0 (m = -1)"},
		{"n", func() { Sgemv(false, 2, -3, 1, a, 3, x, 0, y) }, "kernels.Sgemv: n < 0 (n = -3)"},
		{"lda", func() { Sgemv(false, 2, 3, 1, a, 2, x, 0, y) }, "kernels.Sgemv: lda = 2, want at least 3"},
		{"len a", func() { Sgemv(false, 2, 3, 1, a[:5], 3, x, 0, y) }, "kernels.Sgemv: len(a) = 5, want at least 6"},
		{"len x", func() { Sgemv(false, 2, 3, 1, a, 3, x[:2], 0, y) }, "kernels.Sgemv: len(x) = 2, want at least 3"},
		{"len y", func() { Sgemv(false, 2, 3, 1, a, 3, x, 0, y[:1]) }, "kernels.Sgemv: len(y) = 1, want at least 2"},
		{"len y trans", func() { Sgemv(true, 2, 3, 1, a, 3, x, 0, y[:2]) }, "kernels.Sgemv: len(y) = 2, want at least 3"},
		// 3·lda wraps around an int to 2.
		{"lda overflow", func() { Sgemv(false, 4, 3, 1, a, (1<<strconv.IntSize+2)/3, x, 0, y) },
			fmt.Sprintf("kernels.Sgemv: len(a) = 6 is too short: 4 rows %d apart overflow an int", (1<<strconv.IntSize+2)/3)},
	} {
		t.Run(tc.name, func(t *testing.T) { require.PanicsWithValue(t, tc.msg, tc.call) })
	}
}
