package model

import (
	"fmt"
	"math"
)

// RegressionScores are a regression's scores in the targets' own units, as
// scikit-learn's mean_squared_error, mean_absolute_error and r2_score
// compute them with multioutput="uniform_average": each target's score,
// averaged over the targets.
type RegressionScores struct {
	MSE, MAE, R2 float64 // MSE in squared target units, MAE in target units, R² unitless (1 is perfect)
}

// ScoreRegression computes the RegressionScores of predictions pred
// against the targets y, both row-major [n, outputs] in the targets' units,
// in float64. A target whose true values are all equal has R² 1 when
// predicted exactly and 0 otherwise (as r2_score's force_finite); R² of
// fewer than two samples is NaN, as r2_score returns it. It panics if
// outputs < 1, if the lengths of pred and y differ or are not a multiple
// of outputs, or if there are no samples (scikit-learn's metrics refuse 0
// samples too).
func ScoreRegression(pred, y []float32, outputs int) RegressionScores {
	if outputs < 1 || len(pred) != len(y) || len(y)%outputs != 0 || len(y) == 0 {
		panic(fmt.Sprintf("model: ScoreRegression of %d predictions and %d targets of %d outputs", len(pred), len(y), outputs))
	}
	n := len(y) / outputs
	mean := make([]float64, outputs)
	for i, v := range y {
		mean[i%outputs] += float64(v)
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	sq, abs, tot := make([]float64, outputs), make([]float64, outputs), make([]float64, outputs)
	for i, v := range y {
		j := i % outputs
		e := float64(pred[i]) - float64(v)
		sq[j] += float64(e * e) // unfused: the same bits on every architecture (nn/doc.go)
		abs[j] += math.Abs(e)
		d := float64(v) - mean[j]
		tot[j] += float64(d * d)
	}
	var s RegressionScores
	for j := range outputs {
		s.MSE += sq[j] / float64(n)
		s.MAE += abs[j] / float64(n)
		switch {
		case tot[j] != 0:
			s.R2 += 1 - sq[j]/tot[j]
		case sq[j] == 0:
			s.R2++
		}
	}
	k := float64(outputs)
	if n < 2 {
		s.R2 = math.NaN() // r2_score: not well-defined with less than two samples
	}
	return RegressionScores{s.MSE / k, s.MAE / k, s.R2 / k}
}

// String formats the scores as brawn's result lines end: "R² 0.9486, MSE
// 0.375, MAE 0.5".
func (s RegressionScores) String() string {
	return fmt.Sprintf("R² %.4f, MSE %.5g, MAE %.5g", s.R2, s.MSE, s.MAE)
}
