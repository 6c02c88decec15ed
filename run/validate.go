package run

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Validate checks the configuration and normalises it: names lower-cased
// and their aliases resolved, the defaults that depend on other settings
// filled in (LR from the optimizer, TMax from Epochs, a regression's Loss
// mse, and adamw's WeightDecay: 0 not given becomes PyTorch's default
// nn.DefaultAdamWWeightDecay, 0.01, since AdamW without decay is Adam; a
// resumed run whose decay came so takes its checkpoint's, 0 for one that
// records none). given reports whether a setting, by CLI flag name, was
// set explicitly (nil: none was); a setting given for an option that
// does not use it is refused rather than ignored. Errors name the
// setting; most are *FieldError values. A refused configuration is left
// as it was given.
func (c *Config) Validate(given func(field string) bool) error {
	if given == nil {
		given = func(string) bool { return false }
	}
	v := *c
	if err := v.validate(given); err != nil {
		return err
	}
	*c = v
	return nil
}

// validate is Validate, normalizing c's settings as it checks them.
func (c *Config) validate(given func(field string) bool) error {
	if err := c.Data.Validate(true); err != nil {
		return err
	}
	if err := c.validateTrain(given); err != nil {
		return err
	}
	if err := c.validateModel(given); err != nil {
		return err
	}
	if err := c.validateInputShape(); err != nil {
		return err
	}
	if err := c.checkTaskLoss(given); err != nil {
		return err
	}
	return c.checkOutputsAreNotInputs()
}

func (c *Config) validateTrain(given func(string) bool) error {
	var err error
	if c.Arch.Activation, err = oneOf("activation", c.Arch.Activation, Activations...); err != nil {
		return err
	}
	if err := checkNonNegative("leaky-slope", c.Arch.LeakySlope); err != nil {
		return err
	}
	if !model.ValidLeakySlope(c.Arch.LeakySlope) {
		return BadField("leaky-slope", formatFloat(c.Arch.LeakySlope), "must be at most float32's largest value %s (the layer holds it as a float32)", strconv.FormatFloat(math.MaxFloat32, 'g', -1, 32))
	}
	if c.Init == "" {
		c.Init = "he-normal"
	}
	if c.Init, err = oneOf("init", c.Init, InitNames...); err != nil {
		return err
	}
	switch c.Init {
	case "he":
		c.Init = "he-normal"
	case "xavier":
		c.Init = "xavier-uniform"
	}
	if c.Optimizer, err = oneOf("optimizer", c.Optimizer, Optimizers...); err != nil {
		return err
	}
	c.epsSet, c.momentumSet = given("eps"), given("momentum")
	if err := c.checkOptimizerFields(given); err != nil {
		return err
	}
	if !given("lr") && c.LR == 0 {
		c.LR = defaultLR[c.Optimizer]
	}
	switch {
	case given("weight-decay") || c.Optimizer != "adamw":
		c.decayFromDefault = false
	case c.WeightDecay == 0:
		// torch.optim.AdamW's default: "adamw" without decay would be
		// adam under another name.
		c.WeightDecay, c.decayFromDefault = nn.DefaultAdamWWeightDecay, true
	}
	if err := checkPositive("lr", c.LR); err != nil {
		return err
	}
	if err := checkFloat32("lr", c.LR); err != nil {
		return err
	}
	if err := checkHalfOpen("momentum", c.Momentum, 0, 1); err != nil {
		return err
	}
	if err := checkHalfOpen("beta1", c.Beta1, 0, 1); err != nil {
		return err
	}
	if err := checkHalfOpen("beta2", c.Beta2, 0, 1); err != nil {
		return err
	}
	if err := checkPositive("eps", c.Eps); err != nil {
		return err
	}
	if err := checkFloat32("eps", c.Eps); err != nil {
		return err
	}
	if err := c.validateSchedule(given); err != nil {
		return err
	}
	if c.Batch <= 0 {
		return BadField("batch", c.Batch, "must be a positive integer")
	}
	if c.Epochs <= 0 {
		return BadField("epochs", c.Epochs, "must be a positive integer")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"l1", c.L1}, {"l2", c.L2}, {"weight-decay", c.WeightDecay}, {"clip-norm", c.ClipNorm}, {"clip-value", c.ClipValue}} {
		if err := checkNonNegative(f.name, f.v); err != nil {
			return err
		}
		if err := checkFloat32(f.name, f.v); f.name != "clip-norm" && f.name != "clip-value" && err != nil {
			return err
		}
	}
	if err := checkHalfOpen("dropout", c.Arch.Dropout, 0, 1); err != nil {
		return err
	}
	if c.Loss, err = oneOf("loss", c.Loss, append(LossNames, "crossentropy", "ce")...); err != nil {
		return err
	}
	if c.Loss == "crossentropy" || c.Loss == "ce" {
		c.Loss = "cross-entropy"
	}
	if err := checkHalfOpen("label-smoothing", c.Smoothing, 0, 1); err != nil {
		return err
	}
	if c.Smoothing > 0 && c.Loss != "cross-entropy" {
		return BadField("label-smoothing", formatFloat(c.Smoothing), "applies to --loss cross-entropy only")
	}
	if err := checkHalfOpen("val-split", c.ValSplit, 0, 1); err != nil {
		return err
	}
	if c.ValSplit > 0 && c.Data.Val != "" {
		return BadField("val-split", formatFloat(c.ValSplit), "holds out part of --train for validation, but --val %s is given: use one or the other", c.Data.Val)
	}
	if c.Threads < 0 {
		return BadField("threads", c.Threads, "must be >= 0 (0 = GOMAXPROCS, %d)", runtime.GOMAXPROCS(0))
	}
	if c.Threads > MaxThreads {
		return BadField("threads", c.Threads, "must be at most %d (0 = GOMAXPROCS, %d)", MaxThreads, runtime.GOMAXPROCS(0))
	}
	if err := c.validateEarlyStop(given); err != nil {
		return err
	}
	if c.Plot != "" && !strings.EqualFold(filepath.Ext(c.Plot), ".png") {
		return BadField("plot", c.Plot, "must name a .png file")
	}
	if !finite(c.LogEvery) || c.LogEvery <= 0 {
		return BadField("log-every", formatFloat(c.LogEvery), "must be a number of seconds > 0")
	}
	if err := c.checkOutputs(given); err != nil {
		return err
	}
	if err := c.validateSave(given); err != nil {
		return err
	}
	return c.checkDistinctOutputs()
}

// scheduleFields say which schedules read each schedule setting. A
// schedule's parameters given without that schedule are a mistake worth
// pointing out: the user expects them to do something.
var scheduleFields = []struct {
	name   string
	owners []string
}{
	{"step-size", []string{"step"}},
	{"gamma", []string{"step", "multistep", "exponential"}},
	{"milestones", []string{"multistep"}},
	{"t-max", []string{"cosine"}},
	{"eta-min", []string{"cosine", "cosine-restarts"}},
	{"max-lr", []string{"onecycle"}},
	{"pct-start", []string{"onecycle"}},
	{"anneal-strategy", []string{"onecycle"}},
	{"div-factor", []string{"onecycle"}},
	{"final-div-factor", []string{"onecycle"}},
	{"three-phase", []string{"onecycle"}},
	{"t-0", []string{"cosine-restarts"}},
	{"t-mult", []string{"cosine-restarts"}},
	{"plateau-patience", []string{"plateau"}},
	{"plateau-factor", []string{"plateau"}},
	{"plateau-cooldown", []string{"plateau"}},
	{"plateau-min-lr", []string{"plateau"}},
	{"plateau-threshold", []string{"plateau"}},
	{"plateau-threshold-mode", []string{"plateau"}},
}

func (c *Config) validateSchedule(given func(string) bool) error {
	var err error
	if c.Schedule, err = oneOf("lr-schedule", c.Schedule, Schedules...); err != nil {
		return err
	}
	for _, f := range scheduleFields {
		if given(f.name) && !slices.Contains(f.owners, c.Schedule) {
			deflt := ""
			if !given("lr-schedule") {
				deflt = " (the default)"
			}
			return fmt.Errorf("--%s applies to --lr-schedule %s, not %s%s; add --lr-schedule %s, or drop --%s",
				f.name, strings.Join(f.owners, "|"), c.Schedule, deflt, f.owners[0], f.name)
		}
	}
	if c.StepSize <= 0 {
		return BadField("step-size", c.StepSize, "must be a positive number of epochs")
	}
	if !finite(c.Gamma) || c.Gamma <= 0 || c.Gamma > 1 {
		return BadField("gamma", formatFloat(c.Gamma), "must be in (0, 1]")
	}
	for i := 1; i < len(c.Milestones); i++ {
		if c.Milestones[i] <= c.Milestones[i-1] {
			return BadField("milestones", intList(c.Milestones), "must be strictly increasing epochs like 30,80")
		}
	}
	if c.Schedule == "multistep" && len(c.Milestones) == 0 {
		return BadField("milestones", "", "--lr-schedule multistep needs epochs like 30,80")
	}
	if c.TMax < 0 {
		return BadField("t-max", c.TMax, "must be a positive number of epochs (0 = --epochs)")
	}
	if c.TMax == 0 && c.Schedule == "cosine" {
		c.TMax, c.tmaxFromEpochs = c.Epochs, true
	}
	if err := checkNonNegative("eta-min", c.EtaMin); err != nil {
		return err
	}
	if (c.Schedule == "cosine" || c.Schedule == "cosine-restarts") && c.EtaMin >= c.LR {
		return BadField("eta-min", formatFloat(c.EtaMin), "must be below --lr (%g)", c.LR)
	}
	if c.PlateauPatience < 0 {
		return BadField("plateau-patience", c.PlateauPatience, "must be >= 0 epochs")
	}
	if !finite(c.PlateauFactor) || c.PlateauFactor <= 0 || c.PlateauFactor >= 1 {
		return BadField("plateau-factor", formatFloat(c.PlateauFactor), "must be in (0, 1)")
	}
	if err := c.validatePlateau(); err != nil {
		return err
	}
	if c.Warmup < 0 {
		return BadField("warmup", c.Warmup, "must be >= 0 optimizer steps")
	}
	if c.Warmup > MaxWarmup {
		return BadField("warmup", c.Warmup, "must be at most %d optimizer steps", MaxWarmup)
	}
	return c.validateCycles()
}

// optimizerFields say which optimizers read each optimizer setting; giving
// one to another optimizer is refused, as the schedule settings are,
// rather than silently ignored.
var optimizerFields = []struct {
	name   string
	owners []string
}{
	{"momentum", []string{"momentum", "nesterov", "rmsprop"}},
	{"beta1", []string{"adam", "adamw"}},
	{"beta2", []string{"adam", "adamw"}},
	{"amsgrad", []string{"adam", "adamw"}},
	{"eps", []string{"adam", "adamw", "rmsprop", "adagrad"}},
}

// checkOptimizerFields refuses optimizer settings the chosen optimizer
// does not use, and a leaky slope without the leakyrelu activation.
func (c *Config) checkOptimizerFields(given func(string) bool) error {
	for _, f := range optimizerFields {
		if given(f.name) && !slices.Contains(f.owners, c.Optimizer) {
			return fmt.Errorf("--%s applies to --optimizer %s, not %s", f.name, strings.Join(f.owners, "|"), c.Optimizer)
		}
	}
	if given("leaky-slope") && c.Arch.Activation != "leakyrelu" {
		return fmt.Errorf("--leaky-slope applies to --activation leakyrelu, not %s", c.Arch.Activation)
	}
	return nil
}

// validateSave checks how often and what to save besides Save.
func (c *Config) validateSave(given func(string) bool) error {
	if c.SaveEvery <= 0 {
		return BadField("save-every", c.SaveEvery, "must be a positive number of epochs")
	}
	if given("save-every") && c.Save == "" {
		return BadField("save-every", c.SaveEvery, "says how often --save writes; add --save FILE")
	}
	monitor, err := nn.ResolveMonitor(strings.ToLower(strings.TrimSpace(c.Monitor)))
	if err != nil {
		return BadField("monitor", c.Monitor, "%v", err)
	}
	if monitor == "" {
		return BadField("monitor", c.Monitor, "is empty; give a metric: %s", strings.Join(Monitors, ", "))
	}
	c.Monitor = monitor
	if given("monitor") && c.SaveBest == "" {
		if c.EarlyStop > 0 {
			return BadField("monitor", c.Monitor, "says what --save-best watches; add --save-best FILE, or give early stopping's metric as --early-stop-monitor %s", c.Monitor)
		}
		return BadField("monitor", c.Monitor, "says what --save-best watches; add --save-best FILE")
	}
	if c.SaveBest != "" && !c.hasVal() && strings.HasPrefix(c.Monitor, "val_") {
		return BadField("save-best", c.SaveBest, "watches the validation %s: add --val-split, e.g. --val-split 0.1, or --val FILE, or watch the training set's (--monitor %s)", c.Monitor, strings.TrimPrefix(c.Monitor, "val_"))
	}
	outs := []struct{ name, path string }{{"save", c.Save}, {"save-best", c.SaveBest}, {"save-weights", c.SaveWeights}, {"json", c.JSON}, {"plot", c.Plot}}
	for _, a := range outs[1:3] {
		if a.path == "" {
			continue
		}
		if err := CheckOutputFile(a.name, a.path); err != nil {
			return err
		}
		for _, b := range outs {
			if b.name != a.name && b.path != "" && SamePath(a.path, b.path) {
				return BadField(a.name, a.path, "is also the --%s file; give each output its own file", b.name)
			}
		}
	}
	if c.Resume == ResumeAuto && c.Save == "" {
		return errAutoWithoutSave()
	}
	if err := c.validateSaveTemplate(); err != nil {
		return err
	}
	if c.SaveWeights != "" && c.resumeFile() != "" && SamePath(c.SaveWeights, c.resumeFile()) {
		return BadField("save-weights", c.SaveWeights, "is the --resume checkpoint; a weights-only file in its place could not be resumed")
	}
	return nil
}

// checkTaskLoss fits Loss to the task: a regression takes mse (its
// default), l1 or huber; a classification cross-entropy, mse (on one-hot
// targets) or bce (two classes, one logit).
func (c *Config) checkTaskLoss(given func(string) bool) error {
	if c.Data.Task == taskRegression {
		if !given("loss") {
			c.Loss = "mse"
		}
		switch c.Loss {
		case "cross-entropy", "bce":
			return BadField("loss", c.Loss, "is a classification loss; --task regression takes mse, l1 or huber")
		}
		if c.Smoothing > 0 {
			return BadField("label-smoothing", formatFloat(c.Smoothing), "applies to --loss cross-entropy only; a regression has no classes to smooth")
		}
		if c.SaveBest != "" && (c.Monitor == nn.MetricValAccuracy || c.Monitor == nn.MetricAccuracy) {
			return BadField("monitor", c.Monitor, "a regression has no accuracy: watch val_loss or loss")
		}
	} else if c.Loss == "l1" || c.Loss == "huber" {
		return BadField("loss", c.Loss, "is a regression loss: add --task regression, or use cross-entropy, mse or bce for classes")
	}
	if err := c.checkLossWeights(given); err != nil {
		return err
	}
	if given("huber-delta") && c.Loss != "huber" {
		return fmt.Errorf("--huber-delta applies to --loss huber, not %s", c.Loss)
	}
	if !(c.HuberDelta > 0) || !finite(c.HuberDelta) {
		return BadField("huber-delta", formatFloat(c.HuberDelta), "must be a finite number > 0")
	}
	return nil
}

// Validate checks the data settings and lower-cases Data, Header, Task
// and Normalize; needTrain demands a training set. It returns an error
// for the first problem found, naming the setting: a --test-split outside
// (0, 1) or given with --data or --test; a --data other than mnist, or
// given with --train or --test; no training set when needTrain; no test
// data and no --test-split (unless HeldOutOK); a negative limit or
// skip-rows; an unknown header, delimiter, task or (with needTrain)
// normalize; or --task regression with --data. On an error d is left as
// it was, so that the settings refused can still be shown.
func (d *DataConfig) Validate(needTrain bool) error {
	c := *d
	if err := c.validate(needTrain); err != nil {
		return err
	}
	*d = c
	return nil
}

// validate is Validate, normalizing d's settings as it checks them.
func (d *DataConfig) validate(needTrain bool) error {
	var err error
	if err := d.validateTestSplit(); err != nil {
		return err
	}
	if d.Data != "" {
		if d.Data, err = oneOf("data", d.Data, "mnist"); err != nil {
			return err
		}
		if d.Train != "" || d.Test != "" {
			return errors.New("--data mnist cannot be combined with --train/--test: give one or the other")
		}
	} else {
		if needTrain && d.Train == "" {
			return errors.New("no training data: give --data mnist, or --train FILE and --test FILE (CSV or IDX)")
		}
		if d.Test == "" && d.TestSplit == 0 && !d.HeldOutOK {
			if needTrain {
				return errors.New("no test data: give --test FILE (CSV or IDX), or hold out part of --train with --test-split FRACTION, e.g. --test-split 0.2 (stratified by class, drawn with --seed)")
			}
			return errors.New("no data: give --data mnist or --test FILE (CSV or IDX)")
		}
	}
	if d.ValLabels != "" && d.Val == "" {
		return BadField("val-labels", d.ValLabels, "is the IDX labels file of --val FILE, which is not given; add --val FILE, or drop --val-labels")
	}
	if d.TrainLimit < 0 {
		return BadField("train-limit", d.TrainLimit, "must be >= 0 (0 = all rows)")
	}
	if d.SkipRows < 0 {
		return BadField("skip-rows", d.SkipRows, "must be >= 0 lines")
	}
	if d.TestLimit < 0 {
		return BadField("test-limit", d.TestLimit, "must be >= 0 (0 = all rows)")
	}
	if d.Header, err = oneOf("header", d.Header, "auto", "yes", "no"); err != nil {
		return err
	}
	if d.Delimiter, err = parseDelimiter(d.Delimiter); err != nil {
		return err
	}
	if err := d.validateTask(); err != nil {
		return err
	}
	if needTrain {
		if d.Normalize, err = oneOf("normalize", d.Normalize, "none", "minmax", "standard"); err != nil {
			return err
		}
	}
	return nil
}

// validateTestSplit checks TestSplit against the other data settings.
func (d *DataConfig) validateTestSplit() error {
	if d.TestSplit == 0 {
		return nil
	}
	if !(d.TestSplit > 0 && d.TestSplit < 1) {
		return BadField("test-split", formatFloat(d.TestSplit), "must be a fraction in (0, 1), e.g. 0.2")
	}
	if d.Data != "" {
		return BadField("test-split", formatFloat(d.TestSplit), "holds out part of --train; --data %s has its own test set", d.Data)
	}
	if d.Test != "" {
		return BadField("test-split", formatFloat(d.TestSplit), "holds out part of --train as the test set, but --test %s is given: use one or the other", d.Test)
	}
	return nil
}

// Tasks Task accepts. "" (the default) reads class labels and refuses
// labels that look continuous (data.TaskAuto).
const (
	taskClassification = "classification"
	taskRegression     = "regression"
)

// validateTask checks Task and what it needs of the data.
func (d *DataConfig) validateTask() error {
	if d.Task == "" {
		return nil
	}
	var err error
	if d.Task, err = oneOf("task", d.Task, taskClassification, taskRegression); err != nil {
		return err
	}
	if d.Task == taskRegression && d.Data != "" {
		return BadField("task", d.Task, "needs CSV files (--train, --test) with numeric target columns; --data %s is classification", d.Data)
	}
	return nil
}
