package callbacks

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/tensorboard"
)

// The event file holds the batch loss and learning rate of every step, and
// every epoch's History metrics (as HistoryScalars gives them), layer
// health and histograms, as tensorboard.ReadDir reads them back.
func TestTensorBoardWritesRun(t *testing.T) {
	tr, ds := blobTrainer(t, 10, 2) // 3 steps per epoch
	tr.TrackHealth = true
	dir := t.TempDir()
	h := &History{Test: ds}
	c, err := NewTensorBoard(dir, h)
	require.NoError(t, err)
	tr.Callbacks = []nn.Callback{h, c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.NoError(t, c.Close())

	run, err := tensorboard.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{c.Path()}, run.Files)
	require.Len(t, run.Scalars[tensorboard.TagBatchLoss], 6)
	assert.Equal(t, int64(6), run.Scalars[tensorboard.TagBatchLoss][5].Step)
	assert.Equal(t, float64(float32(0.1)), run.Scalars[tensorboard.TagStepLR][0].Value, "stored as float32")
	want := HistoryScalars(h.Epochs)
	require.NotEmpty(t, want)
	for tag, points := range want {
		require.Len(t, run.Scalars[tag], len(points), tag)
		for i, p := range points {
			assert.Equal(t, p.Step, run.Scalars[tag][i].Step, tag)
			assert.Equal(t, float64(float32(p.Value)), run.Scalars[tag][i].Value, tag)
		}
	}
	for _, tag := range []string{"health/0/weight_norm", "health/0/grad_norm", "weights/0.weight", "gradients/0.bias"} {
		assert.Len(t, append(run.Scalars[tag], make([]tensorboard.Scalar, len(run.Histograms[tag]))...), 2, tag)
	}
	assert.Empty(t, run.Scalars["health/0/dead_relu_fraction"], "no ReLU follows the layer")
	assert.Empty(t, run.Warnings)
}

// A checkpoint's history becomes the scalars brawn plot draws, under the
// tags TensorBoard holds: a validation loss without its accuracy (or the
// reverse) is kept where present, and a regression has its scores and no
// accuracy.
func TestHistoryScalars(t *testing.T) {
	vl, va := 0.7, 0.6
	s := HistoryScalars([]model.EpochMetrics{
		{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.5, ValLoss: &vl, TestLoss: 1.1, TestAccuracy: 0.45, LR: 0.1},
		{Epoch: 2, TrainLoss: 0.8, TrainAccuracy: 0.6, ValAccuracy: &va, TestLoss: 0.9, TestAccuracy: 0.55, LR: 0.1},
	})
	assert.Equal(t, []tensorboard.Scalar{{Step: 1, Value: 1}, {Step: 2, Value: 0.8}}, s["loss/train"])
	assert.Equal(t, []tensorboard.Scalar{{Step: 1, Value: 0.7}}, s["loss/val"])
	assert.Equal(t, []tensorboard.Scalar{{Step: 2, Value: 0.6}}, s["accuracy/val"])
	assert.Equal(t, []tensorboard.Scalar{{Step: 1, Value: 0.45}, {Step: 2, Value: 0.55}}, s["accuracy/test"])
	assert.Equal(t, []int64{1, 2}, tensorboard.EpochSteps(s))

	r2, mse, mae := 0.9, 0.2, 0.3
	s = HistoryScalars([]model.EpochMetrics{{Epoch: 3, TrainLoss: 1, TestLoss: 1, TestR2: &r2, TestMSE: &mse, TestMAE: &mae}})
	assert.Equal(t, []tensorboard.Scalar{{Step: 3, Value: 0.9}}, s["r2/test"])
	assert.Equal(t, []tensorboard.Scalar{{Step: 3, Value: 0.3}}, s["mae/test"])
	assert.NotContains(t, s, "accuracy/test")
	assert.NotContains(t, s, "accuracy/train")
	assert.NotContains(t, s, "r2/val")
}

// Fit's end closes the event file, whatever way Fit ends (nothing more can
// be written to it, and Close after it is harmless); a second Fit with the
// same callback writes a second file that ReadDir reads with the first.
func TestTensorBoardClosesAtTrainEnd(t *testing.T) {
	tr, ds := blobTrainer(t, 10, 1) // 3 steps per epoch
	dir := t.TempDir()
	c, err := NewTensorBoard(dir, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	tr.Callbacks = []nn.Callback{c, &Lambda{StepEnd: func(_ *nn.Trainer, s *nn.StepInfo) error {
		if s.Step == 2 {
			cancel()
		}
		return nil
	}}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	first := c.Path()
	require.ErrorContains(t, c.w.AddScalar("x", 1, 1), "write after Close")
	require.NoError(t, c.Close())
	require.NoError(t, c.Close())

	tr.Callbacks = []nn.Callback{c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.NotEqual(t, first, c.Path())
	require.ErrorContains(t, c.w.AddScalar("x", 1, 1), "write after Close")
	run, err := tensorboard.ReadDir(dir)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{first, c.Path()}, run.Files)
	var steps []int64
	for _, s := range run.Scalars[tensorboard.TagBatchLoss] {
		steps = append(steps, s.Step)
	}
	assert.Equal(t, []int64{1, 2, 3}, steps, "steps 1-2, then the rest of the epoch")
	assert.Empty(t, run.Warnings)
}

// A CNN's event file has a weight and a gradient histogram of every
// parameter, inside Residual blocks too (under its state_dict name), and
// the health scalars of its Conv2d layers.
func TestTensorBoardCNNHistograms(t *testing.T) {
	net := cnnHealthNet(t)
	x := make([]float32, 8*36)
	for i := range x {
		x[i] = float32(i%11) / 11
	}
	ds, err := data.NewClassification(x, 36, []int{0, 1, 2, 0, 1, 2, 0, 1}, 3)
	require.NoError(t, err)
	opt, err := nn.NewSGD(nn.Groups(net.Params(), 0.01, 0, false), nn.SGDConfig{})
	require.NoError(t, err)
	tr := &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 1, TrackHealth: true}
	dir := t.TempDir()
	c, err := NewTensorBoard(dir, nil)
	require.NoError(t, err)
	tr.Callbacks = []nn.Callback{c}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.NoError(t, c.Close())

	run, err := tensorboard.ReadDir(dir)
	require.NoError(t, err)
	for _, p := range net.Params() {
		assert.Len(t, run.Histograms["weights/"+p.Name], 1, p.Name)
		assert.Len(t, run.Histograms["gradients/"+p.Name], 1, p.Name)
	}
	assert.Contains(t, run.Histograms, "weights/4.f.0.weight")
	for _, tag := range []string{"health/0/weight_norm", "health/4.f.0/grad_norm", "health/4.f.0/dead_relu_fraction", "health/7/weight_norm"} {
		assert.Len(t, run.Scalars[tag], 1, tag)
	}
	assert.Empty(t, run.Warnings)
}
