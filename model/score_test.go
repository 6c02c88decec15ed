package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The examples of scikit-learn's documentation of r2_score,
// mean_squared_error and mean_absolute_error, with their documented values.
func TestScoreRegressionMatchesScikitLearn(t *testing.T) {
	s := ScoreRegression([]float32{2.5, 0, 2, 8}, []float32{3, -0.5, 2, 7}, 1)
	assert.InDelta(t, 0.9486081370449679, s.R2, 1e-12)
	assert.InDelta(t, 0.375, s.MSE, 1e-12)
	assert.InDelta(t, 0.5, s.MAE, 1e-12)
	// multioutput="uniform_average" over two targets.
	s = ScoreRegression([]float32{0, 2, -1, 2, 8, -5}, []float32{0.5, 1, -1, 1, 7, -6}, 2)
	assert.InDelta(t, 0.9368005266622779, s.R2, 1e-12)
	assert.InDelta(t, 0.7083333333333334, s.MSE, 1e-12)
	assert.InDelta(t, 0.75, s.MAE, 1e-12)
	// Constant true values: 1 when exact, else 0 (force_finite).
	assert.Equal(t, 1.0, ScoreRegression([]float32{2, 2}, []float32{2, 2}, 1).R2)
	assert.Equal(t, 0.0, ScoreRegression([]float32{2, 3}, []float32{2, 2}, 1).R2)
	// A prediction of the mean scores 0; a worse one is negative.
	assert.Equal(t, 0.0, ScoreRegression([]float32{2, 2}, []float32{1, 3}, 1).R2)
	assert.Equal(t, -3.0, ScoreRegression([]float32{3, 1}, []float32{1, 3}, 1).R2)
	// One sample: R² is not defined, NaN as r2_score returns (with its
	// UndefinedMetricWarning); MSE and MAE are.
	s = ScoreRegression([]float32{1, 3}, []float32{2, 2}, 2)
	assert.True(t, math.IsNaN(s.R2), "R² of one sample: %v", s.R2)
	assert.Equal(t, 1.0, s.MSE)
	assert.Equal(t, 1.0, s.MAE)
}

func TestScoreRegressionPanicsOnMismatch(t *testing.T) {
	assert.PanicsWithValue(t, "model: ScoreRegression of 3 predictions and 2 targets of 1 outputs", func() { ScoreRegression([]float32{1, 2, 3}, []float32{1, 2}, 1) })
	assert.Panics(t, func() { ScoreRegression([]float32{1, 2, 3}, []float32{1, 2, 3}, 2) })
	assert.Panics(t, func() { ScoreRegression(nil, nil, 0) })
	assert.PanicsWithValue(t, "model: ScoreRegression of 0 predictions and 0 targets of 1 outputs", func() { ScoreRegression(nil, nil, 1) })
}

func TestRegressionScoresString(t *testing.T) {
	assert.Equal(t, "R² 0.9486, MSE 0.375, MAE 0.5", ScoreRegression([]float32{2.5, 0, 2, 8}, []float32{3, -0.5, 2, 7}, 1).String())
}
