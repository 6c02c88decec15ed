package data

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// readScaled reads a small CSV file of 3 features and fits a standard
// scaler on it: the dataset, its unscaled values, what Apply makes them,
// and the scaler.
func readScaled(t *testing.T) (d *Dataset, raw, want []float32, s *Scaler) {
	t.Helper()
	d, err := DecodeCSV("s.csv", []byte("a,b,c,label\n1,10,5,0\n2,30,5,1\n4,20,5,0\n8,60,5,1\n"), CSVOptions{})
	require.NoError(t, err)
	s, err = FitScaler(NormStandard, d)
	require.NoError(t, err)
	raw = slices.Clone(d.X)
	want = make([]float32, len(raw))
	for i, v := range raw {
		want[i] = (v - s.Offset[i%3]) * s.Scale[i%3]
	}
	return d, raw, want, s
}

// Scaler.Apply scales the float features a reader allocated for the
// dataset in place while no view shares them, so that scaling a large
// file costs no second copy of its features; it copies them, as it used
// to do always, once a view shares them, and refuses a copy of the
// Dataset struct that shares the storage it scaled. A non-finite
// result still changes nothing.
func TestApplyScalesReaderFeaturesInPlace(t *testing.T) {
	d, _, want, s := readScaled(t)
	storage := &d.X[0]
	same, _, err := d.SplitValidation(0, 1) // d itself, not a view
	require.NoError(t, err)
	require.Same(t, d, same)
	c := *d // a copy of the struct, sharing X
	require.NoError(t, s.Apply(d))
	require.Same(t, storage, &d.X[0], "the reader's features are scaled in place")
	require.Equal(t, float32Bits(want), float32Bits(d.Matrix()))
	require.ErrorContains(t, s.Apply(&c), "the features are scaled already", "a copy sharing the scaled storage is not scaled twice")
	require.Equal(t, float32Bits(want), float32Bits(d.Matrix()))
	after, err := d.Slice(1, 3)
	require.NoError(t, err)
	require.ErrorContains(t, s.Apply(after), "the features are scaled already", "a view taken after")

	// A view taken before shares the features: they are copied.
	for _, view := range []func(*Dataset) (*Dataset, error){
		func(d *Dataset) (*Dataset, error) { return d.Slice(1, 3) },
		func(d *Dataset) (*Dataset, error) { return d.Subset([]int{2, 0}) },
		func(d *Dataset) (*Dataset, error) { v, _, err := d.SplitValidation(0.25, 1); return v, err },
		func(d *Dataset) (*Dataset, error) { _, v, err := d.SplitStratified(0.5, 1); return v, err },
	} {
		d, _, want, s := readScaled(t)
		v, err := view(d)
		require.NoError(t, err)
		unscaled := slices.Clone(v.Matrix())
		require.NoError(t, s.Apply(d))
		require.Equal(t, float32Bits(want), float32Bits(d.Matrix()))
		require.Equal(t, float32Bits(unscaled), float32Bits(v.Matrix()), "a view taken before keeps its values")
		require.NoError(t, s.Apply(v), "and is scaled once, on its own")
		for i, x := range unscaled {
			unscaled[i] = (x - s.Offset[i%3]) * s.Scale[i%3]
		}
		require.Equal(t, float32Bits(unscaled), float32Bits(v.Matrix()))
	}

	// An X the caller set is not the reader's: it is not written.
	d, raw, want, s := readScaled(t)
	given := slices.Clone(raw)
	d.X = given
	require.NoError(t, s.Apply(d))
	require.Equal(t, float32Bits(want), float32Bits(d.Matrix()))
	require.Equal(t, float32Bits(raw), float32Bits(given), "the caller's slice is not written")

	// A value that does not scale to a finite float32 changes nothing.
	d, raw, _, s = readScaled(t)
	huge := &Scaler{Method: NormStandard, Offset: []float32{0, 0, 0}, Scale: []float32{1, 1, 3e38}}
	require.ErrorContains(t, huge.Apply(d), "s.csv:2: column \"c\" (index 2): the value 5 scales to +Inf")
	require.Equal(t, float32Bits(raw), float32Bits(d.X), "a refused Apply changes nothing")
	require.NoError(t, s.Apply(d), "nor counts as scaling")
}
