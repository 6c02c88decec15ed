package callbacks

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealthWarnings(t *testing.T) {
	const n = 100 // weights per layer: RMS = norm / 10
	h := &Health{}
	h.Baseline([]LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "2 (Linear)", WeightNorm: 1, Elements: n},
		{Layer: "4 (Linear)", WeightNorm: 1, Elements: n},
	})
	healthy := []LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1.5, GradNorm: 0.01, Elements: n, DeadFraction: 0.1},
		{Layer: "2 (Linear)", WeightNorm: 0.8, GradNorm: 0.01, Elements: n, DeadFraction: -1},
		{Layer: "4 (Linear)", WeightNorm: 1.2, GradNorm: 0.01, Elements: n, DeadFraction: -1},
	}
	assert.Empty(t, h.Check(1, 0.5, healthy))

	sick := []LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, GradNorm: 1e-8, Elements: n, DeadFraction: 0.9},  // grad RMS 1e-9
		{Layer: "2 (Linear)", WeightNorm: 0.01, GradNorm: 200, Elements: n, DeadFraction: -1}, // grad RMS 20, weights 1/100
		{Layer: "4 (Linear)", WeightNorm: 30, GradNorm: math.NaN(), Elements: n, DeadFraction: -1},
	}
	got := h.Check(2, 0.5, sick)
	require.Len(t, got, 6)
	assert.Contains(t, got[0], "layer 0 (Linear): gradients vanish")
	assert.Contains(t, got[0], "use nn.HeNormal initialization with ReLU, ReLU activations instead of sigmoid/tanh, fewer layers, or add BatchNorm1d (or BatchNorm2d) layers")
	assert.Contains(t, got[1], "layer 0 (Linear): 90% of its ReLU units were never active")
	assert.Contains(t, got[1], "or LeakyReLU activations")
	assert.Contains(t, got[2], "layer 2 (Linear): gradients explode")
	assert.Contains(t, got[2], "lower the optimizer's learning rate (LR), add gradient clipping (Trainer.ClipNorm = 1), or add BatchNorm1d (or BatchNorm2d) layers")
	assert.Contains(t, got[3], "layer 2 (Linear): weights collapse toward zero (RMS 0.001, was 0.1)")
	assert.Contains(t, got[3], "lower the weight decay and Trainer.Penalty (L1, L2) or raise the optimizer's learning rate (LR)")
	for _, w := range got {
		assert.NotContains(t, w, "--", "a library's advice names no CLI flag")
	}
	assert.Contains(t, got[4], "layer 4 (Linear): gradients explode (RMS NaN")
	assert.Contains(t, got[5], "layer 4 (Linear): weights grow without bound (RMS 3, was 0.1)")
	assert.Empty(t, h.Check(3, 0.5, sick), "each warning is given once per layer and kind")
}

// Gradients 1000 times smaller than the largest layer's vanish; tiny
// gradients of a network that fits its data perfectly do not.
func TestHealthVanishingRelative(t *testing.T) {
	layers := []LayerHealth{
		{Layer: "0", WeightNorm: 1, GradNorm: 2e-5, Elements: 100}, // RMS 2e-6
		{Layer: "2", WeightNorm: 1, GradNorm: 1e-3, Elements: 100}, // RMS 1e-4
		{Layer: "4", WeightNorm: 1, GradNorm: 3e-2, Elements: 100}, // RMS 3e-3: the largest
	}
	got := (&Health{}).Check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "layer 0: gradients vanish (RMS 2e-06 per weight, the largest layer's is 0.003)")
	assert.Empty(t, (&Health{}).Check(1, 1e-5, layers), "nothing left to learn")

	// The advice leaves out what the run does already.
	h := &Health{}
	h.Init, h.Activation = "he-normal", "relu"
	got = h.Check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.NotContains(t, got[0], "HeNormal")
	assert.True(t, strings.HasSuffix(got[0], "stops learning; try fewer layers or BatchNorm1d (or BatchNorm2d) layers"), got[0])
	h = &Health{}
	h.Init, h.Activation, h.BatchNorm = "xavier-uniform", "tanh", true
	got = h.Check(1, 0.9, layers)
	require.Len(t, got, 1)
	assert.True(t, strings.HasSuffix(got[0], "stops learning; try ReLU activations instead of tanh (with nn.HeNormal initialization) or fewer layers"), got[0])
}

// Gradients that are 0 in every layer (a network whose ReLU units all
// died after too large a step) get one network-wide warning, not one
// "vanish" a layer with remedies that would not help; the layers' other
// warnings stay.
func TestHealthZeroGradients(t *testing.T) {
	h := &Health{Remedies: &Remedies{LR: "--lr", Activation: func(name string, _ bool) string { return "--activation " + name }}}
	h.Baseline([]LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, Elements: 100},
		{Layer: "2 (Linear)", WeightNorm: 1, Elements: 100},
	})
	dead := []LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 50, Elements: 100, DeadFraction: -1}, // grows: RMS 5, was 0.1
		{Layer: "2 (Linear)", WeightNorm: 1, Elements: 100, DeadFraction: -1},
	}
	got := h.Check(1, 2.3, dead)
	require.Len(t, got, 2, "%q", got)
	assert.Equal(t, "warning: epoch 1: the weights' gradient is 0 in every layer, so the weights stopped learning (as when every ReLU unit of a layer is off for every sample after too large a step: only the biases after it still learn); lower --lr or use --activation leakyrelu", got[0])
	assert.Contains(t, got[1], "layer 0 (Linear): weights grow without bound")
	for _, w := range got {
		assert.NotContains(t, w, "vanish")
	}
	assert.Empty(t, h.Check(2, 2.3, dead), "given once")
	// Rounding residue (a network whose ReLUs all died after a step too
	// large: RMS 1e-18 or so) is no gradient either: no "vanish" with
	// advice on depth, one layer vanishing beside itself.
	residue := []LayerHealth{
		{Layer: "0 (Linear)", WeightNorm: 1, GradNorm: 5.61e-17, Elements: 100},
		{Layer: "2 (Linear)", WeightNorm: 1, GradNorm: 2.54e-17, Elements: 100},
	}
	assert.Empty(t, h.Check(3, 2.3, residue), "the zero-gradient warning, given in epoch 1")
	got = (&Health{}).Check(1, 2.3, residue)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "the weights' gradient is 0 in every layer")

	// A fitted network's zero gradients are no trouble; one layer's zero
	// gradient beside live ones still vanishes.
	assert.Empty(t, (&Health{}).Check(1, 1e-5, dead[1:]))
	got = (&Health{}).Check(1, 0.5, []LayerHealth{
		{Layer: "0", WeightNorm: 1, Elements: 100},
		{Layer: "2", WeightNorm: 1, GradNorm: 0.1, Elements: 100},
	})
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "layer 0: gradients vanish (RMS 0 per weight")
}

// On a handful of samples many healthy ReLU units never fire: no dead-unit
// warning then, while the fraction still goes to the metrics.
func TestNoDeadUnitWarningOnTinyData(t *testing.T) {
	layers := []LayerHealth{{Layer: "0", WeightNorm: 1, GradNorm: 0.1, Elements: 100, DeadFraction: 0.9}}
	h := &Health{}
	assert.Empty(t, h.Check(1, 0.5, withoutDeadUnits(layers, DeadUnitsMinSamples-1)))
	assert.Equal(t, 0.9, layers[0].DeadFraction, "the caller's statistics are left alone")
	got := h.Check(1, 0.5, withoutDeadUnits(layers, DeadUnitsMinSamples))
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "90% of its ReLU units were never active")
	assert.Contains(t, got[0], "nn.HeNormal", "advised when the run does not use it")
	h = &Health{}
	h.Init, h.Activation = "he-normal", "relu"
	got = h.Check(1, 0.5, layers)
	require.Len(t, got, 1)
	assert.True(t, strings.HasSuffix(got[0], "never active this epoch (dead); lower the optimizer's learning rate (LR) or use LeakyReLU activations"), got[0])
}

// The health warnings of a run on unscaled features say to scale them.
func TestHealthWarningsAdviseNormalize(t *testing.T) {
	h := &Health{}
	h.Unscaled = "the features are not scaled (ranges differ 600x): add --normalize standard first"
	got := h.Check(1, 0.5, []LayerHealth{{Layer: "0 (Linear)", WeightNorm: 1, GradNorm: 1e4, Elements: 100, DeadFraction: -1}})
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "gradients explode")
	assert.True(t, strings.HasSuffix(got[0], "; the features are not scaled (ranges differ 600x): add --normalize standard first"), got[0])
}

// In Fit, Health records the first loss and stops a run whose loss
// explodes with a *DivergedError before the callbacks after it see the
// epoch; its yardsticks survive Export and Import.
func TestHealthStopsDivergedRun(t *testing.T) {
	tr, ds := blobTrainer(t, 16, 5)
	tr.TrackHealth = true
	var warnings strings.Builder
	h := &Health{W: &warnings}
	after := 0
	tr.Callbacks = []nn.Callback{h, &Lambda{EpochEnd: func(*nn.Trainer, *nn.EpochInfo) error { after++; return nil }}}
	tr.Callbacks = append(tr.Callbacks, &Lambda{EpochBegin: func(t *nn.Trainer, epoch int) error {
		if epoch == 2 {
			h.FirstLoss = 1e-9 // any loss is now over ExplodedLoss times the first
		}
		return nil
	}})
	var d *DivergedError
	require.ErrorAs(t, tr.Fit(context.Background(), ds, nil), &d)
	assert.Equal(t, "diverged", d.Stopped)
	assert.Contains(t, d.Error(), "training diverged at epoch 2: the training loss")
	assert.Equal(t, 1, after, "the callback after Health saw epoch 1 only")
	require.Contains(t, h.InitialRMS, "0 (Linear 4->2)", "the baseline of OnTrainBegin")

	s := h.Export()
	assert.Equal(t, 1e-9, s.Scalars["first_loss"])
	back := &Health{}
	require.NoError(t, back.Import(s))
	assert.Equal(t, h.InitialRMS, back.InitialRMS)
	assert.Equal(t, h.FirstLoss, back.FirstLoss)

	s.Scalars["initial_rms.0 (Linear 4->2)"] = -1
	var se *nn.StateError
	require.ErrorAs(t, back.Import(s), &se)
	assert.Equal(t, "initial_rms.0 (Linear 4->2)", se.Key)
}

// Non-finite layer norms or losses are "non-finite".
func TestCheckDivergenceNonFinite(t *testing.T) {
	h := &Health{}
	err := h.CheckDivergence(3, 0.5, []LayerHealth{{Layer: "0 (Linear 4->2)", WeightNorm: math.Inf(1), GradNorm: 1}})
	var d *DivergedError
	require.ErrorAs(t, err, &d)
	assert.Equal(t, "non-finite", d.Stopped)
	require.ErrorAs(t, h.CheckDivergence(3, math.NaN(), nil), &d)
	assert.Equal(t, "training diverged at epoch 3: the training loss is NaN", d.Msg)
	assert.NoError(t, h.CheckDivergence(3, 0.5, nil))
}

// A dead fraction just below 1 or just above 0 does not round to all or
// none of the units.
func TestPercent(t *testing.T) {
	for f, want := range map[float64]string{0: "0%", 1: "100%", 0.5: "50%", 255.0 / 256: "99.6%", 0.999999: "over 99.9%", 1.0 / 512: "0.2%", 1.0 / 4096: "0.024%", 0.9: "90%"} {
		assert.Equal(t, want, percent(f), "%v", f)
	}
}

// Clipping bounds the layers' gradient norms that Check reads, so an
// explosion it hides is seen in the global norm before clipping
// (EpochInfo.MeanGradNorm), once; without clipping the layers' warnings
// say it, and the global one is not given as well.
func TestHealthGradNormBeforeClipping(t *testing.T) {
	run := func(clip float64) string {
		tr, ds := blobTrainer(t, 16, 2)
		for i := range ds.X {
			ds.X[i] *= 1e3 // gradients of RMS ~100 per weight
		}
		// Zero weights: both classes at p = 0.5 and gradients of 0.5·x, not
		// a saturated softmax whose gradient depends on the drawn weights.
		for _, p := range tr.Model.Params() {
			clear(p.Value.Data)
		}
		opt, err := nn.NewSGD(nn.Groups(tr.Model.Params(), 1e-7, 0, false), nn.SGDConfig{}) // steps too small to diverge
		require.NoError(t, err)
		tr.Optimizer, tr.TrackHealth, tr.ClipNorm = opt, true, clip
		var warnings strings.Builder
		tr.Callbacks = []nn.Callback{&Health{W: &warnings}}
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		return warnings.String()
	}
	clipped := run(1)
	assert.Equal(t, 1, strings.Count(clipped, "\n"), "%s", clipped)
	assert.Contains(t, clipped, "warning: epoch 1: gradients explode before clipping (global norm ")
	assert.Contains(t, clipped, "lower the optimizer's learning rate (LR) or add BatchNorm1d")
	plain := run(0)
	assert.Contains(t, plain, "layer 0 (Linear 4->2): gradients explode")
	assert.NotContains(t, plain, "global norm")

	h := &Health{}
	assert.Empty(t, h.CheckGradNorm(1, 9, 1, true), "RMS 9 is not an explosion")
	got := h.CheckGradNorm(1, 300, 100, false)
	require.Len(t, got, 1)
	assert.Equal(t, "warning: epoch 1: gradients explode (global norm 300, the mean over the epoch's steps: RMS 30 per value); lower the optimizer's learning rate (LR), add gradient clipping (Trainer.ClipNorm = 1), or add BatchNorm1d (or BatchNorm2d) layers", got[0])
	assert.Empty(t, h.CheckGradNorm(2, 300, 100, false), "given once")
}
