package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/model"
)

// trainFlags is everything `brawn train` accepts besides the data.
type trainFlags struct {
	LayersSpec      string
	Layers          []int // hidden sizes, parsed from LayersSpec
	Activation      string
	LeakySlope      float64
	Init            string
	Optimizer       string
	LR              float64
	Momentum        float64
	Beta1           float64
	Beta2           float64
	AMSGrad         bool
	Eps             float64
	Schedule        string
	StepSize        int
	Gamma           float64
	Milestones      []int
	MilestonesSpec  string
	TMax            int
	EtaMin          float64
	PlateauPatience int
	PlateauFactor   float64
	Warmup          int
	Batch           int
	Epochs          int
	L1, L2          float64
	WeightDecay     float64
	Dropout         float64
	BatchNorm       bool
	ClipNorm        float64
	Loss            string
	Smoothing       float64
	HuberDelta      float64
	ValSplit        float64
	Seed            uint64
	Threads         int
	EarlyStop       int
	Save            string
	Resume          string
	Logdir          string
	Plot            string
	JSON            string
	Quiet           bool
	LogEvery        float64 // seconds between plain progress lines
	Distributed     bool
	saveFlags       // --save-every, --save-best, --monitor, --save-weights

	epsSet, momentumSet bool // given on the command line (RMSprop, Adagrad keep PyTorch's defaults otherwise)
}

// defaultLR is the learning rate each optimizer gets when --lr is not
// given: the value its authors (or PyTorch/Keras) recommend as a start.
var defaultLR = map[string]float64{
	"sgd": 0.01, "momentum": 0.01, "nesterov": 0.01,
	"adam": 1e-3, "adamw": 1e-3, "rmsprop": 1e-3, "adagrad": 1e-2,
}

var (
	activations = []string{"relu", "leakyrelu", "sigmoid", "tanh"}
	initNames   = []string{"he", "he-normal", "he-uniform", "xavier", "xavier-normal", "xavier-uniform", "lecun", "pytorch"}
	optimizers  = []string{"sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad"}
	schedules   = []string{"constant", "step", "multistep", "exponential", "cosine", "plateau"}
	lossNames   = []string{"cross-entropy", "mse", "l1", "huber", "bce"}
)

func (t *trainFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&t.LayersSpec, "layers", "256,128", "hidden layer sizes, comma-separated (input and output sizes come from the data); \"\" for none")
	fs.StringVar(&t.Activation, "activation", "relu", "hidden activation: "+strings.Join(activations, ", "))
	fs.Float64Var(&t.LeakySlope, "leaky-slope", 0.01, "negative slope of leakyrelu")
	fs.StringVar(&t.Init, "init", "he", "weight initialisation: "+strings.Join(initNames, ", ")+" (he = he-normal, xavier = xavier-uniform); biases start at zero")
	fs.StringVar(&t.Optimizer, "optimizer", "adam", "optimizer: "+strings.Join(optimizers, ", "))
	fs.Float64Var(&t.LR, "lr", 0, "learning rate (default: 1e-3 for adam, adamw, rmsprop; 1e-2 for sgd, momentum, nesterov, adagrad)")
	fs.Float64Var(&t.Momentum, "momentum", 0.9, "momentum of momentum and nesterov (and rmsprop when set)")
	fs.Float64Var(&t.Beta1, "beta1", 0.9, "Adam/AdamW first-moment decay")
	fs.Float64Var(&t.Beta2, "beta2", 0.999, "Adam/AdamW second-moment decay")
	fs.BoolVar(&t.AMSGrad, "amsgrad", false, "Adam/AdamW with amsgrad (torch.optim's amsgrad=True): divide by the running maximum of the second moments")
	fs.Float64Var(&t.Eps, "eps", 1e-8, "epsilon of adam, adamw and rmsprop; adagrad uses 1e-10 unless this is given")
	fs.StringVar(&t.Schedule, "lr-schedule", "constant", "learning-rate schedule, stepped per epoch: "+strings.Join(schedules, ", "))
	fs.IntVar(&t.StepSize, "step-size", 10, "step: epochs between decays")
	fs.Float64Var(&t.Gamma, "gamma", 0.1, "step, multistep, exponential: decay factor")
	fs.StringVar(&t.MilestonesSpec, "milestones", "", "multistep: epochs at which the rate decays, e.g. 30,80")
	fs.IntVar(&t.TMax, "t-max", 0, "cosine: epochs of the half cosine (default: --epochs); past it the rate rises again, as PyTorch's CosineAnnealingLR; may be changed when resuming, to extend the run")
	fs.Float64Var(&t.EtaMin, "eta-min", 0, "cosine: the smallest learning rate")
	fs.IntVar(&t.PlateauPatience, "plateau-patience", 10, "plateau: epochs without improvement before the rate drops")
	fs.Float64Var(&t.PlateauFactor, "plateau-factor", 0.1, "plateau: factor the rate is multiplied by")
	fs.IntVar(&t.Warmup, "warmup", 0, "linear learning-rate warm-up over this many optimizer steps: step k uses lr*(k+1)/(N+1) (0 = none)")
	fs.IntVar(&t.Batch, "batch", 128, "mini-batch size")
	fs.IntVar(&t.Epochs, "epochs", 5, "epochs to train")
	fs.Float64Var(&t.L1, "l1", 0, "L1 penalty: loss += l1*sum(|w|) over the weight matrices, as Keras's l1")
	fs.Float64Var(&t.L2, "l2", 0, "L2 penalty: loss += l2*sum(w^2) over the weight matrices, as Keras's l2 (PyTorch's weight_decay wd is l2 = wd/2)")
	fs.Float64Var(&t.WeightDecay, "weight-decay", 0, "weight decay of the weight matrices (not biases): decoupled for adamw (Loshchilov & Hutter 2019), added to the gradient as PyTorch's weight_decay for the others")
	fs.Float64Var(&t.Dropout, "dropout", 0, "dropout probability after each hidden activation, in [0, 1)")
	fs.BoolVar(&t.BatchNorm, "batchnorm", false, "BatchNorm1d after each hidden linear layer")
	fs.Float64Var(&t.ClipNorm, "clip-norm", 0, "clip gradients to this global L2 norm (0 = off)")
	fs.StringVar(&t.Loss, "loss", "cross-entropy", "loss: "+strings.Join(lossNames, ", ")+" (regression: mse, the default there, l1 or huber; bce: one logit for two classes, BCEWithLogitsLoss)")
	fs.Float64Var(&t.HuberDelta, "huber-delta", 1, "delta of --loss huber (torch.nn.HuberLoss): quadratic below it, linear above, in standardized target units")
	fs.Float64Var(&t.Smoothing, "label-smoothing", 0, "cross-entropy label smoothing in [0, 1)")
	fs.Float64Var(&t.ValSplit, "val-split", 0, "fraction of the training set held out for validation, in [0, 1)")
	fs.Uint64Var(&t.Seed, "seed", 1, "seed of every random draw (initialisation, shuffling, dropout)")
	fs.IntVar(&t.Threads, "threads", 0, "threads to use (0 = all: GOMAXPROCS)")
	fs.IntVar(&t.EarlyStop, "early-stop", 0, "stop after this many epochs without a better validation loss and restore the best epoch's weights; a run that reaches --epochs keeps its last weights, as Keras's restore_best_weights (0 = off; needs --val-split)")
	fs.StringVar(&t.Save, "save", "", "write the model (safetensors) here after every epoch and at the end")
	fs.StringVar(&t.Resume, "resume", "", "continue the run saved in this checkpoint (same data and flags)")
	fs.StringVar(&t.Logdir, "logdir", "", "write TensorBoard event files (scalars, histograms) here")
	fs.StringVar(&t.Plot, "plot", "", "draw loss/accuracy curves and weight histograms into this PNG file")
	fs.StringVar(&t.JSON, "json", "", "write the run's metrics as JSON to this file: per epoch the train, validation and test loss and accuracy (fractions), lr, seconds, samples/s and each layer's weight/gradient norms and dead ReLU fraction; at the end test_loss, test_accuracy, total_seconds, parameters")
	fs.BoolVar(&t.Quiet, "quiet", false, "print only errors and the final result")
	fs.Float64Var(&t.LogEvery, "log-every", 5, "seconds between plain progress lines when stderr is not a terminal")
	fs.BoolVar(&t.Distributed, "distributed", false, "train data-parallel on the ranks of `mpirun -np N brawn train --distributed ...` (a brawn built with -tags mpi): --batch is the global batch, split evenly; rank 0 alone prints and writes files; the weights are those of one process with --distributed at the same seed")
	t.saveFlags.register(fs)
}

// validate checks and normalises the flags. changed reports whether the
// user set a flag (so defaults that depend on other flags can be filled).
func (t *trainFlags) validate(changed func(string) bool) error {
	var err error
	if t.Layers, err = parseIntList("layers", t.LayersSpec, "hidden sizes like 256,128"); err != nil {
		return err
	}
	if t.Activation, err = oneOf("activation", t.Activation, activations...); err != nil {
		return err
	}
	if err := checkNonNegative("leaky-slope", t.LeakySlope); err != nil {
		return err
	}
	if !model.ValidLeakySlope(t.LeakySlope) {
		return badFlag("leaky-slope", formatFloat(t.LeakySlope), "must be at most float32's largest value %s (the layer holds it as a float32)", strconv.FormatFloat(math.MaxFloat32, 'g', -1, 32))
	}
	if t.Init, err = oneOf("init", t.Init, initNames...); err != nil {
		return err
	}
	switch t.Init {
	case "he":
		t.Init = "he-normal"
	case "xavier":
		t.Init = "xavier-uniform"
	}
	if t.Optimizer, err = oneOf("optimizer", t.Optimizer, optimizers...); err != nil {
		return err
	}
	t.epsSet, t.momentumSet = changed("eps"), changed("momentum")
	if err := t.checkOptimizerFlags(changed); err != nil {
		return err
	}
	if !changed("lr") {
		t.LR = defaultLR[t.Optimizer]
	}
	if err := checkPositive("lr", t.LR); err != nil {
		return err
	}
	if err := checkHalfOpen("momentum", t.Momentum, 0, 1); err != nil {
		return err
	}
	if err := checkHalfOpen("beta1", t.Beta1, 0, 1); err != nil {
		return err
	}
	if err := checkHalfOpen("beta2", t.Beta2, 0, 1); err != nil {
		return err
	}
	if err := checkPositive("eps", t.Eps); err != nil {
		return err
	}
	if err := t.validateSchedule(changed); err != nil {
		return err
	}
	if t.Batch <= 0 {
		return badFlag("batch", t.Batch, "must be a positive integer")
	}
	if t.Epochs <= 0 {
		return badFlag("epochs", t.Epochs, "must be a positive integer")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"l1", t.L1}, {"l2", t.L2}, {"weight-decay", t.WeightDecay}, {"clip-norm", t.ClipNorm}} {
		if err := checkNonNegative(f.name, f.v); err != nil {
			return err
		}
	}
	if err := checkHalfOpen("dropout", t.Dropout, 0, 1); err != nil {
		return err
	}
	if t.Loss, err = oneOf("loss", t.Loss, append(lossNames, "crossentropy", "ce")...); err != nil {
		return err
	}
	if t.Loss == "crossentropy" || t.Loss == "ce" {
		t.Loss = "cross-entropy"
	}
	if err := checkHalfOpen("label-smoothing", t.Smoothing, 0, 1); err != nil {
		return err
	}
	if t.Smoothing > 0 && t.Loss != "cross-entropy" {
		return badFlag("label-smoothing", formatFloat(t.Smoothing), "applies to --loss cross-entropy only")
	}
	if err := checkHalfOpen("val-split", t.ValSplit, 0, 1); err != nil {
		return err
	}
	if t.Threads < 0 {
		return badFlag("threads", t.Threads, "must be >= 0 (0 = all %d)", runtime.GOMAXPROCS(0))
	}
	if n := runtime.NumCPU(); t.Threads > n {
		return badFlag("threads", t.Threads, "must be at most %d, the CPUs of this machine (0 = all %d)", n, runtime.GOMAXPROCS(0))
	}
	if t.EarlyStop < 0 {
		return badFlag("early-stop", t.EarlyStop, "must be >= 0 epochs (0 = off)")
	}
	if t.EarlyStop > 0 && t.ValSplit == 0 {
		return badFlag("early-stop", t.EarlyStop, "needs a validation set: add --val-split, e.g. --val-split 0.1")
	}
	if t.Plot != "" && !strings.EqualFold(filepath.Ext(t.Plot), ".png") {
		return badFlag("plot", t.Plot, "must name a .png file")
	}
	if !finite(t.LogEvery) || t.LogEvery <= 0 {
		return badFlag("log-every", formatFloat(t.LogEvery), "must be a number of seconds > 0")
	}
	if t.Save != "" && t.Save == t.JSON {
		return errors.New("--save and --json name the same file")
	}
	if err := t.checkOutputs(changed); err != nil {
		return err
	}
	return t.saveFlags.validate(t, changed)
}

// checkOutputDir refuses an output file that cannot be written (a
// directory, a path whose directory does not exist or is a file, a
// directory in which no file can be created: atomicfile.Probe), before
// hours of training rather than after.
func checkOutputDir(flag, path string) error {
	if path == "" {
		return nil
	}
	return probeError(flag, path, atomicfile.Probe(path))
}

func (t *trainFlags) validateSchedule(changed func(string) bool) error {
	var err error
	if t.Schedule, err = oneOf("lr-schedule", t.Schedule, schedules...); err != nil {
		return err
	}
	// A schedule's parameters given without that schedule are a mistake
	// worth pointing out: the user expects them to do something.
	owner := map[string][]string{
		"step-size":        {"step"},
		"gamma":            {"step", "multistep", "exponential"},
		"milestones":       {"multistep"},
		"t-max":            {"cosine"},
		"eta-min":          {"cosine"},
		"plateau-patience": {"plateau"},
		"plateau-factor":   {"plateau"},
	}
	for _, name := range []string{"step-size", "gamma", "milestones", "t-max", "eta-min", "plateau-patience", "plateau-factor"} {
		if !changed(name) {
			continue
		}
		ok := false
		for _, s := range owner[name] {
			ok = ok || s == t.Schedule
		}
		if !ok {
			return fmt.Errorf("--%s applies to --lr-schedule %s, not %s", name, strings.Join(owner[name], "|"), t.Schedule)
		}
	}
	if t.StepSize <= 0 {
		return badFlag("step-size", t.StepSize, "must be a positive number of epochs")
	}
	if !finite(t.Gamma) || t.Gamma <= 0 || t.Gamma > 1 {
		return badFlag("gamma", formatFloat(t.Gamma), "must be in (0, 1]")
	}
	if t.Milestones, err = parseIntList("milestones", t.MilestonesSpec, "increasing epochs like 30,80"); err != nil {
		return err
	}
	for i := 1; i < len(t.Milestones); i++ {
		if t.Milestones[i] <= t.Milestones[i-1] {
			return badFlag("milestones", t.MilestonesSpec, "must be strictly increasing epochs like 30,80")
		}
	}
	if t.Schedule == "multistep" && len(t.Milestones) == 0 {
		return badFlag("milestones", t.MilestonesSpec, "--lr-schedule multistep needs epochs like 30,80")
	}
	if t.TMax < 0 {
		return badFlag("t-max", t.TMax, "must be a positive number of epochs (0 = --epochs)")
	}
	if t.TMax == 0 && t.Schedule == "cosine" {
		t.TMax = t.Epochs
	}
	if err := checkNonNegative("eta-min", t.EtaMin); err != nil {
		return err
	}
	if t.Schedule == "cosine" && t.EtaMin >= t.LR {
		return badFlag("eta-min", formatFloat(t.EtaMin), "must be below --lr (%g)", t.LR)
	}
	if t.PlateauPatience < 0 {
		return badFlag("plateau-patience", t.PlateauPatience, "must be >= 0 epochs")
	}
	if !finite(t.PlateauFactor) || t.PlateauFactor <= 0 || t.PlateauFactor >= 1 {
		return badFlag("plateau-factor", formatFloat(t.PlateauFactor), "must be in (0, 1)")
	}
	if t.Warmup < 0 {
		return badFlag("warmup", t.Warmup, "must be >= 0 optimizer steps")
	}
	return nil
}

// checkOutputsAreNotInputs refuses an output file (--save, --json, --plot)
// that is one of the data files, which writing it would destroy, and a
// --json or --plot that is the --resume checkpoint (--save may be: the run
// then continues in place, the checkpoint replaced only by a newer one).
func checkOutputsAreNotInputs(df *dataFlags, tf *trainFlags) error {
	inputs := []struct{ name, path string }{
		{"train", df.Train}, {"test", df.Test}, {"train-labels", df.TrainLabels}, {"test-labels", df.TestLabels},
	}
	for _, out := range []struct{ name, path string }{{"save", tf.Save}, {"json", tf.JSON}, {"plot", tf.Plot}} {
		if out.path == "" {
			continue
		}
		for _, in := range inputs {
			if in.path != "" && samePath(out.path, in.path) {
				return badFlag(out.name, out.path, "is the --%s data file; writing it would overwrite the data", in.name)
			}
		}
		if out.name != "save" && tf.Resume != "" && samePath(out.path, tf.Resume) {
			return badFlag(out.name, out.path, "is the --resume checkpoint; writing it would overwrite the checkpoint")
		}
	}
	return tf.saveFlags.checkInputs(df)
}

// samePath reports whether a and b name the same file: the same cleaned
// absolute path, or (when both exist) the same file through links.
func samePath(a, b string) bool {
	aa, errA := filepath.Abs(a)
	ab, errB := filepath.Abs(b)
	if errA == nil && errB == nil && aa == ab {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// optimizerFlags say which optimizers read each optimizer flag; giving one
// to another optimizer is refused, as the schedule flags are, rather than
// silently ignored.
var optimizerFlags = map[string][]string{
	"momentum": {"momentum", "nesterov", "rmsprop"},
	"beta1":    {"adam", "adamw"},
	"beta2":    {"adam", "adamw"},
	"amsgrad":  {"adam", "adamw"},
	"eps":      {"adam", "adamw", "rmsprop", "adagrad"},
}

// checkOptimizerFlags refuses optimizer flags the chosen optimizer does not
// use, and --leaky-slope without --activation leakyrelu.
func (t *trainFlags) checkOptimizerFlags(changed func(string) bool) error {
	for _, name := range []string{"momentum", "beta1", "beta2", "amsgrad", "eps"} {
		if changed(name) && !slices.Contains(optimizerFlags[name], t.Optimizer) {
			return fmt.Errorf("--%s applies to --optimizer %s, not %s", name, strings.Join(optimizerFlags[name], "|"), t.Optimizer)
		}
	}
	if changed("leaky-slope") && t.Activation != "leakyrelu" {
		return fmt.Errorf("--leaky-slope applies to --activation leakyrelu, not %s", t.Activation)
	}
	return nil
}
