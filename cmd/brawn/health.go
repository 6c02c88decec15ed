package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
)

// Thresholds of the warnings. They are rules of thumb: gradients vanish in
// a layer whose per-weight gradient RMS is below 1/1000 of the largest
// layer's (the signal dies on its way back through the layers, Glorot &
// Bengio 2010), or below 1e-7, which no longer moves float32 weights of
// order 0.1 at usual learning rates; a gradient RMS above 10 makes a step
// of lr*10 per weight, far larger than the weights themselves; weights that
// shrink to 1/20 of their initial RMS or grow 20-fold have left the regime
// the initialisation chose. A training loss below fittedLoss leaves
// nothing to learn, so small gradients are then no sign of trouble.
const (
	vanishingGradRMS = 1e-7
	vanishingRatio   = 1e-3
	fittedLoss       = 1e-3
	explodingGradRMS = 10
	collapseRatio    = 0.05
	growthRatio      = 20
	deadUnitsLimit   = 0.5
)

// healthMonitor compares each epoch's layers with their state at the start
// and returns warnings in plain words, each naming the layer and the usual
// remedy. A warning is given once per layer and kind, not every epoch.
type healthMonitor struct {
	initialRMS map[string]float64
	warned     map[string]bool
	// The run's --init, --activation and --batchnorm, so that the advice
	// leaves out what is already done; init "" gives all the advice.
	init, activation string
	batchNorm        bool
	// unscaled, when not "", is the advice to scale the features, added to
	// every warning: unscaled inputs cause most of what they report.
	unscaled string
}

func newHealthMonitor() *healthMonitor {
	return &healthMonitor{initialRMS: map[string]float64{}, warned: map[string]bool{}}
}

// baseline records the layers' weights before training.
func (h *healthMonitor) baseline(layers []callbacks.LayerHealth) {
	for _, l := range layers {
		h.initialRMS[l.Layer] = rms(l.WeightNorm, l.Elements)
	}
}

func rms(norm float64, n int) float64 {
	if n <= 0 {
		return 0
	}
	return norm / math.Sqrt(float64(n))
}

// check returns the new warnings for one epoch's statistics, given the
// epoch's mean training loss.
func (h *healthMonitor) check(epoch int, trainLoss float64, layers []callbacks.LayerHealth) []string {
	var out []string
	warn := func(l callbacks.LayerHealth, kind, format string, args ...any) {
		key := l.Layer + "/" + kind
		if h.warned[key] {
			return
		}
		h.warned[key] = true
		msg := fmt.Sprintf("warning: epoch %d, layer %s: ", epoch, l.Layer) + fmt.Sprintf(format, args...)
		if h.unscaled != "" {
			msg += "; " + h.unscaled
		}
		out = append(out, msg)
	}
	largest := 0.0
	for _, l := range layers {
		largest = math.Max(largest, rms(l.GradNorm, l.Elements))
	}
	for _, l := range layers {
		g := rms(l.GradNorm, l.Elements)
		w := rms(l.WeightNorm, l.Elements)
		switch {
		case math.IsNaN(g) || math.IsInf(g, 0) || g > explodingGradRMS:
			warn(l, "explode", "gradients explode (RMS %.3g per weight); lower --lr, add --clip-norm 1, or add --batchnorm", g)
		case trainLoss < fittedLoss:
		case g < vanishingGradRMS || g < vanishingRatio*largest:
			warn(l, "vanish", "gradients vanish (RMS %.3g per weight, the largest layer's is %.3g), so the layer stops learning; %s", g, largest, h.vanishingAdvice())
		}
		if w0 := h.initialRMS[l.Layer]; w0 > 0 {
			switch {
			case w < collapseRatio*w0:
				warn(l, "collapse", "weights collapse toward zero (RMS %.3g, was %.3g); lower --weight-decay/--l2/--l1 or raise --lr", w, w0)
			case w > growthRatio*w0 || math.IsInf(w, 0):
				warn(l, "grow", "weights grow without bound (RMS %.3g, was %.3g); lower --lr, add --weight-decay or --l2, or add --clip-norm 1", w, w0)
			}
		}
		if l.DeadFraction > deadUnitsLimit {
			advice := "lower --lr, use --init he, or --activation leakyrelu"
			if strings.HasPrefix(h.init, "he") {
				advice = "lower --lr or use --activation leakyrelu"
			}
			warn(l, "dead", "%.0f%% of its ReLU units were never active this epoch (dead); %s", 100*l.DeadFraction, advice)
		}
	}
	return out
}

// vanishingAdvice lists the remedies for vanishing gradients that the run
// does not use already.
func (h *healthMonitor) vanishingAdvice() string {
	if h.init == "" {
		return "use --init he with ReLU, --activation relu instead of sigmoid/tanh, fewer layers, or add --batchnorm"
	}
	var tips []string
	switch {
	case h.activation == "sigmoid" || h.activation == "tanh":
		tips = append(tips, "--activation relu instead of "+h.activation+" (with --init he)")
	case !strings.HasPrefix(h.init, "he"):
		tips = append(tips, "--init he (for "+h.activation+")")
	}
	tips = append(tips, "fewer layers")
	if !h.batchNorm {
		tips = append(tips, "--batchnorm")
	}
	if len(tips) == 1 {
		return "try " + tips[0]
	}
	return "try " + strings.Join(tips[:len(tips)-1], ", ") + " or " + tips[len(tips)-1]
}
