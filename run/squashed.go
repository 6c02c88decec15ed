package run

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// squashedOutputsWarning returns the warning for a network whose last
// layer, a Softmax or a Sigmoid, squashes its outputs before a loss that
// takes logits and squashes them itself: cross-entropy (log-softmax) or
// --loss bce (the sigmoid); "" for any other network or loss. The loss is
// still that of the outputs taken as logits, as PyTorch computes it for
// the same model and loss; Keras warns of the same mistake. spec spells
// the layer as --model gives it (nil for the --layers MLP, which ends in
// a Linear).
func squashedOutputsWarning(net *nn.Sequential, spec *model.Spec, loss nn.Loss) string {
	last := len(net.Layers) - 1
	if spec == nil || last < 0 || len(spec.Layers) != len(net.Layers) {
		return ""
	}
	var squash string
	switch net.Layers[last].(type) {
	case *nn.Softmax:
		squash = "turns the outputs into probabilities"
	case *nn.Sigmoid:
		squash = "squashes each output into (0, 1)"
	default:
		return ""
	}
	name := spec.Layers[last].Type
	head := fmt.Sprintf("warning: --model ends in layer %d, %s, which %s, but ", last, spec.Layers[last], squash)
	switch loss.(type) {
	case *nn.CrossEntropyLoss:
		k := float64(net.OutFeatures())
		// The outputs' log-softmax is largest, for the right class, at
		// 1 there and 0 elsewhere.
		floor := math.Log((math.E + k - 1) / math.E)
		return head + fmt.Sprintf("the cross-entropy loss takes logits and applies log-softmax itself, as PyTorch's CrossEntropyLoss does (Keras warns of the same): "+
			"training then squashes the outputs twice, which slows it, and the loss cannot fall below %.4g even for certain outputs; drop the %s "+
			"(brawn predict reports the softmax of the outputs as the class probabilities either way)", floor, name)
	case *nn.BCEWithLogitsLoss:
		if name == "Softmax" { // over one output: always 1
			return head + "the softmax of the one output --loss bce trains is always 1, so the network cannot learn; drop the Softmax"
		}
		return head + "--loss bce takes a logit and applies the sigmoid itself, as PyTorch's BCEWithLogitsLoss does: training then squashes the output twice, " +
			"and every output is above 0, which predicts class 1; drop the Sigmoid (brawn predict reports sigmoid(logit) as the probability of class 1)"
	}
	return ""
}

// warnSquashedOutputs prints squashedOutputsWarning, once, before
// training.
func (r *trainRun) warnSquashedOutputs() {
	if w := squashedOutputsWarning(r.net, r.spec, r.loss); w != "" && !r.cfg.Quiet {
		fmt.Fprintln(r.errw, w)
	}
}
