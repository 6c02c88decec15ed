package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseNormalization(t *testing.T) {
	for _, n := range []Normalization{NormNone, NormMinMax, NormStandard} {
		got, err := ParseNormalization(n.String())
		require.NoError(t, err)
		assert.Equal(t, n, got)
	}
	_, err := ParseNormalization("zscore")
	assert.EqualError(t, err, `unknown normalization "zscore": expected none, minmax or standard`)
}

func TestScalerStatisticsFromTrainingOnly(t *testing.T) {
	// Two features; the second is constant in training.
	train := &Dataset{X: []float32{1, 5, 3, 5, 5, 5, 7, 5}, Y: []int{0, 0, 0, 0}, Features: 2, Source: "train"}
	test := &Dataset{X: []float32{4, 9}, Y: []int{0}, Features: 2, Source: "test"}

	mm, err := FitScaler(NormMinMax, train)
	require.NoError(t, err)
	// Feature 0: min 1, max 7 -> (x-1)/6; feature 1: range 0 -> x-5.
	assert.Equal(t, []float32{1, 5}, mm.Offset)
	assert.Equal(t, []float32{float32(1.0 / 6), 1}, mm.Scale)
	testMM := &Dataset{X: append([]float32(nil), test.X...), Features: 2, Source: "test"}
	require.NoError(t, mm.Apply(testMM))
	assert.InDeltaSlice(t, []float32{0.5, 4}, testMM.X, 1e-6, "test data scaled with training min/max")

	st, err := FitScaler(NormStandard, train)
	require.NoError(t, err)
	// Feature 0: mean 4, population variance (9+1+1+9)/4 = 5.
	assert.InDeltaSlice(t, []float32{4, 5}, st.Offset, 1e-6)
	assert.InDeltaSlice(t, []float32{float32(1 / 2.2360679774997896), 1}, st.Scale, 1e-7)
	trainCopy := &Dataset{X: append([]float32(nil), train.X...), Features: 2}
	require.NoError(t, st.Apply(trainCopy))
	var mean, ss float64
	for i := 0; i < 4; i++ {
		mean += float64(trainCopy.X[2*i])
	}
	for i := 0; i < 4; i++ {
		ss += float64(trainCopy.X[2*i]) * float64(trainCopy.X[2*i])
	}
	assert.InDelta(t, 0, mean/4, 1e-6, "standardised training feature has mean 0")
	assert.InDelta(t, 1, ss/4, 1e-6, "and variance 1")

	none, err := FitScaler(NormNone, train)
	require.NoError(t, err)
	c := &Dataset{X: []float32{4, 9}, Features: 2}
	require.NoError(t, none.Apply(c))
	assert.Equal(t, []float32{4, 9}, c.X)

	bad := &Dataset{X: []float32{1, 2, 3}, Features: 3, Source: "other.csv"}
	assert.EqualError(t, mm.Apply(bad), "other.csv: 3 features per sample, but the normalization was fitted on 2")
}

func TestSplitValidation(t *testing.T) {
	n := 10
	d := &Dataset{Features: 1, Classes: n, Source: "d"}
	for i := 0; i < n; i++ {
		d.X = append(d.X, float32(i))
		d.Y = append(d.Y, i)
	}
	train, val, err := d.SplitValidation(0.3, 42)
	require.NoError(t, err)
	assert.Equal(t, 7, train.Len())
	assert.Equal(t, 3, val.Len())
	seen := map[int]bool{}
	for _, part := range []*Dataset{train, val} {
		for i, y := range part.Y {
			assert.Equal(t, float32(y), part.Row(i)[0], "features travel with their label")
			assert.False(t, seen[y], "sample %d appears twice", y)
			seen[y] = true
		}
	}
	assert.Len(t, seen, n)

	train2, val2, err := d.SplitValidation(0.3, 42)
	require.NoError(t, err)
	assert.Equal(t, train.Y, train2.Y, "same seed, same split")
	assert.Equal(t, val.Y, val2.Y)
	_, val3, err := d.SplitValidation(0.3, 43)
	require.NoError(t, err)
	assert.NotEqual(t, val.Y, val3.Y, "another seed, another split")

	same, none, err := d.SplitValidation(0, 1)
	require.NoError(t, err)
	assert.Same(t, d, same)
	assert.Nil(t, none)

	_, _, err = d.SplitValidation(1, 1)
	assert.EqualError(t, err, "validation fraction 1 is out of range: expected 0 <= fraction < 1")
	_, _, err = d.SplitValidation(0.01, 1)
	assert.EqualError(t, err, "d: a validation fraction of 0.01 of 10 samples leaves 0 for validation and 10 for training; both need at least one")
}

func TestPermutationIsUniformAndStable(t *testing.T) {
	// Deterministic: the generator is ours (pinned in TestSplitMix64Reference).
	assert.Equal(t, Permutation(8, 1), Permutation(8, 1))
	// Every element lands in every position about equally often.
	const n, trials = 4, 40000
	var counts [n][n]int
	for s := uint64(0); s < trials; s++ {
		for pos, v := range Permutation(n, s) {
			counts[pos][v]++
		}
	}
	for pos := range counts {
		for v := range counts[pos] {
			assert.InDelta(t, trials/n, counts[pos][v], 400, "position %d value %d", pos, v)
		}
	}
}

func TestSplitMix64Reference(t *testing.T) {
	// First outputs of SplitMix64 seeded with 0, as published with the
	// reference implementation (Vigna, splitmix64.c).
	state := uint64(0)
	assert.Equal(t, uint64(0xe220a8397b1dcdaf), splitMix64(&state))
	assert.Equal(t, uint64(0x6e789e6aa1b965f4), splitMix64(&state))
	assert.Equal(t, uint64(0x06c45d188009454f), splitMix64(&state))
}

func TestDatasetHelpers(t *testing.T) {
	d := &Dataset{X: []float32{0, 1, 2, 3, 4, 5}, Y: []int{0, 1, 2}, Features: 2, Classes: 3, Source: "d.csv"}
	assert.Equal(t, []float32{2, 3}, d.Row(1))
	s, err := d.Slice(1, 3)
	require.NoError(t, err)
	assert.Equal(t, []float32{2, 3, 4, 5}, s.X, "a slice of a dataset read whole is a sub-slice")
	assert.Equal(t, []int{1, 2}, s.Y)
	_, err = d.Slice(2, 4)
	assert.EqualError(t, err, "d.csv: sample range [2, 4) is outside [0, 3)")
	sub, err := d.Subset([]int{2, 0})
	require.NoError(t, err)
	assert.Equal(t, []float32{4, 5, 0, 1}, sub.Matrix())
	assert.Equal(t, []float32{4, 5}, sub.Row(0))
	assert.Same(t, &d.X[0], &sub.X[0], "a subset is a view: it shares the features")
	assert.Equal(t, []int{2, 0}, sub.Y)
	_, err = d.Subset([]int{3})
	assert.EqualError(t, err, "d.csv: sample index 3 is outside [0, 3)")

	assert.NoError(t, d.CheckFeatures(2))
	assert.EqualError(t, d.CheckFeatures(784),
		"d.csv: 2 features per sample, but the model expects 784 inputs; the data must have the layout the model was trained on")
	assert.EqualError(t, d.CheckFeatures(3),
		"d.csv: 2 features per sample, but the model expects 3 inputs; the data must have the layout the model was trained on"+
			" (one short: if the file has no label column, its last column was read as the labels; rows without labels are for prediction, not evaluation)")
	assert.NoError(t, d.CheckClasses(3))
	assert.EqualError(t, d.CheckClasses(2), "d.csv: sample 2 has label 2, out of range for a model with 2 classes (0..1)")
}

// A spread so small that its reciprocal overflows float32 gives the scale
// 1, as for a constant feature, not +Inf, so the training data scale to
// finite values; a range under 10 float32 epsilons is constant for minmax
// (scikit-learn's MinMaxScaler rule), one just over it is not.
func TestFitScalerTinySpread(t *testing.T) {
	// Feature 0 spreads over 2e-39 (a subnormal: 1/2e-39 > MaxFloat32),
	// feature 1 over 1e-6 (< 10·2⁻²³), feature 2 over 2e-6, feature 3
	// over 1.
	train := &Dataset{X: []float32{0, 5, 5, 0, 2e-39, 5.000001, 5.000002, 1}, Features: 4, Source: "train"}
	mm, err := FitScaler(NormMinMax, train)
	require.NoError(t, err)
	r2 := float64(float32(5.000002)) - 5
	assert.Equal(t, []float32{1, 1, float32(1 / r2), 1}, mm.Scale)
	st, err := FitScaler(NormStandard, train)
	require.NoError(t, err)
	assert.Equal(t, float32(1), st.Scale[0], "1/1e-39 overflows float32")
	assert.Equal(t, float32(2), st.Scale[3], "std 0.5")
	for _, s := range []*Scaler{mm, st} {
		c := &Dataset{X: append([]float32(nil), train.X...), Features: 4, Source: "train"}
		require.NoError(t, s.Apply(c), "%s: the training data scale to finite values", s.Method)
	}
}

// constantVariance is scikit-learn's _is_constant_feature: a variance
// within n·ε·v + (n·mean·ε)² of 0 is rounding noise of the two passes.
func TestConstantVariance(t *testing.T) {
	const eps = 0x1p-52
	assert.True(t, constantVariance(0, 0, 10))
	assert.True(t, constantVariance(0, 1e30, 10))
	assert.False(t, constantVariance(1e-80, 0, 10), "no mean to round: any variance counts")
	// mean 1e6 over 1000 values: the bound is (1e9·ε)² ≈ 4.9e-14.
	bound := (1e9 * eps) * (1e9 * eps)
	assert.True(t, constantVariance(bound*0.99, 1e6, 1000))
	assert.False(t, constantVariance(bound*1.01, 1e6, 1000))
	assert.True(t, constantVariance(bound*0.99, -1e6, 1000), "the sign of the mean does not matter")
}

// An unknown method is refused, naming the package, the value and the
// dataset.
func TestFitScalerUnknownMethod(t *testing.T) {
	d := &Dataset{X: []float32{1, 2}, Features: 1, Source: "train.csv"}
	_, err := FitScaler(Normalization(7), d)
	assert.EqualError(t, err, "data.FitScaler: unknown normalization 7 for train.csv: expected NormNone, NormMinMax or NormStandard")
}
