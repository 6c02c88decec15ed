package model

import (
	"fmt"
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

// The scores are the same bits on every architecture: each product is
// rounded before it is summed, as these references, whose products a
// compiler cannot fuse, round them. Run under GOAMD64=v3 or arm64 (make
// test does), where the compiler fuses what the code lets it.

func TestScoreRegressionUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	// Errors as large as the targets' spread: R² near 0, where a change
	// in the last bit of the total sum of squares changes R²'s. (An
	// error's square is exact in float64, a float32 difference squared,
	// so MSE is the same bits either way.) A sum takes a product's
	// rounding into its own only now and then: 50 sets of targets.
	const n = 31
	y, pred := make([]float32, n), make([]float32, n)
	for range 50 {
		for i := range y {
			y[i] = float32(rng.NormFloat64()*2.3 + 5)
			pred[i] = y[i] + float32(rng.NormFloat64()*2.3)
		}
		got := ScoreRegression(pred, y, 1)
		var mean, sq, tot float64
		for i := range n {
			mean += float64(y[i])
		}
		mean /= n
		for i := range n {
			e := float64(pred[i]) - float64(y[i])
			sq += mul64(e, e)
			d := float64(y[i]) - mean
			tot += mul64(d, d)
		}
		r2 := 1 - sq/tot
		require.Equal(t, math.Float64bits(sq/n), math.Float64bits(got.MSE), "MSE %v, want %v", got.MSE, sq/n)
		require.Equal(t, math.Float64bits(r2), math.Float64bits(got.R2), "R² %v, want %v", got.R2, r2)
	}
}

func TestClassificationReportWeightedUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	const classes = 40
	m := make([][]int, classes)
	names := make([]string, classes)
	for i := range m {
		m[i] = make([]int, classes)
		for j := range m[i] {
			m[i][j] = rng.IntN(40)
		}
		m[i][i] += 200 + rng.IntN(300)
		names[i] = fmt.Sprint(i)
	}
	r := NewClassificationReport(m, names)
	var p, rc, f1 float64
	for _, s := range r.Classes {
		w := float64(s.Support) / float64(r.Samples)
		p += mul64(w, s.Precision)
		rc += mul64(w, s.Recall)
		f1 += mul64(w, s.F1)
	}
	require.Equal(t, math.Float64bits(p), math.Float64bits(r.Weighted.Precision), "precision %v, want %v", r.Weighted.Precision, p)
	require.Equal(t, math.Float64bits(rc), math.Float64bits(r.Weighted.Recall), "recall %v, want %v", r.Weighted.Recall, rc)
	require.Equal(t, math.Float64bits(f1), math.Float64bits(r.Weighted.F1), "F1 %v, want %v", r.Weighted.F1, f1)
}
