package main

import (
	"fmt"

	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/tensorboard"
)

// eventLog writes a run's TensorBoard event file (--logdir). Per optimizer
// step (x axis: global step): "loss/train_batch" and "lr/step". Per epoch
// (x axis: epoch): "loss/train", "loss/val", "loss/test", "accuracy/..."
// likewise (fractions), "lr/epoch", "speed/samples_per_sec"; each Linear
// layer's "health/<i>/weight_norm", "health/<i>/grad_norm" and
// "health/<i>/dead_relu_fraction"; and histograms "weights/<name>" and
// "gradients/<name>" of every parameter (the gradient of the epoch's last
// step). A regression has "r2/...", "mse/..." and "mae/..." (train, test
// and val, in the targets' units) instead of "accuracy/...".
type eventLog struct {
	w *tensorboard.Writer
}

func openEventLog(dir string) (*eventLog, error) {
	w, err := tensorboard.NewWriter(dir)
	if err != nil {
		return nil, fmt.Errorf("--logdir: %w", err)
	}
	return &eventLog{w: w}, nil
}

func (e *eventLog) step(s *nn.StepInfo) error {
	step := int64(s.GlobalStep)
	if err := e.w.AddScalar("loss/train_batch", s.Loss, step); err != nil {
		return err
	}
	return e.w.AddScalar("lr/step", s.LR, step)
}

// scalar is one tagged value of an epoch.
type scalar struct {
	tag string
	v   float64
}

func (e *eventLog) epoch(m epochMetrics, net *nn.Sequential, layers []layerHealth) error {
	step := int64(m.Epoch)
	scalars := []scalar{
		{"loss/train", m.TrainLoss}, {"accuracy/train", m.TrainAccuracy},
		{"loss/test", m.TestLoss}, {"accuracy/test", m.TestAccuracy},
		{"lr/epoch", m.LR}, {"speed/samples_per_sec", m.SamplesPerSec},
	}
	if m.ValLoss != nil {
		scalars = append(scalars, scalar{"loss/val", *m.ValLoss}, scalar{"accuracy/val", *m.ValAccuracy})
	}
	scalars = regressionScalars(scalars, m)
	for _, l := range layers {
		prefix := "health/" + l.Index + "/"
		scalars = append(scalars, scalar{prefix + "weight_norm", l.WeightNorm}, scalar{prefix + "grad_norm", l.GradNorm})
		if l.DeadFraction >= 0 {
			scalars = append(scalars, scalar{prefix + "dead_relu_fraction", l.DeadFraction})
		}
	}
	for _, s := range scalars {
		if err := e.w.AddScalar(s.tag, s.v, step); err != nil {
			return err
		}
	}
	for _, p := range net.Params() {
		if err := e.w.AddHistogram("weights/"+p.Name, p.Value.Data, step); err != nil {
			return err
		}
		if err := e.w.AddHistogram("gradients/"+p.Name, p.Grad.Data, step); err != nil {
			return err
		}
	}
	return e.w.Flush()
}

func (e *eventLog) close() error { return e.w.Close() }
