package callbacks

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/nn"
)

// parseTemplate reads a Path that is a PathTemplate (IsPathTemplate).
func (c *Checkpoint) parseTemplate() error {
	c.tmpl = nil
	if !IsPathTemplate(c.Path) {
		return nil
	}
	p, err := ParsePathTemplate(c.Path)
	if err != nil {
		return fmt.Errorf("callbacks: Checkpoint.Path: %w", err)
	}
	if c.OnInterrupt {
		return errors.New("callbacks: Checkpoint.OnInterrupt needs a Path without fields: an interrupted run is between the epochs a template names")
	}
	c.tmpl = p
	return nil
}

// checkTemplateFields refuses a template field the epochs of this Fit
// will not have (a validation metric without a validation set, an
// accuracy without class labels).
func (c *Checkpoint) checkTemplateFields(t *nn.Trainer) error {
	if c.tmpl == nil {
		return nil
	}
	for _, f := range c.tmpl.Fields() {
		if f == "epoch" {
			continue
		}
		if err := t.CheckMetric(f); err != nil {
			return fmt.Errorf("callbacks: Checkpoint.Path: the field {%s}: %w", f, err)
		}
	}
	return nil
}

// EpochPath returns the file a save to Path after the last epoch seen
// goes to: Path, or its template formatted with that epoch's number and
// metrics.
func (c *Checkpoint) EpochPath() string {
	if c.tmpl == nil {
		return c.Path
	}
	return c.tmpl.Format(c.values)
}

// epochValues are an epoch's values by PathTemplate field.
func epochValues(e *nn.EpochInfo) map[string]float64 {
	v := map[string]float64{"epoch": float64(e.Epoch), "loss": e.TrainLoss, "accuracy": e.TrainAccuracy}
	if e.HasVal {
		v["val_loss"], v["val_accuracy"] = e.ValLoss, e.ValAccuracy
	}
	return v
}
