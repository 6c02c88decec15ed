package main

import "fmt"

// explodedLoss is how many times the run's first loss an epoch's mean
// training loss may reach before the run counts as diverged: training
// lowers the loss, so a thousandfold rise is no longer a bumpy start.
const explodedLoss = 1000

// firstLossKey saves the run's first loss in the checkpoint's state, so a
// resumed run measures divergence against the same yardstick.
const firstLossKey = "health.first_loss"

// divergedError stops a run whose weights or gradients are no longer
// finite or whose loss exploded, before its checkpoint is overwritten.
type divergedError struct {
	stopped string // "non-finite" or "diverged", as --json reports it
	msg     string
}

func (e *divergedError) Error() string { return e.msg }

// checkDivergence returns a *divergedError when an epoch left non-finite
// weight or gradient norms in a layer, or a mean training loss above
// explodedLoss times the run's first step's loss.
func (r *trainRun) checkDivergence(epoch int, trainLoss float64, layers []layerHealth) error {
	for _, l := range layers {
		if !finite(l.WeightNorm) || !finite(l.GradNorm) {
			return &divergedError{"non-finite", fmt.Sprintf("training diverged at epoch %d: layer %s has weight norm %v and gradient norm %v", epoch, l.Layer, l.WeightNorm, l.GradNorm)}
		}
	}
	if r.firstLoss > 0 && trainLoss > explodedLoss*r.firstLoss {
		return &divergedError{"diverged", fmt.Sprintf("training diverged at epoch %d: the training loss %.4g is over %d times the first step's %.4g", epoch, trainLoss, explodedLoss, r.firstLoss)}
	}
	if !finite(trainLoss) {
		return &divergedError{"non-finite", fmt.Sprintf("training diverged at epoch %d: the training loss is %v", epoch, trainLoss)}
	}
	return nil
}
