package main

import (
	"fmt"

	"github.com/brawn-ml/brawn/model"
)

// saveWeights writes --save-weights, the weights-only file, at the end of
// a run.
func (r *trainRun) saveWeights() error {
	if r.tf.SaveWeights == "" {
		return nil
	}
	if err := model.Save(r.tf.SaveWeights, model.WeightsOnly(r.snapshot())); err != nil {
		return fmt.Errorf("--save-weights: %w", err)
	}
	if !r.tf.Quiet {
		fmt.Fprintf(r.out, "saved the weights to %s\n", r.tf.SaveWeights)
	}
	return nil
}
