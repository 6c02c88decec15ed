package nn

import (
	"fmt"
	"math"
	"strconv"
)

// The metric names an EpochInfo answers to (EpochInfo.Metric), Keras's
// keys of an epoch's logs.
const (
	MetricLoss        = "loss"
	MetricAccuracy    = "accuracy"
	MetricValLoss     = "val_loss"
	MetricValAccuracy = "val_accuracy"
)

// ResolveMonitor returns the name EpochInfo.Metric gives a monitored
// metric: Keras's "loss", "accuracy", "val_loss" and "val_accuracy" as
// they are, its older "acc" and "val_acc" as the accuracies, and "" (a
// callback's default loss) as "". EarlyStopping, LRScheduler,
// callbacks.Checkpoint and brawn train's --monitor all take the names it
// takes. Another name is an error listing them, which names no package or
// field: its callers add where the name was given ("nn:
// EarlyStopping.Monitor: ...").
func ResolveMonitor(name string) (string, error) {
	switch name {
	case "", MetricLoss, MetricAccuracy, MetricValLoss, MetricValAccuracy:
		return name, nil
	case "acc":
		return MetricAccuracy, nil
	case "val_acc":
		return MetricValAccuracy, nil
	}
	return "", fmt.Errorf("unknown monitored metric %q; want %q, %q, %q or %q (or Keras's \"acc\", \"val_acc\")", name, MetricLoss, MetricAccuracy, MetricValLoss, MetricValAccuracy)
}

// MonitorMode resolves Keras's mode for the monitored metric name
// (ResolveMonitor's): "min" and "max" as they are, "auto" and "" as "max"
// for an accuracy and "min" for a loss. It refuses an unknown mode or
// name, and a mode against the metric's direction ("min" on an accuracy,
// "max" on a loss), which would take every worsening for an improvement;
// the error names no package or field.
func MonitorMode(mode, name string) (string, error) {
	if _, err := ResolveMonitor(name); err != nil {
		return "", err
	}
	if err := checkMode(mode, name); err != nil {
		return "", err
	}
	if up, _ := maximize(mode, name); up {
		return "max", nil
	}
	return "min", nil
}

// Metric returns the epoch's value of the metric a callback monitors, by
// its Keras name (ResolveMonitor): "loss" and "accuracy" (the training
// set's), "val_loss" and "val_accuracy"; "" is "val_loss", or "loss" for a
// Fit without a validation set (EarlyStopping's and LRScheduler's
// default). It returns an error for another name, for a validation
// metric without a validation set, and for an accuracy without class
// labels.
func (e *EpochInfo) Metric(name string) (float64, error) {
	v, err := e.metric(name)
	if err != nil {
		return 0, fmt.Errorf("nn: %w", err)
	}
	return v, nil
}

// metric is Metric with errors not prefixed, for the callbacks of this
// package to prefix with their field.
func (e *EpochInfo) metric(name string) (float64, error) {
	name, err := ResolveMonitor(name)
	if err != nil {
		return 0, err
	}
	var v float64
	switch name {
	case "":
		if e.HasVal {
			return e.ValLoss, nil
		}
		return e.TrainLoss, nil
	case MetricLoss:
		return e.TrainLoss, nil
	case MetricAccuracy:
		v = e.TrainAccuracy
	case MetricValLoss, MetricValAccuracy:
		if !e.HasVal {
			return 0, fmt.Errorf(errNeedsVal, name)
		}
		v = e.ValLoss
		if name == MetricValAccuracy {
			v = e.ValAccuracy
		}
	}
	if math.IsNaN(v) && name != MetricValLoss {
		return 0, fmt.Errorf(errNoLabels, name)
	}
	return v, nil
}

// The errors of a metric an epoch does not have (not prefixed).
const (
	errNeedsVal = "the monitored metric %q needs a validation set, and Fit has none"
	errNoLabels = "the monitored metric %q is an accuracy, and the dataset has no class labels"
)

// CheckMetric returns the error EpochInfo.Metric will give for name in the
// epochs of the current Fit (an unknown name, a validation metric without a
// validation set, an accuracy of a dataset without class labels), or nil.
// It knows the Fit's data from the callbacks' Setup on, so that a callback
// can refuse, before the first step, a metric it would fail to read after the
// first epoch.
func (t *Trainer) CheckMetric(name string) error {
	if err := t.checkMetric(name); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}

// checkMetric is CheckMetric with errors not prefixed, for the callbacks
// of this package to prefix with their field.
func (t *Trainer) checkMetric(name string) error {
	name, err := ResolveMonitor(name)
	if err != nil {
		return err
	}
	val := name == MetricValLoss || name == MetricValAccuracy
	if val && t.valLen == 0 {
		return fmt.Errorf(errNeedsVal, name)
	}
	labelled := t.labeled
	if val {
		labelled = t.valLabeled
	}
	if (name == MetricAccuracy || name == MetricValAccuracy) && !labelled {
		return fmt.Errorf(errNoLabels, name)
	}
	return nil
}

// maximize resolves a Keras mode ("min", "max", or "auto" / "": "max" for
// an accuracy, "min" otherwise) for metric name, with an error for
// another mode (not prefixed).
func maximize(mode, name string) (bool, error) {
	switch mode {
	case "min":
		return false, nil
	case "max":
		return true, nil
	case "", "auto":
		return isAccuracy(name), nil
	}
	return false, fmt.Errorf("mode %q is none of \"min\", \"max\" and \"auto\"", mode)
}

// isAccuracy reports whether the metric name improves upwards; the others,
// "" (a loss by default) included, are losses, which improve downwards.
func isAccuracy(name string) bool {
	name, _ = ResolveMonitor(name)
	return name == MetricAccuracy || name == MetricValAccuracy
}

// checkMode is maximize's check, and refuses too a mode against the
// direction in which name improves: "min" on an accuracy, "max" on a loss.
// Such a mode takes every worsening for an improvement (a plateau schedule
// then cuts the rate while the metric improves), and the metrics a
// callback monitors all say their direction, so the refusal loses nothing
// that "auto" would not give (the error is not prefixed).
func checkMode(mode, name string) error {
	up, err := maximize(mode, name)
	if err != nil || up == isAccuracy(name) {
		return err
	}
	metric := strconv.Quote(name)
	if name == "" {
		metric = fmt.Sprintf("loss (%q, or %q without a validation set)", MetricValLoss, MetricLoss)
	}
	if up {
		return fmt.Errorf("mode %q takes a rising %s for an improvement, but a loss improves downwards; use \"min\" or \"auto\"", mode, metric)
	}
	return fmt.Errorf("mode %q takes a falling %s for an improvement, but an accuracy improves upwards; use \"max\" or \"auto\"", mode, metric)
}
