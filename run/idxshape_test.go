package run

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/idxfile"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// wideModule takes 1×6×10 images: after a 2×2 pool, 4 channels of 3×5.
const wideModule = "Sequential(Conv2d(1, 4, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(60, 2))"

// idxConfig is a one-epoch run of wideModule on 6×10 IDX images.
func idxConfig(t *testing.T) Config {
	dir := t.TempDir()
	c := DefaultConfig()
	c.Data.Train, c.Data.TrainLabels = idxfile.Images(t, dir, "train", 40, 6, 10)
	c.Data.Test, c.Data.TestLabels = idxfile.Images(t, dir, "test", 20, 6, 10)
	c.Model, c.Epochs, c.Batch, c.Seed, c.Quiet = wideModule, 1, 8, 3, true
	return c
}

// A --model network that takes images sees IDX samples at the size the
// file's header gives (rows×cols, not square); an InputShape or a
// checkpoint's input shape of another height and width is refused, naming
// both.
func TestIDXHeaderShape(t *testing.T) {
	c := idxConfig(t)
	c.Save = filepath.Join(t.TempDir(), "m.safetensors")
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	m, err := model.Load(c.Save)
	require.NoError(t, err)
	assert.Equal(t, nn.Shape{1, 6, 10}, m.Net.InShape())

	c = idxConfig(t)
	c.InputShape = []int{1, 6, 10}
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c), "the header's own shape")

	c = idxConfig(t)
	c.InputShape = []int{1, 10, 6}
	require.NoError(t, c.Validate(nil))
	err = Train(context.Background(), &c)
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("--input-shape 1,10,6 says images of 10×6 (height×width), but the IDX header of %s says its images are 6×10 (rows×cols); drop --input-shape to take the header's", c.Data.Train), err.Error())

	tall, tallLabels := idxfile.Images(t, t.TempDir(), "tall", 5, 10, 6)
	d, err := data.LoadIDX(tall, tallLabels, 2)
	require.NoError(t, err)
	err = CheckData(m, d)
	require.Error(t, err, "a 10×6 file has the 60 features of the model's 6×10 images")
	assert.Contains(t, err.Error(), `the model's "brawn.input_shape" 1,6,10 says images of 6×10 (height×width), but the IDX header of `+tall+" says its images are 10×6 (rows×cols)")
}

// A test set whose IDX header gives another image size than the training
// set's is refused, even with the same feature count.
func TestIDXTestShapeDiffers(t *testing.T) {
	c := idxConfig(t)
	c.Data.Test, c.Data.TestLabels = idxfile.Images(t, t.TempDir(), "tall", 20, 10, 6)
	require.NoError(t, c.Validate(nil))
	err := Train(context.Background(), &c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the IDX header of "+c.Data.Test+" gives samples of shape [10 6], that of "+c.Data.Train+" [6 10]")
}

// InputShape takes exactly three sizes, C,H,W.
func TestInputShapeThreeSizes(t *testing.T) {
	for _, shape := range [][]int{{64}, {1, 64}, {1, 1, 1, 64}, {}} {
		c := idxConfig(t)
		c.InputShape = shape
		err := c.Validate(nil)
		require.Error(t, err, "%v", shape)
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "input-shape", fe.Field)
		assert.Contains(t, err.Error(), fmt.Sprintf("takes three sizes C,H,W (channels, height, width), e.g. 1,28,28; it has %d", len(shape)))
	}
}

// Samples that are not square images, from a file whose header gives no
// image size, are refused with a pointer to InputShape.
func TestNotSquareNamesInputShape(t *testing.T) {
	c := blobConfig(t)
	c.Model, c.InputShape = "Sequential(Conv2d(3, 2, 1), Flatten(), Linear(4, 3))", nil
	require.NoError(t, c.Validate(nil))
	err := Train(context.Background(), &c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the data's 4 features are not 3 square image(s) (C×H×W with H = W); give each sample's shape with --input-shape C,H,W")
}
