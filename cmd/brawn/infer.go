package main

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
)

// inferenceError names the file and line of a *model.NonFiniteError in
// d, and its cause.
func inferenceError(d *data.Dataset, err error) error {
	var nf *model.NonFiniteError
	if !errors.As(err, &nf) {
		return err
	}
	if nf.Unstandardized {
		return fmt.Errorf("%s: the model's output %d is %v in the targets' units for this row: its standardized value times the training targets' std plus their mean overflows float32",
			d.SamplePosition(nf.Row), nf.Output, nf.Value)
	}
	return fmt.Errorf("%s: the model's output %d is %v for this row: its features, scaled as the training data were, are too large for the network",
		d.SamplePosition(nf.Row), nf.Output, nf.Value)
}
