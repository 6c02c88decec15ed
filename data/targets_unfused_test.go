package data

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// mul64 returns a*b rounded to float64: a call the compiler does not
// inline, so that the sum it feeds cannot be fused into an FMA.
//
//go:noinline
func mul64(a, b float64) float64 { return a * b }

// FitTargetScaler's standard deviations, float64 values stored in the
// checkpoint, are the same bits on every architecture: each squared
// deviation is rounded before it is summed, as this reference, whose
// products a compiler cannot fuse, rounds them. Run under GOAMD64=v3 or
// arm64 (make test does), where the compiler fuses what the code lets it.
func TestTargetScalerStdUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	const n, o = 257, 3
	y := make([]float32, n*o)
	for i := range y {
		y[i] = float32(rng.NormFloat64()*3.7 + 11)
	}
	d, err := NewRegression(make([]float32, n), 1, y, o)
	require.NoError(t, err)
	s, err := FitTargetScaler(d)
	require.NoError(t, err)
	for j := range o {
		var mean, ss float64
		for i := range n {
			mean += float64(y[i*o+j])
		}
		mean /= n
		for i := range n {
			e := float64(y[i*o+j]) - mean
			ss += mul64(e, e)
		}
		want := math.Sqrt(ss / n)
		require.Equal(t, math.Float64bits(want), math.Float64bits(s.Std[j]), "target %d: std %v, want %v", j, s.Std[j], want)
	}
}
