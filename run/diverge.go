package run

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/nn"
)

// nonFiniteError explains a step that nn stopped because its loss,
// gradients or update were not finite: where, what, that the model kept
// the weights from before the step, which checkpoint is on disk, and what
// to change.
func (r *trainRun) nonFiniteError(e *nn.NonFiniteError) error {
	return stopf("non-finite", "training stopped at epoch %d, step %d (global step %d): %s, so the step's update was not applied; %s. %s",
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
	tips := []string{fmt.Sprintf("a lower --lr (now %g)", r.cfg.LR)}
	if r.cfg.ClipNorm > 0 {
		tips = append(tips, fmt.Sprintf("a lower --clip-norm (now %g)", r.cfg.ClipNorm))
	} else {
		tips = append(tips, "--clip-norm 1")
	}
	if r.cfg.Data.Normalize == "none" {
		tips = append(tips, "--normalize standard for features of large range")
	}
	if !r.normalized() {
		tips = append(tips, flagBatchNorm(r.spec != nil))
	}
	last := len(tips) - 1
	return "Try " + strings.Join(tips[:last], ", ") + ", or " + tips[last]
}

// keptCheckpoint says which checkpoint a run that stopped on divergence
// left behind: the last one it saved, else the one it resumed, else why
// there is none.
func (r *trainRun) keptCheckpoint() string {
	save := r.savedPath()
	switch {
	case r.ckpt.LastSaved > 0:
		return fmt.Sprintf("kept the last good checkpoint %s (epoch %d)", save, r.ckpt.LastSaved)
	case r.resumed != nil && save != "" && SamePath(save, r.cfg.Resume):
		return fmt.Sprintf("kept the last good checkpoint %s (epoch %d)", save, r.resumed.Epoch)
	case r.resumed != nil && save != "":
		return fmt.Sprintf("nothing was written to %s; the last good checkpoint is the one resumed, %s (epoch %d)", save, r.cfg.Resume, r.resumed.Epoch)
	case r.resumed != nil:
		return fmt.Sprintf("the last good checkpoint is the one resumed, %s (epoch %d)", r.cfg.Resume, r.resumed.Epoch)
	case save == "":
		return "no checkpoint was written (add --save FILE to keep one per epoch)"
	case r.lastGoodEpoch > 0:
		finished := "epoch 1"
		if r.lastGoodEpoch > 1 {
			finished = fmt.Sprintf("epochs 1 to %d", r.lastGoodEpoch)
		}
		return fmt.Sprintf("%s finished but no checkpoint was written: --save-every %d saves after epoch %d", finished, r.cfg.SaveEvery, r.cfg.SaveEvery)
	case len(r.hist.Epochs) > 0:
		return "no good epoch had finished, so no checkpoint was written"
	}
	return "no epoch had finished, so no checkpoint was written"
}
