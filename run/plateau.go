package run

// validatePlateau checks the plateau schedule's settings beyond its
// patience and factor, as torch.optim.lr_scheduler.ReduceLROnPlateau's
// constructor does and more (no NaN, no infinite rate).
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
	c.PlateauThresholdMode, err = oneOf("plateau-threshold-mode", c.PlateauThresholdMode, "rel", "abs")
	return err
}
