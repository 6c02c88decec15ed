package data

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scaler.Apply scales the dataset it is given, and nothing else, whether
// the features are floats or bytes: views taken before keep the values
// they had (scale each with the same Scaler), views taken after share the
// scaled values and count as scaled, and scaling anything twice is an
// error. Float features used to be scaled in place, reaching earlier views
// (and scaling a Subset view as well scaled it twice), where bytes did not.
func TestApplyScalesOnlyItsDataset(t *testing.T) {
	const f = 5
	b, x := byteAndFloat(30, f, 3)
	orig := x.X
	given := slices.Clone(orig)
	var scaledBits [][]uint32
	for _, d := range []*Dataset{x, b} {
		raw := slices.Clone(d.Matrix())
		sub, err := d.Subset([]int{4, 0, 29})
		require.NoError(t, err)
		sl, err := d.Slice(2, 6)
		require.NoError(t, err)
		train, val, err := d.SplitValidation(0.2, 1)
		require.NoError(t, err)
		strat, _, err := d.SplitStratified(0.3, 1)
		require.NoError(t, err)
		before := map[string]*Dataset{"Subset": sub, "Slice": sl, "SplitValidation train": train, "SplitValidation val": val, "SplitStratified": strat}
		unscaled := map[string][]float32{}
		for name, v := range before {
			unscaled[name] = slices.Clone(v.Matrix())
		}

		s, err := FitScaler(NormStandard, d)
		require.NoError(t, err)
		want := slices.Clone(raw)
		for i := range want {
			want[i] = (want[i] - s.Offset[i%f]) * s.Scale[i%f]
		}
		require.NoError(t, s.Apply(d))
		got := d.Matrix()
		assert.Equal(t, float32Bits(want), float32Bits(got), "%s: the dataset is scaled once", d.Source)
		scaledBits = append(scaledBits, float32Bits(got))
		for name, v := range before {
			assert.Equal(t, float32Bits(unscaled[name]), float32Bits(v.Matrix()), "%s: a %s view taken before Apply keeps its values", d.Source, name)
		}

		after, err := d.Subset([]int{4, 0, 29})
		require.NoError(t, err)
		afterSl, err := d.Slice(2, 6)
		require.NoError(t, err)
		afterVal, _, err := d.SplitValidation(0.2, 1)
		require.NoError(t, err)
		for _, v := range []*Dataset{d, after, afterSl, afterVal} {
			before := slices.Clone(v.Matrix())
			assert.EqualError(t, s.Apply(v), d.Source+": the features are scaled already (standard normalization, applied to this dataset or to the one it was taken from before it was taken): scaling them again would scale them twice",
				"%s: a scaled dataset, or a view taken after scaling", d.Source)
			assert.Equal(t, float32Bits(before), float32Bits(v.Matrix()), "%s: a refused Apply changes nothing", d.Source)
		}
		assert.Equal(t, float32Bits([]float32{want[4*f], want[0], want[29*f]}), float32Bits([]float32{after.Matrix()[0], after.Matrix()[f], after.Matrix()[2*f]}),
			"%s: a view taken after Apply shares the scaled values", d.Source)

		// Scaling a view taken before scales it once, and only it.
		require.NoError(t, s.Apply(sub))
		wantSub := slices.Concat(want[4*f:5*f], want[0:f], want[29*f:30*f])
		assert.Equal(t, float32Bits(wantSub), float32Bits(sub.Matrix()), "%s: the Subset view taken before, scaled itself, is scaled once", d.Source)
		require.NoError(t, s.Apply(sl))
		assert.Equal(t, float32Bits(want[2*f:6*f]), float32Bits(sl.Matrix()), "%s: the Slice view taken before, scaled itself, is scaled once", d.Source)
		assert.Equal(t, float32Bits(unscaled["SplitValidation val"]), float32Bits(val.Matrix()), "%s: scaling one view leaves the others", d.Source)
		assert.Equal(t, float32Bits(want), float32Bits(d.Matrix()), "%s: scaling views leaves the dataset", d.Source)
	}
	assert.Equal(t, scaledBits[0], scaledBits[1], "floats and bytes of the same values scale to the same bits")
	assert.Equal(t, float32Bits(given), float32Bits(orig), "the float slice the dataset was made of is not written")
}
