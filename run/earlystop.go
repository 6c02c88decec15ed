package run

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// earlyStopFields are the settings of --early-stop beyond its patience,
// by flag name; each given without --early-stop is refused, as a
// schedule's settings are without their schedule.
var earlyStopFields = []string{
	"early-stop-monitor", "early-stop-mode", "early-stop-min-delta",
	"early-stop-baseline", "early-stop-start-from-epoch", "early-stop-restore",
}

// validateEarlyStop checks EarlyStop and its settings, and spells the
// monitor and mode as nn.EarlyStopping takes them (nn.ResolveMonitor's
// names; "" as val_loss and auto); a mode against the monitor's direction
// is refused, as nn.MonitorMode refuses it.
func (c *Config) validateEarlyStop(given func(string) bool) error {
	if c.EarlyStop < 0 {
		return BadField("early-stop", c.EarlyStop, "must be >= 0 epochs (0 = off)")
	}
	if c.EarlyStop == 0 {
		for _, f := range earlyStopFields {
			if given(f) {
				return fmt.Errorf("--%s applies to early stopping, which --early-stop N (its patience in epochs) turns on; add --early-stop N, or drop --%s", f, f)
			}
		}
	}
	monitor, err := nn.ResolveMonitor(strings.ToLower(strings.TrimSpace(c.EarlyStopMonitor)))
	if err != nil {
		return BadField("early-stop-monitor", c.EarlyStopMonitor, "%v", err)
	}
	if monitor == "" {
		monitor = nn.MetricValLoss
	}
	c.EarlyStopMonitor = monitor
	if c.EarlyStopMode == "" {
		c.EarlyStopMode = "auto"
	}
	if c.EarlyStopMode, err = oneOf("early-stop-mode", c.EarlyStopMode, "auto", "min", "max"); err != nil {
		return err
	}
	if _, err := nn.MonitorMode(c.EarlyStopMode, c.EarlyStopMonitor); err != nil {
		return BadField("early-stop-mode", c.EarlyStopMode, "%v (--early-stop-monitor %s)", err, c.EarlyStopMonitor)
	}
	if err := checkNonNegative("early-stop-min-delta", c.EarlyStopMinDelta); err != nil {
		return err
	}
	if b := c.EarlyStopBaseline; b != nil && !finite(*b) {
		return BadField("early-stop-baseline", formatFloat(*b), "must be a finite number (leave the flag out for no baseline)")
	}
	if c.EarlyStopStart < 0 {
		return BadField("early-stop-start-from-epoch", c.EarlyStopStart, "must be >= 0 epochs")
	}
	if c.EarlyStop == 0 {
		return nil
	}
	if strings.HasSuffix(c.EarlyStopMonitor, "accuracy") && c.Data.Task == taskRegression {
		return BadField("early-stop-monitor", c.EarlyStopMonitor, "a regression has no accuracy: watch val_loss or loss")
	}
	if strings.HasPrefix(c.EarlyStopMonitor, "val_") && !c.hasVal() {
		if c.EarlyStopMonitor != "val_loss" {
			return BadField("early-stop", c.EarlyStop, "watches %s (--early-stop-monitor), which needs a validation set: add --val-split, e.g. --val-split 0.1, or --val FILE", c.EarlyStopMonitor)
		}
		return BadField("early-stop", c.EarlyStop, "needs a validation set: add --val-split, e.g. --val-split 0.1, or --val FILE (or watch the training loss with --early-stop-monitor loss)")
	}
	return nil
}

// hasVal reports whether the run has a validation set: a ValSplit or a
// Val file.
func (c *Config) hasVal() bool { return c.ValSplit > 0 || c.Data.Val != "" }

// earlyStopping is the run's nn.EarlyStopping (EarlyStop > 0).
func (c *Config) earlyStopping() *nn.EarlyStopping {
	es := nn.NewEarlyStopping(c.EarlyStop)
	es.Monitor, es.Mode, es.MinDelta = c.EarlyStopMonitor, c.EarlyStopMode, c.EarlyStopMinDelta
	es.StartFromEpoch, es.RestoreBest = c.EarlyStopStart, c.EarlyStopRestore
	if c.EarlyStopBaseline != nil {
		b := *c.EarlyStopBaseline
		es.Baseline = &b
	}
	return es
}

// EarlyStopMetric names in words the metric an --early-stop-monitor
// watches: "validation loss" for val_loss (and "", the default, as a
// checkpoint that records none watched), "training accuracy" for accuracy.
func EarlyStopMetric(monitor string) string {
	name, _ := nn.ResolveMonitor(monitor) // Keras's aliases; an unknown name reads as the default
	switch name {
	case nn.MetricValAccuracy:
		return "validation accuracy"
	case nn.MetricLoss:
		return "training loss"
	case nn.MetricAccuracy:
		return "training accuracy"
	}
	return "validation loss"
}

// earlyStopWhy says why early stopping ended the run: "no better
// validation loss for 2 epochs".
func (c *Config) earlyStopWhy() string {
	what := EarlyStopMetric(c.EarlyStopMonitor)
	if c.EarlyStopBaseline != nil {
		return fmt.Sprintf("no %s better than both the best and the baseline %s for %s", what, formatFloat(*c.EarlyStopBaseline), Plural(c.EarlyStop, "epoch"))
	}
	return fmt.Sprintf("no better %s for %s", what, Plural(c.EarlyStop, "epoch"))
}
