package data

import (
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyRows is a subset as Subset made it before subsets were views: the
// rows at idx copied into a dataset of their own, read whole.
func copyRows(t *testing.T, d *Dataset, idx []int) *Dataset {
	t.Helper()
	f := d.Features
	c := &Dataset{Features: f, Classes: d.Classes, Source: d.Source}
	row := make([]float32, f)
	for _, i := range idx {
		require.NoError(t, d.Gather(row, []int{i}))
		c.X = append(c.X, row...)
		c.Y = append(c.Y, d.Y[i])
	}
	return c
}

// The splits are views whose rows, in order, are those the copies held:
// the same samples in the same order, so training on them is unchanged.
func TestSplitsAreViewsOfTheSameRows(t *testing.T) {
	const n, f = 60, 5
	b, x := byteAndFloat(n, f, 9)
	for _, d := range []*Dataset{b, x} {
		perm := Permutation(n, 4)
		train, val, err := d.SplitValidation(0.25, 4)
		require.NoError(t, err)
		for _, part := range []struct {
			got  *Dataset
			want []int
		}{{train, perm[:45]}, {val, perm[45:]}} {
			want := copyRows(t, d, part.want)
			assert.False(t, part.got.Contiguous(), d.Source)
			assert.Equal(t, float32Bits(want.X), float32Bits(part.got.Matrix()), "%s: Matrix", d.Source)
			assert.Equal(t, want.Y, part.got.Y, "%s: labels", d.Source)
			for i, row := range part.got.Rows() {
				require.Equal(t, float32Bits(want.X[i*f:(i+1)*f]), float32Bits(row), "%s: Rows, sample %d", d.Source, i)
			}
			idx := []int{3, 0, 3, part.got.Len() - 1}
			g := make([]float32, len(idx)*f)
			require.NoError(t, part.got.Gather(g, idx))
			wantG := make([]float32, len(idx)*f)
			require.NoError(t, want.Gather(wantG, idx))
			assert.Equal(t, float32Bits(wantG), float32Bits(g), "%s: Gather", d.Source)
		}

		// A view of a view (a stratified test set, then its validation
		// split, then a slice) still names the original rows.
		rest, test, err := d.SplitStratified(0.2, 3)
		require.NoError(t, err)
		inner, _, err := rest.SplitValidation(0.5, 8)
		require.NoError(t, err)
		sl, err := inner.Slice(2, 9)
		require.NoError(t, err)
		var restRows, testRows []int
		for i := range n {
			if slices.Contains(testIdx(t, d, test), i) {
				testRows = append(testRows, i)
			} else {
				restRows = append(restRows, i)
			}
		}
		var innerRows []int
		nVal := int(0.5*float64(rest.Len()) + 0.5) // as SplitValidation rounds
		for _, p := range Permutation(rest.Len(), 8)[:rest.Len()-nVal] {
			innerRows = append(innerRows, restRows[p])
		}
		assert.Equal(t, float32Bits(copyRows(t, d, innerRows[2:9]).X), float32Bits(sl.Matrix()), "%s: a slice of a split of a split", d.Source)
		assert.Equal(t, float32Bits(copyRows(t, d, testRows).X), float32Bits(test.Matrix()), "%s: the stratified test set", d.Source)
	}
}

// testIdx finds which of d's rows the view test holds (the storage rows).
func testIdx(t *testing.T, d *Dataset, test *Dataset) []int {
	t.Helper()
	out := make([]int, test.Len())
	for i := range out {
		out[i] = test.Index(i)
	}
	return out
}

// Scaling a float view scales its own copy of its rows: neither the
// dataset it came from nor the other part of the split changes.
func TestApplyToAViewLeavesTheSharedRows(t *testing.T) {
	_, x := byteAndFloat(40, 4, 2)
	orig := slices.Clone(x.X)
	train, val, err := x.SplitValidation(0.25, 1)
	require.NoError(t, err)
	valBefore := val.Matrix()
	want := train.Matrix()
	s, err := FitScaler(NormStandard, train)
	require.NoError(t, err)
	for i := range want {
		j := i % 4
		want[i] = (want[i] - s.Offset[j]) * s.Scale[j]
	}
	require.NoError(t, s.Apply(train))
	assert.Equal(t, float32Bits(want), float32Bits(train.Matrix()), "the view's rows are scaled")
	assert.True(t, train.Contiguous(), "a scaled float view holds its own rows")
	assert.Equal(t, float32Bits(orig), float32Bits(x.X), "the original is unchanged")
	assert.Equal(t, float32Bits(valBefore), float32Bits(val.Matrix()), "the other part is unchanged")
}

// Splitting image bytes allocates indices and labels, not a copy of the
// images (what made --val-split peak 47 MB higher).
func TestSplitsDoNotCopyFeatures(t *testing.T) {
	const n, f = 2000, 784
	b, _ := byteAndFloat(n, f, 5)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	train, val, err := b.SplitValidation(0.1, 1)
	require.NoError(t, err)
	rest, test, err := train.SplitStratified(0.2, 1)
	require.NoError(t, err)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	// Indices, labels and permutations (8-byte ints, about 70 bytes a
	// sample here); copies of the images would be 784 bytes a sample more.
	assert.Less(t, allocated, uint64(n*f/4), "bytes allocated by two splits of %d images of %d bytes", n, f)
	for _, v := range []*Dataset{train, val, rest, test} {
		assert.Same(t, &b.U8[0], &v.U8[0], "the split shares the image bytes")
	}
}
