package callbacks

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/nn"
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
	// zeroGradRMS is a per-weight gradient RMS that is rounding residue,
	// not signal: at a learning rate of 1 it moves a float32 weight of
	// order 0.1 by a ten-thousandth of its last bit. A network whose
	// ReLUs all died has gradients of 1e-18 or so, rather than exactly 0.
	zeroGradRMS = 1e-12
)

// zeroGradientsKey marks Health's network-wide warning of gradients that
// are 0 in every layer as given.
const zeroGradientsKey = "/zero gradients"

// gradNormKey marks CheckGradNorm's warning as given.
const gradNormKey = "/grad norm"

// ExplodedLoss is how many times the run's first loss an epoch's mean
// training loss may reach before Health stops the run as diverged:
// training lowers the loss, so a thousandfold rise is no longer a bumpy
// start.
const ExplodedLoss = 1000

// DeadUnitsMinSamples is the epoch size below which Health gives no
// dead-unit warning: on a handful of samples many healthy ReLU units stay
// off.
const DeadUnitsMinSamples = 64

// Health watches each epoch's Linear and Conv2d layers, inside Residual
// blocks too (it needs Trainer.TrackHealth, and Fit refuses it without):
// it writes warnings in plain words, each naming the layer and the usual
// remedy, once per layer and kind; and it stops a run that diverged with
// a *DivergedError, before the callbacks after it (a checkpoint) see the
// diverged model. The advice is spelled by Remedies.
type Health struct {
	nn.BaseCallback
	// W receives the warnings, one a line (nil: none are written).
	W io.Writer
	// The run's initializer, activation and batch normalization, so that
	// the advice leaves out what is already done; Init "" gives all the
	// advice.
	Init, Activation string
	BatchNorm        bool // the network has batch normalization: its advice is left out
	// Module says the network is a module string (brawn train --model)
	// rather than an MLP the program builds from settings: Remedies may
	// then name the layers to put in it. Activation is then unused.
	Module bool
	// Remedies spells the advice; nil is LibraryRemedies.
	Remedies *Remedies
	// Unscaled, when not "", is the advice to scale the features, added
	// to every warning: unscaled inputs cause most of what they report.
	Unscaled string
	// InitialRMS is each layer's weight RMS before training, by label
	// (set by Baseline, or at the start of Fit when empty).
	InitialRMS map[string]float64
	// FirstLoss is the run's first step's loss (at the initial weights),
	// the yardstick of divergence; 0 until the first step.
	FirstLoss float64

	warned map[string]bool
	// autoBaseline: InitialRMS was taken by OnTrainBegin, not Baseline,
	// so the next fresh run takes its own.
	autoBaseline bool
}

// Baseline records the layers' weights before training (LinearHealth of
// Sequential.Stats).
func (h *Health) Baseline(layers []LayerHealth) {
	h.autoBaseline = false
	h.InitialRMS = map[string]float64{}
	for _, l := range layers {
		h.InitialRMS[l.Layer] = rms(l.WeightNorm, l.Elements)
	}
}

// Setup implements nn.SetupCallback: it refuses a Trainer without
// TrackHealth, whose epochs carry no layer statistics to watch; and a
// fresh run (no step done yet) starts with its own yardsticks and
// warnings, as EarlyStopping starts with fresh counters, so that one
// Health can watch several runs: FirstLoss, the warnings given, and the
// baseline an earlier Fit took (one set with Baseline is kept). A resumed
// run keeps them.
func (h *Health) Setup(t *nn.Trainer) error {
	if !t.TrackHealth {
		return errors.New("callbacks: Health needs Trainer.TrackHealth (the epochs' layer statistics)")
	}
	if t.Epoch() == 0 && t.EpochStep() == 0 && t.GlobalStep() == 0 {
		h.FirstLoss, h.warned = 0, nil
		if h.autoBaseline {
			h.InitialRMS, h.autoBaseline = nil, false
		}
	}
	return nil
}

// OnTrainBegin implements nn.Callback: without a baseline, the model's
// weights now are it. Its error is always nil.
func (h *Health) OnTrainBegin(t *nn.Trainer) error {
	if len(h.InitialRMS) == 0 {
		h.Baseline(LinearHealth(t.Model, t.Model.Stats()))
		h.autoBaseline = true
	}
	return nil
}

// OnStepEnd implements nn.Callback: it keeps the run's first loss. Its
// error is always nil.
func (h *Health) OnStepEnd(_ *nn.Trainer, s *nn.StepInfo) error {
	if h.FirstLoss == 0 {
		h.FirstLoss = s.Loss
	}
	return nil
}

// OnEpochEnd implements nn.Callback: it writes the epoch's new warnings
// (without dead-unit ones on epochs under DeadUnitsMinSamples samples) and
// returns a *DivergedError for a diverged epoch (see CheckDivergence).
func (h *Health) OnEpochEnd(t *nn.Trainer, e *nn.EpochInfo) error {
	lh := LinearHealth(t.Model, e.Stats)
	weights, others := t.Model.NumParams()
	warnings := h.Check(e.Epoch, e.TrainLoss, withoutDeadUnits(lh, e.Samples))
	warnings = append(warnings, h.CheckGradNorm(e.Epoch, e.MeanGradNorm, weights+others, t.ClipNorm > 0 || t.ClipValue > 0)...)
	for _, w := range warnings {
		if h.W != nil {
			if _, err := fmt.Fprintln(h.W, w); err != nil {
				return err
			}
		}
	}
	return h.CheckDivergence(e.Epoch, e.TrainLoss, lh)
}

func rms(norm float64, n int) float64 {
	if n <= 0 {
		return 0
	}
	return norm / math.Sqrt(float64(n))
}

// withoutDeadUnits drops the dead-unit fractions from the warnings' input
// when the epoch saw too few samples for them to mean anything.
func withoutDeadUnits(lh []LayerHealth, samples int) []LayerHealth {
	if samples >= DeadUnitsMinSamples {
		return lh
	}
	out := slices.Clone(lh)
	for i := range out {
		out[i].DeadFraction = -1
	}
	return out
}

// Check returns the new warnings ("warning: epoch 2, layer 0 (Linear
// 4->16): gradients explode ...") for one epoch's layers, given the
// epoch's mean training loss. A warning is given once per layer and kind.
func (h *Health) Check(epoch int, trainLoss float64, layers []LayerHealth) []string {
	if h.warned == nil {
		h.warned = map[string]bool{}
	}
	var out []string
	// note adds the warning msg once for key, with the scaling advice.
	note := func(key, msg string) {
		if h.warned[key] {
			return
		}
		h.warned[key] = true
		if h.Unscaled != "" {
			msg += "; " + h.Unscaled
		}
		out = append(out, msg)
	}
	warn := func(l LayerHealth, kind, format string, args ...any) {
		note(l.Layer+"/"+kind, fmt.Sprintf("warning: epoch %d, layer %s: ", epoch, l.Layer)+fmt.Sprintf(format, args...))
	}
	largest := 0.0
	for _, l := range layers {
		largest = math.Max(largest, rms(l.GradNorm, l.Elements))
	}
	r := h.remedies()
	// Gradients that are 0 (or rounding residue, zeroGradRMS) in every
	// layer did not fade on their way back through the layers: the output
	// stopped depending on the weights,
	// as when a step too large leaves every ReLU unit of a layer off for
	// every sample. One warning says so instead of one "vanish" a layer,
	// whose remedies (initialization, depth) would not help.
	allZero := largest < zeroGradRMS && len(layers) > 0 && trainLoss >= fittedLoss
	if allZero {
		note(zeroGradientsKey, fmt.Sprintf("warning: epoch %d: the weights' gradient is 0 in every layer, so the weights stopped learning (as when every ReLU unit of a layer is off for every sample after too large a step: only the biases after it still learn); lower %s or use %s", epoch, r.LR, h.activationTip("leakyrelu")))
	}
	for _, l := range layers {
		g := rms(l.GradNorm, l.Elements)
		w := rms(l.WeightNorm, l.Elements)
		switch {
		case math.IsNaN(g) || math.IsInf(g, 0) || g > explodingGradRMS:
			warn(l, "explode", "gradients explode (RMS %.3g per weight); lower %s, add %s, or add %s", g, r.LR, r.ClipNorm, h.batchNormTip())
		case trainLoss < fittedLoss || allZero:
		case g < vanishingGradRMS || g < vanishingRatio*largest:
			warn(l, "vanish", "gradients vanish (RMS %.3g per weight, the largest layer's is %.3g), so the layer stops learning; %s", g, largest, h.vanishingAdvice())
		}
		if w0 := h.InitialRMS[l.Layer]; w0 > 0 {
			switch {
			case w < collapseRatio*w0:
				warn(l, "collapse", "weights collapse toward zero (RMS %.3g, was %.3g); lower %s or raise %s", w, w0, r.Decay, r.LR)
			case w > growthRatio*w0 || math.IsInf(w, 0):
				warn(l, "grow", "weights grow without bound (RMS %.3g, was %.3g); lower %s, add %s, or add %s", w, w0, r.LR, r.AddDecay, r.ClipNorm)
			}
		}
		if l.DeadFraction > deadUnitsLimit {
			advice := "lower " + r.LR + ", use " + r.InitHe + ", or " + h.activationTip("leakyrelu")
			if strings.HasPrefix(h.Init, "he") {
				advice = "lower " + r.LR + " or use " + h.activationTip("leakyrelu")
			}
			warn(l, "dead", "%s of its ReLU units were never active this epoch (dead); %s", percent(l.DeadFraction), advice)
		}
	}
	return out
}

// CheckGradNorm returns the warning, if any, that the gradients explode,
// from norm, the epoch's mean global gradient norm before clipping
// (nn.EpochInfo.MeanGradNorm) over values parameter values, with clipped
// telling whether the run clips its gradients. Clipping holds the
// layers' gradient norms that Check reads to its bound, so that Check
// sees no explosion there. The warning is given once, and not after
// Check has warned of a layer's gradients exploding.
func (h *Health) CheckGradNorm(epoch int, norm float64, values int, clipped bool) []string {
	if h.warned == nil {
		h.warned = map[string]bool{}
	}
	g := rms(norm, values)
	if !(g > explodingGradRMS) || h.warned[gradNormKey] {
		return nil
	}
	for key := range h.warned {
		if strings.HasSuffix(key, "/explode") {
			return nil
		}
	}
	h.warned[gradNormKey] = true
	r := h.remedies()
	msg := fmt.Sprintf("warning: epoch %d: gradients explode (global norm %.3g, the mean over the epoch's steps: RMS %.3g per value); lower %s, add %s, or add %s",
		epoch, norm, g, r.LR, r.ClipNorm, h.batchNormTip())
	if clipped {
		msg = fmt.Sprintf("warning: epoch %d: gradients explode before clipping (global norm %.3g, the mean over the epoch's steps: RMS %.3g per value; clipping bounds each step's, and the layers' norms are the clipped ones); lower %s or add %s",
			epoch, norm, g, r.LR, h.batchNormTip())
	}
	if h.Unscaled != "" {
		msg += "; " + h.Unscaled
	}
	return []string{msg}
}

// DivergedError stops a run whose weights or gradients are no longer
// finite or whose loss exploded.
type DivergedError struct {
	Stopped string // "non-finite" or "diverged"
	Msg     string // the whole message, naming the epoch and the layer or loss
}

// Error returns Msg.
func (e *DivergedError) Error() string { return e.Msg }

// CheckDivergence returns a *DivergedError when an epoch left non-finite
// weight or gradient norms in a layer, a mean training loss above
// ExplodedLoss times FirstLoss, or a non-finite one.
func (h *Health) CheckDivergence(epoch int, trainLoss float64, layers []LayerHealth) error {
	for _, l := range layers {
		if !finite(l.WeightNorm) || !finite(l.GradNorm) {
			return &DivergedError{"non-finite", fmt.Sprintf("training diverged at epoch %d: layer %s has weight norm %v and gradient norm %v", epoch, l.Layer, l.WeightNorm, l.GradNorm)}
		}
	}
	if h.FirstLoss > 0 && trainLoss > ExplodedLoss*h.FirstLoss {
		return &DivergedError{"diverged", fmt.Sprintf("training diverged at epoch %d: the training loss %.4g is over %d times the first step's %.4g", epoch, trainLoss, ExplodedLoss, h.FirstLoss)}
	}
	if !finite(trainLoss) {
		return &DivergedError{"non-finite", fmt.Sprintf("training diverged at epoch %d: the training loss is %v", epoch, trainLoss)}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// percent formats a fraction in [0, 1] as a whole percentage, except that
// one below 1 (or above 0) never reads 100% (or 0%): 255 dead units of 256
// are 99.6%, not all of them.
func percent(f float64) string {
	switch p := 100 * f; {
	case f < 1 && p >= 99.95:
		return "over 99.9%"
	case f < 1 && p >= 99.5:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	case f > 0 && p < 0.5:
		return strconv.FormatFloat(p, 'g', 2, 64) + "%"
	default:
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	}
}
