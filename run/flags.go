package run

import (
	"slices"
	"strconv"
)

// FlagValues returns c, which Validate has accepted, as brawn train's
// flags would give it: each setting's text by flag name, spelt as the
// CLI's flags print their values. A run whose Flags are nil records these
// in its checkpoints, so that brawn train --resume continues a library
// user's run as it continues its own.
//
// A setting that Validate, given no explicit settings, leaves unused (an
// optimizer's or a schedule's setting for another optimizer or schedule,
// the MLP's settings beside Model, Eps and Momentum that RMSprop and
// Adagrad replace with PyTorch's defaults) is given its default value, so
// that the CLI neither sets it nor refuses it as given to the wrong
// option.
func (c *Config) FlagValues() map[string]string {
	v := c.flagText()
	d := DefaultConfig()
	def := d.flagText()
	unused := func(name string) { v[name] = def[name] }
	for _, o := range optimizerFields {
		if !slices.Contains(o.owners, c.Optimizer) {
			unused(o.name)
		}
	}
	if (c.Optimizer == "rmsprop" || c.Optimizer == "adagrad") && !c.epsSet {
		unused("eps")
	}
	if c.Optimizer == "rmsprop" && !c.momentumSet {
		unused("momentum")
	}
	for _, s := range scheduleFields {
		if !slices.Contains(s.owners, c.Schedule) {
			unused(s.name)
		}
	}
	if c.Arch.Activation != "leakyrelu" {
		unused("leaky-slope")
	}
	if c.Loss != "huber" {
		unused("huber-delta")
	}
	if c.EarlyStop == 0 {
		for _, name := range earlyStopFields {
			unused(name)
		}
	}
	if c.Model != "" {
		for _, name := range mlpFields {
			unused(name)
		}
	}
	return v
}

// flagText is every setting of c as its flag's text.
func (c *Config) flagText() map[string]string {
	f := formatFloat
	i := strconv.Itoa
	b := strconv.FormatBool
	v := map[string]string{
		"data": c.Data.Data, "mnist-dir": c.Data.MNISTDir, "train": c.Data.Train, "test": c.Data.Test,
		"train-labels": c.Data.TrainLabels, "test-labels": c.Data.TestLabels, "label-col": c.Data.LabelCol,
		"val": c.Data.Val, "val-labels": c.Data.ValLabels,
		"header": c.Data.Header, "delimiter": c.Data.Delimiter, "normalize": c.Data.Normalize,
		"train-limit": i(c.Data.TrainLimit), "test-limit": i(c.Data.TestLimit), "skip-rows": i(c.Data.SkipRows),
		"test-split": f(c.Data.TestSplit), "task": c.Data.Task,

		"layers": intList(c.Arch.Hidden), "activation": c.Arch.Activation, "leaky-slope": f(c.Arch.LeakySlope),
		"dropout": f(c.Arch.Dropout), "batchnorm": b(c.Arch.BatchNorm), "model": c.Model, "input-shape": intList(c.InputShape),

		"init": c.Init, "optimizer": c.Optimizer, "lr": f(c.LR), "momentum": f(c.Momentum),
		"beta1": f(c.Beta1), "beta2": f(c.Beta2), "amsgrad": b(c.AMSGrad), "eps": f(c.Eps),
		"lr-schedule": c.Schedule, "step-size": i(c.StepSize), "gamma": f(c.Gamma), "milestones": intList(c.Milestones),
		"t-max": i(c.TMax), "eta-min": f(c.EtaMin), "plateau-patience": i(c.PlateauPatience),
		"plateau-factor": f(c.PlateauFactor), "warmup": i(c.Warmup),
		"max-lr": f(c.MaxLR), "pct-start": f(c.PctStart), "anneal-strategy": c.AnnealStrategy, "div-factor": f(c.DivFactor),
		"final-div-factor": f(c.FinalDivFactor), "three-phase": b(c.ThreePhase), "t-0": i(c.T0), "t-mult": i(c.TMult),
		"plateau-cooldown": i(c.PlateauCooldown), "plateau-min-lr": f(c.PlateauMinLR), "plateau-threshold": f(c.PlateauThreshold),
		"plateau-threshold-mode": c.PlateauThresholdMode,

		"batch": i(c.Batch), "epochs": i(c.Epochs), "l1": f(c.L1), "l2": f(c.L2), "weight-decay": f(c.WeightDecay),
		"clip-norm": f(c.ClipNorm), "clip-value": f(c.ClipValue), "loss": c.Loss, "label-smoothing": f(c.Smoothing), "huber-delta": f(c.HuberDelta),
		"class-weights": floatList(c.ClassWeights), "pos-weight": f(c.PosWeight),
		"val-split": f(c.ValSplit), "seed": strconv.FormatUint(c.Seed, 10), "threads": i(c.Threads), "early-stop": i(c.EarlyStop),
		"early-stop-monitor": c.EarlyStopMonitor, "early-stop-mode": c.EarlyStopMode, "early-stop-min-delta": f(c.EarlyStopMinDelta),
		"early-stop-baseline": optionalFloat(c.EarlyStopBaseline), "early-stop-start-from-epoch": i(c.EarlyStopStart),
		"early-stop-restore": b(c.EarlyStopRestore),

		"save": c.Save, "save-every": i(c.SaveEvery), "save-best": c.SaveBest, "monitor": c.Monitor,
		"save-weights": c.SaveWeights, "resume": c.resumeSetting(), "logdir": c.Logdir, "plot": c.Plot, "json": c.JSON, "csv-log": c.CSVLog,
		"quiet": b(c.Quiet), "log-every": f(c.LogEvery),
	}
	return v
}

// optionalFloat is an optional number's flag text: "" for none.
func optionalFloat(v *float64) string {
	if v == nil {
		return ""
	}
	return formatFloat(*v)
}

// resumeSetting is Resume as it was given: ResumeAuto once ResolveResume
// has replaced it.
func (c *Config) resumeSetting() string {
	if c.resumeAuto {
		return ResumeAuto
	}
	return c.Resume
}
