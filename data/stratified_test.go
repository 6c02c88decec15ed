package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labelled makes a dataset of one feature (the sample's index) with the
// given class counts, classes interleaved.
func labelled(counts ...int) *Dataset {
	d := &Dataset{Features: 1, Classes: len(counts), Source: "s.csv"}
	left := append([]int(nil), counts...)
	for more := true; more; {
		more = false
		for c := range left {
			if left[c] > 0 {
				d.X = append(d.X, float32(len(d.Y)))
				d.Y = append(d.Y, c)
				left[c]--
				more = true
			}
		}
	}
	return d
}

func countOf(d *Dataset) []int {
	out := make([]int, d.Classes)
	for _, y := range d.Y {
		out[y]++
	}
	return out
}

func TestStratumSizes(t *testing.T) {
	// 25 of 100: shares 12.5, 7.5, 5; the one left goes to the first of
	// the tied remainders.
	assert.Equal(t, []int{13, 7, 5}, stratumSizes([]int{50, 30, 20}, 25, 100))
	// iris, test_size 0.2: 10 of each of 50.
	assert.Equal(t, []int{10, 10, 10}, stratumSizes([]int{50, 50, 50}, 30, 150))
	// wine, test_size 0.2 (ceil(35.6) = 36): shares 11.93, 14.36, 9.71 -> 11+14+9 = 34,
	// then one each to the largest remainders, .93 (class 0) and .71 (class 2).
	assert.Equal(t, []int{12, 14, 10}, stratumSizes([]int{59, 71, 48}, 36, 178))
}

func TestSplitStratified(t *testing.T) {
	d := labelled(59, 71, 48)
	train, test, err := d.SplitStratified(0.2, 7)
	require.NoError(t, err)
	assert.Equal(t, []int{12, 14, 10}, countOf(test))
	assert.Equal(t, []int{47, 57, 38}, countOf(train))

	// The parts are disjoint, cover d, and keep its row order.
	seen := map[float32]bool{}
	for _, part := range []*Dataset{train, test} {
		for i := 0; i < part.Len(); i++ {
			v := part.Row(i)[0]
			assert.False(t, seen[v], "sample %v in both parts", v)
			seen[v] = true
			assert.Equal(t, d.Y[int(v)], part.Y[i], "label travels with its row")
			if i > 0 {
				assert.Less(t, part.Row(i - 1)[0], v, "row order kept")
			}
		}
	}
	assert.Len(t, seen, d.Len())

	again, _, err := d.SplitStratified(0.2, 7)
	require.NoError(t, err)
	assert.Equal(t, train.Matrix(), again.Matrix(), "same seed, same split")
	other, _, err := d.SplitStratified(0.2, 8)
	require.NoError(t, err)
	assert.NotEqual(t, train.Matrix(), other.Matrix(), "another seed, another split")
}

func TestSplitStratifiedErrors(t *testing.T) {
	d := labelled(3, 2)
	for _, f := range []float64{0, 1, -0.1, 1.5} {
		_, _, err := d.SplitStratified(f, 1)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "out of range")
	}
	_, _, err := d.SplitStratified(0.9, 1)
	require.EqualError(t, err, "s.csv: a test fraction of 0.9 of 5 samples leaves 5 for testing and 0 for training; both need at least one")
	d.Y = nil
	_, _, err = d.SplitStratified(0.5, 1)
	require.EqualError(t, err, "s.csv: a stratified split needs labels")
}

// As scikit-learn's StratifiedShuffleSplit, a split that cannot put every
// class on both sides is refused: a class of one sample, or a side smaller
// than the number of classes.
func TestSplitStratifiedNeedsEveryClassOnBothSides(t *testing.T) {
	_, _, err := labelled(50, 50, 1).SplitStratified(0.5, 1)
	require.EqualError(t, err, "s.csv: class 2 has only 1 sample; a stratified split needs at least 2 of each class, one to train on and one to test")
	named := labelled(4, 1)
	named.ClassNames = []string{"cat", "dog"}
	_, _, err = named.SplitStratified(0.5, 1)
	require.ErrorContains(t, err, `class "dog" has only 1 sample`)

	_, _, err = labelled(50, 50, 50).SplitStratified(1e-9, 1)
	require.EqualError(t, err, "s.csv: a test fraction of 1e-09 of 150 samples leaves 1 for testing, fewer than the 3 classes; a stratified split needs one of each class on both sides")
	_, _, err = labelled(50, 50, 50).SplitStratified(0.985, 1)
	require.EqualError(t, err, "s.csv: a test fraction of 0.985 of 150 samples leaves 2 for training, fewer than the 3 classes; a stratified split needs one of each class on both sides")

	// A class the labels skip (none of index 1) does not count.
	d := labelled(3, 0, 3)
	train, test, err := d.SplitStratified(1.0/3, 1)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, 1}, countOf(test))
	assert.Equal(t, []int{2, 0, 2}, countOf(train))
}

// A rare class may end up on one side only, without an error, as
// scikit-learn's train_test_split(stratify=y) gives (the tester's 499,
// 499 and 2 samples, test_size 0.2: 100, 100 and 0 held out); the doc
// says so.
func TestSplitStratifiedLeavesARareClassOnOneSide(t *testing.T) {
	train, test, err := labelled(499, 499, 2).SplitStratified(0.2, 0)
	require.NoError(t, err)
	assert.Equal(t, []int{100, 100, 0}, countOf(test))
	assert.Equal(t, []int{399, 399, 2}, countOf(train))
}
