package run

import (
	"strconv"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// validateCycles checks the settings of --lr-schedule onecycle and
// cosine-restarts (validateSchedule has refused them for other
// schedules) and lower-cases AnnealStrategy.
func (c *Config) validateCycles() error {
	var err error
	if c.AnnealStrategy, err = oneOf("anneal-strategy", c.AnnealStrategy, "cos", "linear"); err != nil {
		return err
	}
	if err := checkNonNegative("max-lr", c.MaxLR); err != nil {
		return err
	}
	if err := checkFloat32("max-lr", c.MaxLR); err != nil {
		return err
	}
	if !(c.PctStart >= 0 && c.PctStart <= 1) {
		return BadField("pct-start", formatFloat(c.PctStart), "must be a fraction in [0, 1] of the run's steps")
	}
	if err := checkPositive("div-factor", c.DivFactor); err != nil {
		return err
	}
	if err := checkPositive("final-div-factor", c.FinalDivFactor); err != nil {
		return err
	}
	if c.Schedule == "onecycle" && c.Warmup > 0 {
		return BadField("warmup", c.Warmup, "--lr-schedule onecycle rises to --max-lr over its first --pct-start of the steps, its own warm-up; drop --warmup")
	}
	if c.T0 < 0 || c.T0 == 0 && c.Schedule == "cosine-restarts" {
		return BadField("t-0", c.T0, "--lr-schedule cosine-restarts needs the epochs of its first cycle, a positive number like 10")
	}
	if c.TMult < 1 {
		return BadField("t-mult", c.TMult, "must be an integer >= 1: each cycle is --t-mult times the one before")
	}
	return nil
}

// oneCycle builds --lr-schedule onecycle over the run's Epochs of
// stepsPerEpoch optimizer steps, peaking at MaxLR, or LR when it is 0.
func (c *Config) oneCycle(opt nn.Optimizer, stepsPerEpoch int) (nn.Scheduler, error) {
	maxLR := c.MaxLR
	if maxLR == 0 {
		maxLR = c.LR
	}
	cfg := nn.DefaultOneCycleLRConfig(maxLR, 0)
	cfg.Epochs, cfg.StepsPerEpoch = c.Epochs, stepsPerEpoch
	cfg.PctStart, cfg.AnnealStrategy, cfg.ThreePhase = c.PctStart, c.AnnealStrategy, c.ThreePhase
	cfg.DivFactor, cfg.FinalDivFactor = c.DivFactor, c.FinalDivFactor
	return nn.NewOneCycleLR(opt, cfg)
}

// checkCycleEpochs refuses to resume a --lr-schedule onecycle run saved
// in m for other --epochs: its one cycle spans the run's steps, and
// PyTorch's OneCycleLR cannot change its total_steps either.
func (c *Config) checkCycleEpochs(m *model.Model) error {
	saved, err := strconv.Atoi(m.Config["epochs"])
	if c.Schedule != "onecycle" || err != nil || saved == c.Epochs {
		return nil
	}
	return BadField("epochs", c.Epochs, "%s is a --lr-schedule onecycle run of %d epochs, whose one cycle spans them all; resume it with --epochs %d, or start a new run to train longer",
		c.Resume, saved, saved)
}

// stepsPerEpoch is the optimizer steps of an epoch of n samples in
// batches of batch.
func stepsPerEpoch(n, batch int) int { return (n + batch - 1) / batch }
