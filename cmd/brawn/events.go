package main

import (
	"fmt"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	tb "github.com/brawn-ml/brawn/tensorboard"
)

// eventLog writes a run's TensorBoard event file (--logdir), with the tags
// of the tensorboard package: per optimizer step (x axis: global step)
// the batch loss and learning rate; per epoch (x axis: epoch) the metrics
// of metricScalars, each Linear layer's health and histograms of every
// parameter and its gradient (of the epoch's last step).
type eventLog struct {
	w *tb.Writer
}

func openEventLog(dir string) (*eventLog, error) {
	w, err := tb.NewWriter(dir)
	if err != nil {
		return nil, fmt.Errorf("--logdir: %w", err)
	}
	return &eventLog{w: w}, nil
}

func (e *eventLog) step(s *nn.StepInfo) error {
	step := int64(s.GlobalStep)
	if err := e.w.AddScalar(tb.TagBatchLoss, s.Loss, step); err != nil {
		return err
	}
	return e.w.AddScalar(tb.TagStepLR, s.LR, step)
}

// scalar is one tagged value of an epoch.
type scalar struct {
	tag string
	v   float64
}

// metricScalars are an epoch's metrics as TensorBoard tags: the loss and
// accuracy (a fraction) of the training, test and, with --val-split,
// validation sets, the learning rate and the training speed. A regression
// has R², MSE and MAE (in the targets' units) instead of the accuracy.
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
	scalars = append(scalars, scalar{tb.TagEpochLR, m.LR}, scalar{tb.TagSamplesPerSec, m.SamplesPerSec})
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

// historyScalars is a run's history (a checkpoint's) as scalars by tag,
// as tensorboard.ReadDir returns a --logdir's.
func historyScalars(history []model.EpochMetrics) map[string][]tb.Scalar {
	out := map[string][]tb.Scalar{}
	for _, m := range history {
		for _, s := range metricScalars(m) {
			out[s.tag] = append(out[s.tag], tb.Scalar{Step: int64(m.Epoch), Value: s.v})
		}
	}
	return out
}

func (e *eventLog) epoch(m model.EpochMetrics, net *nn.Sequential, layers []layerHealth) error {
	step := int64(m.Epoch)
	scalars := metricScalars(m)
	for _, l := range layers {
		scalars = append(scalars, scalar{tb.HealthTag(l.Index, tb.HealthWeightNorm), l.WeightNorm}, scalar{tb.HealthTag(l.Index, tb.HealthGradNorm), l.GradNorm})
		if l.DeadFraction >= 0 {
			scalars = append(scalars, scalar{tb.HealthTag(l.Index, tb.HealthDeadReLUFraction), l.DeadFraction})
		}
	}
	for _, s := range scalars {
		if err := e.w.AddScalar(s.tag, s.v, step); err != nil {
			return err
		}
	}
	for _, p := range net.Params() {
		if err := e.w.AddHistogram(tb.WeightsPrefix+p.Name, p.Value.Data, step); err != nil {
			return err
		}
		if err := e.w.AddHistogram(tb.GradientsPrefix+p.Name, p.Grad.Data, step); err != nil {
			return err
		}
	}
	return e.w.Flush()
}

func (e *eventLog) close() error { return e.w.Close() }
