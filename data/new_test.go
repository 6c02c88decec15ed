package data

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClassification(t *testing.T) {
	d, err := NewClassification([]float32{1, 2, 3, 4}, 2, []int{1, 0}, 2)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Len())
	assert.True(t, d.Labelled())
	_, err = NewClassification([]float32{1, 2}, 1, []int{0, 3}, 3)
	assert.ErrorContains(t, err, "sample 1 has label 3")
	_, err = NewClassification([]float32{1, float32(math.NaN())}, 1, []int{0, 1}, 3)
	assert.EqualError(t, err, "dataset sample 1 feature 0 is NaN")
	_, err = NewClassification([]float32{1, 2, 3}, 2, []int{0}, 3)
	assert.EqualError(t, err, "dataset has 3 feature values for 1 labels of 2 features")
	_, err = NewClassification(nil, 0, nil, 3)
	assert.EqualError(t, err, "dataset needs at least one feature, got 0")
	_, err = NewClassification([]float32{1}, 1, []int{0}, 0)
	assert.EqualError(t, err, "dataset needs at least one class, got 0")
}

// NewClassificationIgnoring lets the ignored label through, outside the
// classes, and no other; NewClassification refuses it.
func TestNewClassificationIgnoring(t *testing.T) {
	x := []float32{1, 2, 3}
	d, err := NewClassificationIgnoring(x, 1, []int{0, -100, 1}, 2, -100)
	require.NoError(t, err)
	assert.Equal(t, []int{0, -100, 1}, d.Y)
	_, err = NewClassificationIgnoring(x, 1, []int{0, -1, 1}, 2, -100)
	assert.EqualError(t, err, "dataset: sample 1 has label -1, out of range for a model with 2 classes (0..1)")
	_, err = NewClassificationIgnoring(x, 1, []int{0, 2, 1}, 2, -100)
	assert.ErrorContains(t, err, "sample 1 has label 2")
	_, err = NewClassification(x, 1, []int{0, -100, 1}, 2)
	assert.ErrorContains(t, err, "sample 1 has label -100")
}

func TestNewRegression(t *testing.T) {
	d, err := NewRegression([]float32{1, 2, 3, 4}, 2, []float32{5, 6, 7, 8}, 2)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Len())
	assert.Equal(t, []float32{7, 8}, d.Target(1))
	assert.Equal(t, []string{"column 0", "column 1"}, d.TargetNames)
	_, err = NewRegression([]float32{1, 2}, 1, []float32{5}, 1)
	assert.EqualError(t, err, "dataset has 2 feature values (1 per sample) and 1 targets (1 per sample): counts differ")
	_, err = NewRegression([]float32{float32(math.Inf(1))}, 1, []float32{5}, 1)
	assert.EqualError(t, err, "dataset sample 0 feature 0 is +Inf")
	_, err = NewRegression([]float32{1, 2, 3, 4}, 1, []float32{1, 2, 3, 4, 5, float32(math.NaN()), 7, 8}, 2)
	assert.EqualError(t, err, "dataset sample 2 target 1 is NaN")
	_, err = NewRegression([]float32{1}, 1, []float32{float32(math.Inf(-1))}, 1)
	assert.EqualError(t, err, "dataset sample 0 target 0 is -Inf")
	_, err = NewRegression([]float32{1}, 1, nil, 0)
	assert.EqualError(t, err, "dataset needs features and outputs, got 1 and 0")
}
