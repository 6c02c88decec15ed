package run

import "github.com/brawn-ml/brawn/nn"

// validatePlateau checks the plateau schedule's settings beyond its
// patience and factor, as torch.optim.lr_scheduler.ReduceLROnPlateau's
// constructor does and more (no NaN, no infinite rate, no mode against
// the loss it watches, as nn.MonitorMode refuses it).
func (c *Config) validatePlateau() error {
	if c.PlateauCooldown < 0 {
		return BadField("plateau-cooldown", c.PlateauCooldown, "must be >= 0 epochs")
	}
	if err := checkNonNegative("plateau-min-lr", c.PlateauMinLR); err != nil {
		return err
	}
	if err := checkFloat32("plateau-min-lr", c.PlateauMinLR); err != nil {
		return err
	}
	if err := checkNonNegative("plateau-threshold", c.PlateauThreshold); err != nil {
		return err
	}
	var err error
	if c.PlateauThresholdMode, err = oneOf("plateau-threshold-mode", c.PlateauThresholdMode, "rel", "abs"); err != nil {
		return err
	}
	if c.PlateauMode == "" {
		c.PlateauMode = "auto"
	}
	if c.PlateauMode, err = oneOf("plateau-mode", c.PlateauMode, "auto", "min", "max"); err != nil {
		return err
	}
	monitor, watches := nn.MetricValLoss, "val_loss"
	if !c.hasVal() {
		monitor, watches = nn.MetricLoss, "the training loss: no --val-split or --val"
	}
	if _, err := nn.MonitorMode(c.PlateauMode, monitor); err != nil {
		return BadField("plateau-mode", c.PlateauMode, "%v (--lr-schedule plateau watches %s)", err, watches)
	}
	return nil
}
