package run

import (
	"fmt"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// optimizerSlots is how many float32 values per parameter each optimizer
// keeps besides the weights and their gradients (momentum buffers, moment
// estimates; an upper bound for rmsprop with momentum or centered).
var optimizerSlots = map[string]int{
	"sgd": 1, "momentum": 1, "nesterov": 1, "adam": 2, "adamw": 2, "rmsprop": 3, "adagrad": 1,
}

// trainingBytes estimates the memory a training run of the architecture
// needs: the weights, their gradients and the optimizer's state, and per
// layer output the training batch's activations and their gradients
// (Linear, BatchNorm1d, activation and Dropout outputs, forward and
// backward) and the evaluation batch's outputs. It is a lower bound of
// the truth (the data and the runtime come on top), in float64 so that
// absurd sizes cannot overflow.
func trainingBytes(a model.MLP, optimizer string, batch, evalBatch int) float64 {
	slots, ok := optimizerSlots[optimizer]
	if !ok {
		slots = 2
	}
	perWidth := 4.0 // Linear and activation outputs, and their gradients
	if a.BatchNorm {
		perWidth += 2
	}
	if a.Dropout > 0 {
		perWidth += 3 // output, gradient, mask
	}
	widths := float64(a.Width()) * 2
	for _, h := range a.Hidden {
		widths += float64(h) * perWidth
	}
	values := a.Params()*float64(2+slots) + widths*float64(batch) + widths/2*float64(evalBatch)
	return 4 * values
}

// netTrainingBytes is trainingBytes for a built network (a --model
// one): its parameters times 2 plus the optimizer's slots, and each
// layer's output and its gradient per training sample, and the output per
// evaluation sample. It is a lower bound too: a Conv2d's im2col scratch
// and the pooling layers' argmax come on top.
func netTrainingBytes(net *nn.Sequential, optimizer string, batch, evalBatch int) float64 {
	slots, ok := optimizerSlots[optimizer]
	if !ok {
		slots = 2
	}
	var params, outs float64
	for _, l := range net.Describe() {
		params += float64(l.Params)
		outs += float64(l.Out)
	}
	return 4 * (params*float64(2+slots) + 2*outs*float64(batch) + outs*float64(evalBatch))
}

// checkMemory refuses a run whose estimated memory exceeds what the system
// has available, before anything is allocated, rather than dying of the
// out-of-memory killer or a runtime fatal error.
func checkMemory(a model.MLP, optimizer string, batch, evalBatch int) error {
	avail, ok := availableMemory()
	if !ok {
		return nil
	}
	if need := trainingBytes(a, optimizer, batch, evalBatch); need > avail.bytes {
		return fmt.Errorf("the network %s needs about %s to train (weights, gradients, %s state and the activations of batches of %d), more than the %s of memory available (%s); use smaller --layers or --batch",
			a, callbacks.FormatBytes(need), optimizer, batch, callbacks.FormatBytes(avail.bytes), avail.source)
	}
	return nil
}

// checkNetMemory is checkMemory for a built network (--model), before
// its first batch allocates the activations.
func checkNetMemory(net *nn.Sequential, optimizer string, batch, evalBatch int) error {
	avail, ok := availableMemory()
	if !ok {
		return nil
	}
	if need := netTrainingBytes(net, optimizer, batch, evalBatch); need > avail.bytes {
		return fmt.Errorf("the --model network needs about %s to train (weights, gradients, %s state and the activations of batches of %d), more than the %s of memory available (%s); use a smaller network or --batch",
			callbacks.FormatBytes(need), optimizer, batch, callbacks.FormatBytes(avail.bytes), avail.source)
	}
	return nil
}
