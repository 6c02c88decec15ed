package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// --train-limit and --test-limit on MNIST give the rows that cutting the
// whole sets gave, scaled alike, and hold only those rows: not the 47 MB
// training set (a limited run peaked as high as a full one).
func TestMNISTLimitsHoldOnlyTheirRows(t *testing.T) {
	dir, err := data.MNISTDir()
	if err != nil {
		t.Skipf("MNIST files not available: %v", err)
	}
	d := DataConfig{Data: "mnist", MNISTDir: dir, TrainLimit: 50, TestLimit: 20, Normalize: "standard"}
	ds, err := d.loadTrain(0.2, 7, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, 40, ds.Train.Len())
	assert.Equal(t, 10, ds.Val.Len())
	assert.Equal(t, 20, ds.Test.Len())
	assert.Equal(t, 50*784, cap(ds.Train.U8), "the training and validation parts share the 50 images, and only those")
	assert.Equal(t, 20*784, cap(ds.Test.U8))

	fullTrain, fullTest, err := data.LoadMNIST(dir)
	require.NoError(t, err)
	train, err := fullTrain.Slice(0, 50)
	require.NoError(t, err)
	test, err := fullTest.Slice(0, 20)
	require.NoError(t, err)
	tr, val, err := train.SplitValidation(0.2, 7)
	require.NoError(t, err)
	s, err := data.FitScaler(data.NormStandard, tr)
	require.NoError(t, err)
	assert.Equal(t, s, ds.Scaler, "fitted on the same rows")
	for _, c := range []struct{ got, want *data.Dataset }{{ds.Train, tr}, {ds.Val, val}, {ds.Test, test}} {
		require.NoError(t, s.Apply(c.want))
		assert.Equal(t, c.want.Matrix(), c.got.Matrix())
		assert.Equal(t, c.want.Y, c.got.Y)
	}
}
