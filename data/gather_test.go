package data

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// byteAndFloat returns the same random images twice: as bytes (U8), and as
// the float32 values value/255 that LoadIDX returned before images stayed
// bytes, computed by division.
func byteAndFloat(n, f int, seed uint64) (bytes, floats *Dataset) {
	rng := rand.New(rand.NewPCG(seed, 1))
	u8 := make([]uint8, n*f)
	x := make([]float32, n*f)
	for i := range u8 {
		u8[i] = uint8(rng.IntN(256))
		if i%f == 0 {
			u8[i] = 7 // a constant feature: scale 1, not a division by 0
		}
		x[i] = float32(u8[i]) / 255
	}
	y := make([]int, n)
	for i := range y {
		y[i] = rng.IntN(3)
	}
	return &Dataset{U8: u8, Y: y, Features: f, Classes: 3, Source: "u8"},
		&Dataset{X: x, Y: append([]int(nil), y...), Features: f, Classes: 3, Source: "f32"}
}

// TestByteFeaturesGatherAsFloat: bytes fitted, scaled and gathered give the
// bits float32 features scaled by Scaler.Apply give, for every normalization,
// and the bytes never change.
func TestByteFeaturesGatherAsFloat(t *testing.T) {
	const n, f = 37, 11
	for _, method := range []Normalization{NormNone, NormMinMax, NormStandard} {
		b, x := byteAndFloat(n, f, 3)
		orig := append([]uint8(nil), b.U8...)
		sb, err := FitScaler(method, b)
		require.NoError(t, err)
		sx, err := FitScaler(method, x)
		require.NoError(t, err)
		require.Equal(t, sx, sb, "%s: the same statistics", method)
		require.NoError(t, sb.Apply(b))
		require.NoError(t, sx.Apply(x))
		assert.Equal(t, orig, b.U8, "%s: the bytes stay as they are", method)
		assert.Nil(t, b.X)

		idx := []int{5, 0, 36, 5, 17}
		gb, gx := make([]float32, len(idx)*f), make([]float32, len(idx)*f)
		require.NoError(t, b.Gather(gb, idx))
		require.NoError(t, x.Gather(gx, idx))
		assert.Equal(t, float32Bits(gx), float32Bits(gb), "%s: Gather", method)
		assert.Equal(t, float32Bits(x.X), float32Bits(b.Matrix()), "%s: Matrix", method)
		for i, row := range b.Rows() {
			require.Equal(t, float32Bits(x.Row(i)), float32Bits(row), "%s: Rows, sample %d", method, i)
		}
		b.Source = "bytes"
		assert.PanicsWithValue(t, "data: Dataset.Row(3) of bytes: its features are bytes (U8, such as MNIST's pixels), not float32 rows; read samples with Gather, which converts them",
			func() { b.Row(3) }, "%s: Row of byte features", method)
		sub, err := b.Subset([]int{36, 5})
		require.NoError(t, err)
		assert.Same(t, &b.U8[0], &sub.U8[0], "a subset shares the bytes")
		assert.Equal(t, 36, sub.Index(0))
		assert.Equal(t, float32Bits(x.X[36*f:37*f]), float32Bits(sub.Matrix()[:f]), "%s: a subset keeps the scaling", method)
		sl, err := b.Slice(5, 6)
		require.NoError(t, err)
		assert.Equal(t, float32Bits(x.Row(5)), float32Bits(sl.Matrix()), "%s: a slice keeps the scaling", method)
	}
}

func float32Bits(x []float32) []uint32 {
	b := make([]uint32, len(x))
	for i, v := range x {
		b[i] = math.Float32bits(v)
	}
	return b
}

func TestGatherErrors(t *testing.T) {
	b, x := byteAndFloat(4, 3, 1)
	for _, d := range []*Dataset{b, x} {
		dst := make([]float32, 6)
		assert.EqualError(t, d.Gather(dst, []int{0, 4}), d.Source+": sample index 4 is outside [0, 4)")
		assert.EqualError(t, d.Gather(dst, []int{-1}), d.Source+": sample index -1 is outside [0, 4)")
		assert.EqualError(t, d.Gather(dst[:5], []int{0, 1}), d.Source+": gathering 2 samples of 3 features needs 6 values, dst holds 5")
	}
}

func TestGatherAllocatesNothing(t *testing.T) {
	b, _ := byteAndFloat(50, 20, 2)
	s, err := FitScaler(NormStandard, b)
	require.NoError(t, err)
	require.NoError(t, s.Apply(b))
	dst := make([]float32, 8*20)
	idx := []int{1, 3, 5, 7, 9, 11, 13, 49}
	assert.Zero(t, testing.AllocsPerRun(10, func() {
		if err := b.Gather(dst, idx); err != nil {
			t.Fatal(err)
		}
	}))
}

func TestApplyByteFeatures(t *testing.T) {
	b, _ := byteAndFloat(4, 3, 1)
	s, err := FitScaler(NormMinMax, b)
	require.NoError(t, err)
	require.NoError(t, s.Apply(b))
	assert.EqualError(t, s.Apply(b), "u8: the features are scaled already (minmax normalization, applied to this dataset or to the one it was taken from before it was taken): scaling them again would scale them twice",
		"scaling twice would be silently wrong")

	b, _ = byteAndFloat(4, 3, 1)
	b.U8[2*3+1] = 200
	inf := &Scaler{Method: NormStandard, Offset: []float32{0, 0, 0}, Scale: []float32{1, float32(math.Inf(1)), 1}}
	err = inf.Apply(b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "u8: sample 0, feature 1: the value")
	assert.Contains(t, err.Error(), "which is not a finite float32")
	assert.Nil(t, b.scaler, "nothing applied")
}
