package main

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/nn"
)

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
func (r *trainRun) checkDivergence(epoch int, trainLoss float64, layers []callbacks.LayerHealth) error {
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

// nonFiniteError explains a step that nn stopped because its loss,
// gradients or update were not finite: where, what, that the model kept
// the weights from before the step, which checkpoint is on disk, and what
// to change.
func (r *trainRun) nonFiniteError(e *nn.NonFiniteError) error {
	return exitf(exitNonFinite, "training stopped at epoch %d, step %d (global step %d): %s, so the step's update was not applied; %s. %s",
		e.Epoch, e.Step, e.GlobalStep, r.nonFiniteWhat(e), r.keptCheckpoint(), r.divergenceAdvice())
}

// nonFiniteWhat names the non-finite quantity and where it appeared.
func (r *trainRun) nonFiniteWhat(e *nn.NonFiniteError) string {
	where := ""
	if e.Layer >= 0 && e.Layer < len(r.net.Layers) {
		where = fmt.Sprintf("%s in layer %s", e.Param, callbacks.LayerLabel(r.net, e.Layer))
	}
	switch e.Quantity {
	case nn.QuantityLoss:
		if finite(e.Value) {
			return fmt.Sprintf("the loss %.4g is beyond float32's range", e.Value)
		}
		return fmt.Sprintf("the loss is %v", e.Value)
	case nn.QuantityGradient:
		if e.Index < 0 {
			return fmt.Sprintf("the gradient of %s overflows float32 (its norm is %v)", where, e.Value)
		}
		return fmt.Sprintf("the gradient of %s is %v at element %d", where, e.Value, e.Index)
	case nn.QuantityOptimizerState:
		return fmt.Sprintf("the update would make the optimizer's %s for %s %v at element %d", e.Buffer, where, e.Value, e.Index)
	default:
		return fmt.Sprintf("the update would make the %s %s %v at element %d", e.Quantity, where, e.Value, e.Index)
	}
}

// divergenceAdvice says what to change in a run that diverged, leaving
// out what the run already does.
func (r *trainRun) divergenceAdvice() string {
	tips := []string{fmt.Sprintf("a lower --lr (now %g)", r.tf.LR)}
	if r.tf.ClipNorm > 0 {
		tips = append(tips, fmt.Sprintf("a lower --clip-norm (now %g)", r.tf.ClipNorm))
	} else {
		tips = append(tips, "--clip-norm 1")
	}
	if r.df.Normalize == "none" {
		tips = append(tips, "--normalize standard for features of large range")
	}
	if !r.tf.BatchNorm {
		tips = append(tips, "--batchnorm")
	}
	last := len(tips) - 1
	return "Try " + strings.Join(tips[:last], ", ") + ", or " + tips[last]
}
