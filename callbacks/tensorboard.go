package callbacks

import (
	"errors"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	tb "github.com/brawn-ml/brawn/tensorboard"
)

// TensorBoard writes a run's TensorBoard event file, as
// keras.callbacks.TensorBoard, under the tags of the tensorboard package:
// after every optimizer step (x axis: the global step) the batch loss and
// the learning rate; after every epoch (x axis: the epoch) the History's
// metrics of the epoch, each Linear and Conv2d layer's health (with
// Trainer.TrackHealth) and histograms of every parameter and its gradient
// (of the epoch's last step). It flushes the file after every epoch and
// closes it at the end of training (OnTrainEnd), as Keras closes its
// writers; a later Fit with the same callback writes a new event file in
// the same directory (tensorboard.ReadDir reads them as one run). Close it
// too, for the case where Fit never began it (a callback before it failed
// in OnTrainBegin): closing twice is harmless.
type TensorBoard struct {
	nn.BaseCallback
	// History, before the TensorBoard in Trainer.Callbacks, supplies the
	// epoch's metrics (nil: none are written).
	History *History
	logdir  string
	w       *tb.Writer
	closed  bool
}

// NewTensorBoard creates an event file in logdir (see
// tensorboard.NewWriter) whose epoch metrics come from h. Its error is
// NewWriter's: logdir or the file could not be created.
func NewTensorBoard(logdir string, h *History) (*TensorBoard, error) {
	w, err := tb.NewWriter(logdir)
	if err != nil {
		return nil, err
	}
	return &TensorBoard{History: h, logdir: logdir, w: w}, nil
}

// Path returns the path of the current (or last) event file ("" for a
// TensorBoard not made by NewTensorBoard).
func (c *TensorBoard) Path() string {
	if c.w == nil {
		return ""
	}
	return c.w.Path()
}

// Close flushes and closes the event file; it returns the first error the
// file met, and closing twice is harmless.
func (c *TensorBoard) Close() error {
	if c.w == nil {
		return nil
	}
	c.closed = true
	return c.w.Close()
}

// Setup implements nn.SetupCallback: it refuses a TensorBoard not made by
// NewTensorBoard (it has no event file), and a History that is not in
// Trainer.Callbacks before the TensorBoard, which would log each epoch
// with the previous epoch's metrics, or none.
func (c *TensorBoard) Setup(t *nn.Trainer) error {
	if c.w == nil {
		return errors.New("callbacks: TensorBoard has no event file: make it with NewTensorBoard(logdir, history)")
	}
	if c.History == nil {
		return nil
	}
	return checkHistoryBefore(t, c.History, c, "TensorBoard")
}

// OnTrainBegin implements nn.Callback: after a Fit that closed the event
// file, it opens a new one in the same directory, returning
// tensorboard.NewWriter's error if it cannot.
func (c *TensorBoard) OnTrainBegin(*nn.Trainer) error {
	if !c.closed {
		return nil
	}
	w, err := tb.NewWriter(c.logdir)
	if err != nil {
		return err
	}
	c.w, c.closed = w, false
	return nil
}

// OnStepEnd implements nn.Callback: the batch loss and learning rate. It
// returns the writer's error: the first failed write to the file, or a
// write after Close.
func (c *TensorBoard) OnStepEnd(_ *nn.Trainer, s *nn.StepInfo) error {
	step := int64(s.GlobalStep)
	if err := c.w.AddScalar(tb.TagBatchLoss, s.Loss, step); err != nil {
		return err
	}
	return c.w.AddScalar(tb.TagStepLR, s.LR, step)
}

// OnEpochEnd implements nn.Callback: the epoch's metrics, layer health
// and histograms, then a flush. It returns the writer's first error (a
// failed write, or a write after Close), skipping the events after it.
func (c *TensorBoard) OnEpochEnd(t *nn.Trainer, e *nn.EpochInfo) error {
	step := int64(e.Epoch)
	var scalars []scalar
	if c.History != nil && c.History.Last() != nil {
		scalars = metricScalars(*c.History.Last())
	}
	if e.Stats != nil { // health tracked
		scalars = append(scalars, scalar{tb.TagGradNorm, e.MeanGradNorm})
	}
	for _, l := range LinearHealth(t.Model, e.Stats) {
		scalars = append(scalars, scalar{tb.HealthTag(l.Index, tb.HealthWeightNorm), l.WeightNorm}, scalar{tb.HealthTag(l.Index, tb.HealthGradNorm), l.GradNorm})
		if l.DeadFraction >= 0 {
			scalars = append(scalars, scalar{tb.HealthTag(l.Index, tb.HealthDeadReLUFraction), l.DeadFraction})
		}
	}
	for _, s := range scalars {
		if err := c.w.AddScalar(s.tag, s.v, step); err != nil {
			return err
		}
	}
	for _, p := range t.Model.Params() {
		if err := c.w.AddHistogram(tb.WeightsPrefix+p.Name, p.Value.Data, step); err != nil {
			return err
		}
		if err := c.w.AddHistogram(tb.GradientsPrefix+p.Name, p.Grad.Data, step); err != nil {
			return err
		}
	}
	return c.w.Flush()
}

// OnTrainEnd implements nn.Callback: it flushes and closes the event file,
// returning Close's error.
func (c *TensorBoard) OnTrainEnd(*nn.Trainer, error) error { return c.Close() }

// scalar is one tagged value of an epoch.
type scalar struct {
	tag string
	v   float64
}

// metricScalars are an epoch's metrics as TensorBoard tags: the loss and
// accuracy (a fraction) of the training, test and validation sets, the
// learning rate and the training speed (none for an epoch that trained
// no sample in this process). A regression has R², MSE and MAE
// (in the targets' units) instead of the accuracy.
func metricScalars(m model.EpochMetrics) []scalar {
	tag := tb.MetricTag
	classifier := m.TestR2 == nil
	scalars := []scalar{{tag(tb.MetricLoss, tb.SplitTrain), m.TrainLoss}}
	if classifier {
		scalars = append(scalars, scalar{tag(tb.MetricAccuracy, tb.SplitTrain), m.TrainAccuracy})
	}
	scalars = append(scalars, scalar{tag(tb.MetricLoss, tb.SplitTest), m.TestLoss})
	if classifier {
		scalars = append(scalars, scalar{tag(tb.MetricAccuracy, tb.SplitTest), m.TestAccuracy})
	}
	scalars = append(scalars, scalar{tb.TagEpochLR, m.LR})
	if m.SamplesPerSec != 0 {
		// Not for an epoch that trained no sample here (FormatRate).
		scalars = append(scalars, scalar{tb.TagSamplesPerSec, m.SamplesPerSec})
	}
	if m.ValLoss != nil {
		scalars = append(scalars, scalar{tag(tb.MetricLoss, tb.SplitVal), *m.ValLoss})
	}
	if m.ValAccuracy != nil && classifier {
		scalars = append(scalars, scalar{tag(tb.MetricAccuracy, tb.SplitVal), *m.ValAccuracy})
	}
	for _, split := range []struct {
		name         string
		r2, mse, mae *float64
	}{{tb.SplitTest, m.TestR2, m.TestMSE, m.TestMAE}, {tb.SplitTrain, m.TrainR2, m.TrainMSE, m.TrainMAE}, {tb.SplitVal, m.ValR2, m.ValMSE, m.ValMAE}} {
		if split.r2 != nil {
			scalars = append(scalars, scalar{tag(tb.MetricR2, split.name), *split.r2},
				scalar{tag(tb.MetricMSE, split.name), *split.mse}, scalar{tag(tb.MetricMAE, split.name), *split.mae})
		}
	}
	return scalars
}

// HistoryScalars returns a run's history (a checkpoint's) as scalars by
// tag, with the epoch as the step, as tensorboard.ReadDir returns the
// scalars of a TensorBoard callback's event file.
func HistoryScalars(history []model.EpochMetrics) map[string][]tb.Scalar {
	out := map[string][]tb.Scalar{}
	for _, m := range history {
		for _, s := range metricScalars(m) {
			out[s.tag] = append(out[s.tag], tb.Scalar{Step: int64(m.Epoch), Value: s.v})
		}
	}
	return out
}
