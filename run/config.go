package run

import (
	"context"
	"io"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// EvalBatch is the largest batch size of test and validation passes (no
// gradients, so larger batches only make the matrix products more
// efficient).
const EvalBatch = 1000

// evalBatch is the batch size of net's test and validation passes during
// training: EvalBatch, or model.BlockRows(net) when that is fewer, as
// brawn eval runs it, so that a network of wide activations (images,
// convolutions) does not hold a thousand samples' activations at once.
func evalBatch(net *nn.Sequential) int { return min(EvalBatch, model.BlockRows(net)) }

// DataConfig selects and shapes the data of a run: MNIST by name, or
// training and test files in CSV or IDX form. The CLI flag of each field
// is named in its comment.
type DataConfig struct {
	Data        string  // --data: "mnist" or "" (then Train/Test are files)
	MNISTDir    string  // --mnist-dir: where the MNIST IDX files live; "" = data/mnist or the Go module cache
	Train, Test string  // --train, --test: CSV or IDX (images) files
	TrainLabels string  // --train-labels: IDX labels file for Train ("" = derived from Train's name)
	TestLabels  string  // --test-labels: IDX labels file for Test
	Val         string  // --val: validation data, a CSV or IDX file (Keras's validation_data), instead of Config.ValSplit
	ValLabels   string  // --val-labels: IDX labels file for Val
	LabelCol    string  // --label-col: CSV label column, a header name or a 0-based index
	Header      string  // --header: CSV header, auto, yes or no
	Delimiter   string  // --delimiter: CSV field delimiter: one character, or "whitespace" (runs of spaces and tabs)
	Normalize   string  // --normalize: none, minmax, standard (statistics from the training set)
	TrainLimit  int     // --train-limit: use only the first N training rows (0 = all)
	TestLimit   int     // --test-limit: use only the first N test rows (0 = all)
	SkipRows    int     // --skip-rows: CSV lines to skip before the header or first row
	TestSplit   float64 // --test-split: fraction of Train held out as the test set (stratified, seeded); 0 = Test
	Task        string  // --task: "" (from the labels), classification, regression
	// HeldOutOK accepts no Test and no TestSplit (eval: then the part of
	// Train the model held out).
	HeldOutOK bool
	// Progress, when not nil, gives the reader of each CSV file loaded
	// (at its path) what to tell how the reading goes
	// (data.CSVOptions.Progress): callbacks.LoadProgress's Reading shows
	// long loads. It has no flag; Train shows them on Config.Err, unless
	// Quiet, when it is nil.
	Progress func(path string) func(data.ReadProgress)
	// ctx, when not nil, stops the reading of CSV files once it is done
	// (data.CSVOptions.Context): Train's, so that a signal stops a long
	// load, before which there is nothing to save.
	ctx context.Context
	// loss, when not nil, is the run's loss: the test and validation
	// files may hold the label it ignores (nn.IgnoredLabel; -100 for
	// cross-entropy), which no score counts, as in eval.
	loss nn.Loss
}

// Config is one training run. Its fields are brawn train's flags (named
// in the comments, and in the errors of Validate); DefaultConfig holds
// their defaults.
type Config struct {
	Data DataConfig // the data settings (see DataConfig)
	// Arch is the architecture: Hidden (--layers), Activation
	// (--activation), LeakySlope (--leaky-slope), Dropout (--dropout),
	// BatchNorm (--batchnorm). Inputs, Classes and Outputs come from the
	// data. Model replaces it.
	Arch model.MLP
	// Model is the network as a PyTorch module string (--model), e.g.
	// "Sequential(Conv2d(1, 32, 3, padding=1), ReLU(), MaxPool2d(2),
	// Flatten(), Linear(6272, 10))", the string checkpoints record as
	// model.MetaPyTorch, or "@FILE" for the string in FILE (ModuleText).
	// "" builds Arch. A network whose first layer takes images sees each
	// sample as an image of InputShape, else of the size an IDX file's
	// header gives ([1, rows, cols]: MNIST as [1, 28, 28]), else a square
	// one.
	Model string
	// InputShape (--input-shape) is the shape [C, H, W] of each sample for
	// a Model whose first layer takes images: three sizes, whose product
	// C×H×W must be the data's feature count, and whose H and W must be
	// the rows and cols an IDX file's header gives. nil: the header's
	// [1, rows, cols], or for a file that gives none, square images with
	// the channels of the first layer. Checkpoints record the shape the
	// network took as model.MetaInputShape.
	InputShape []int
	// Init (--init) is the weights' initialization: he(-normal),
	// he-uniform, xavier(-uniform), xavier-normal, lecun, pytorch; biases
	// start at zero except with pytorch, which gives a Model PyTorch's
	// default initialization of each layer (its reset_parameters, as
	// Sequential.ResetParameters draws it). "" is he-normal, the default
	// of every network: issue 13's CNN reaches 99% in 3 epochs with it.
	Init            string
	Optimizer       string  // --optimizer: sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad
	LR              float64 // --lr (0: the optimizer's default)
	Momentum        float64 // --momentum
	Beta1, Beta2    float64 // --beta1, --beta2
	AMSGrad         bool    // --amsgrad
	Eps             float64 // --eps
	Schedule        string  // --lr-schedule: constant, step, multistep, exponential, cosine, plateau, onecycle, cosine-restarts
	StepSize        int     // --step-size
	Gamma           float64 // --gamma
	Milestones      []int   // --milestones
	TMax            int     // --t-max (0: Epochs, or on resume the checkpoint's)
	EtaMin          float64 // --eta-min
	PlateauPatience int     // --plateau-patience
	PlateauFactor   float64 // --plateau-factor
	Warmup          int     // --warmup: optimizer steps of linear warm-up, at most MaxWarmup
	Batch           int     // --batch
	Epochs          int     // --epochs
	L1, L2          float64 // --l1, --l2
	WeightDecay     float64 // --weight-decay; with adamw, 0 not given is nn.DefaultAdamWWeightDecay (Validate)
	ClipNorm        float64 // --clip-norm
	ClipValue       float64 // --clip-value
	Loss            string  // --loss: cross-entropy, mse, l1, huber, bce
	Smoothing       float64 // --label-smoothing
	HuberDelta      float64 // --huber-delta
	ValSplit        float64 // --val-split: shuffled with Seed, not stratified (data.Dataset.SplitValidation)
	Seed            uint64  // --seed
	Threads         int     // --threads (0: GOMAXPROCS)
	EarlyStop       int     // --early-stop: patience in epochs (0: off)
	Save            string  // --save: checkpoint path
	SaveEvery       int     // --save-every
	SaveBest        string  // --save-best
	Monitor         string  // --monitor: one of Monitors (Validate resolves "acc" and "val_acc")
	SaveWeights     string  // --save-weights
	Resume          string  // --resume: the checkpoint to continue (Resumed holds it loaded), or ResumeAuto
	Logdir          string  // --logdir: TensorBoard event files
	Plot            string  // --plot: PNG of the curves
	JSON            string  // --json: the metrics document
	CSVLog          string  // --csv-log: a row per epoch (callbacks.CSVLogger), appended to by a resumed run
	Quiet           bool    // --quiet
	LogEvery        float64 // --log-every: seconds between plain progress lines

	// ClassWeights (--class-weights) is cross-entropy's weight of each
	// class, in class order (torch.nn.CrossEntropyLoss's weight; nil: all
	// 1); PosWeight (--pos-weight) is bce's pos_weight (0: none, 1).
	ClassWeights []float64
	PosWeight    float64

	// The settings of --lr-schedule onecycle (PyTorch's OneCycleLR over
	// the run's optimizer steps, cycle_momentum=False): MaxLR (--max-lr;
	// 0: --lr), PctStart (--pct-start), AnnealStrategy
	// (--anneal-strategy: cos or linear), DivFactor (--div-factor),
	// FinalDivFactor (--final-div-factor), ThreePhase (--three-phase);
	// and of --lr-schedule cosine-restarts (CosineAnnealingWarmRestarts,
	// per epoch, with EtaMin): T0 (--t-0, epochs of the first cycle) and
	// TMult (--t-mult).
	MaxLR, PctStart           float64
	AnnealStrategy            string
	DivFactor, FinalDivFactor float64
	ThreePhase                bool
	T0, TMult                 int

	// The early stopping settings beside EarlyStop's patience, with
	// Keras's names (nn.EarlyStopping's fields).
	//
	// EarlyStopMonitor (--early-stop-monitor) is the metric watched:
	// val_loss (the default; "" is val_loss too), val_accuracy, or the
	// training set's loss or accuracy; val_acc and acc are accepted for
	// the accuracies, as older Keras spells them.
	EarlyStopMonitor  string
	EarlyStopMode     string   // --early-stop-mode: auto (the default, ""), min or max
	EarlyStopMinDelta float64  // --early-stop-min-delta: least change that counts as improving, >= 0
	EarlyStopBaseline *float64 // --early-stop-baseline: a value to beat (nn.EarlyStopping.Baseline); nil for none
	EarlyStopStart    int      // --early-stop-start-from-epoch: epochs not watched at the start
	EarlyStopRestore  bool     // --early-stop-restore: load the best epoch's weights on stopping (DefaultConfig: true)

	// The plateau schedule's settings beside PlateauPatience and
	// PlateauFactor, with torch.optim.lr_scheduler.ReduceLROnPlateau's
	// names and defaults (nn.ReduceLROnPlateau's fields).
	PlateauCooldown      int     // --plateau-cooldown: epochs after a reduction before bad ones count again
	PlateauMinLR         float64 // --plateau-min-lr: the rate's floor
	PlateauThreshold     float64 // --plateau-threshold: least improvement (DefaultConfig: 1e-4)
	PlateauThresholdMode string  // --plateau-threshold-mode: rel (a fraction of the best; DefaultConfig) or abs

	// Resumed is the checkpoint Resume names, loaded (model.Load); Train
	// loads it when nil.
	Resumed *model.Model
	// Flags are the settings as text by CLI flag name (the CLI's
	// pflag values); checkpoints record those not in OutputFields (the
	// configuration brawn train --resume restores and brawn eval reads
	// the held-out rows and the loss from), and the JSON document all of
	// them. nil: FlagValues gives them, so a library user's checkpoint
	// resumes with brawn train --resume as the CLI's own do.
	Flags map[string]string
	// Callbacks run after the run's history, before its progress display,
	// health checks and checkpoints. The state of those that are
	// nn.StatefulCallbacks is saved in checkpoints and restored on resume:
	// give a resumed run the same ones, in the same order.
	Callbacks []nn.Callback
	// Comm, when set, makes the run data-parallel over the ranks of a
	// distributed job (nn.Trainer.Comm); Batch is the global batch. Ranks
	// other than 0 should be given no outputs: they stop without saving
	// when interrupted, leaving that to rank 0. Train refuses ranks whose
	// settings differ in more than Threads and the outputs.
	Comm dist.Comm
	// Leaf is nn.Trainer.Leaf: > 0 computes every training batch in leaves
	// of Leaf samples, the arithmetic of a data-parallel run, which one
	// process continues bit for bit with nn.DefaultLeaf; 0 computes whole
	// batches, or leaves of nn.DefaultLeaf with a Comm.
	Leaf int
	// FitReturned, when set, is called once the Trainer's Fit has
	// returned (at the same step on every rank of a distributed job),
	// whatever way it ended; a rank that waits for the others at its end
	// learns from it that they all got that far.
	FitReturned func()
	// Out receives the summary and results, Err the progress and warnings
	// (nil: discarded).
	Out, Err io.Writer

	epsSet, momentumSet bool // given explicitly (RMSprop, Adagrad keep PyTorch's defaults otherwise)
	tmaxFromEpochs      bool // TMax was 0 and Validate gave it Epochs: a resumed run takes the checkpoint's instead
	resumeAuto          bool // Resume was ResumeAuto, which ResolveResume replaced by Save or ""
	decayFromDefault    bool // WeightDecay was 0 and Validate gave it adamw's default: a resumed run takes the checkpoint's instead
	// locked are the outputs whose locks LockOutputs holds for this
	// Config: Train takes the others only, rather than be refused by its
	// caller's lock on the same file.
	locked []string
}

// DefaultConfig returns brawn train's defaults: model.DefaultMLP's
// architecture (LeakyReLU's slope 0.01, as PyTorch's, when chosen), each
// he-normal initialization, adam at its default rate decayed along a
// cosine over the run's epochs, batch 128, 5 epochs, seed 1. The cosine,
// rather than Keras's and torch.optim's fixed rate, because a fixed rate
// leaves the last epoch's weights where the noise of its last steps put
// them (docs/BENCHMARKS-notes.md has the measurements).
func DefaultConfig() Config {
	c := Config{
		Data: DataConfig{Header: "auto", Delimiter: ",", Normalize: "none"},
		Arch: *model.DefaultMLP(0, 0), Optimizer: "adam",
		Momentum: 0.9, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Schedule: "cosine",
		StepSize: 10, Gamma: 0.1, PlateauPatience: 10, PlateauFactor: 0.1,
		Batch: 128, Epochs: 5, Loss: "cross-entropy", HuberDelta: 1, Seed: 1,
		SaveEvery: 1, Monitor: "val_loss", LogEvery: 5,
		PctStart: 0.3, AnnealStrategy: "cos", DivFactor: 25, FinalDivFactor: 1e4, TMult: 1,
		EarlyStopMonitor: "val_loss", EarlyStopMode: "auto", EarlyStopRestore: true,
		PlateauThreshold: 1e-4, PlateauThresholdMode: "rel",
	}
	c.Arch.LeakySlope = 0.01
	return c
}

// defaultLR is the learning rate each optimizer gets when --lr is not
// given: the value its authors (or PyTorch/Keras) recommend as a start.
var defaultLR = map[string]float64{
	"sgd": 0.01, "momentum": 0.01, "nesterov": 0.01,
	"adam": 1e-3, "adamw": 1e-3, "rmsprop": 1e-3, "adagrad": 1e-2,
}

// The names the settings accept.
var (
	Activations = []string{"relu", "leakyrelu", "sigmoid", "tanh"}
	InitNames   = []string{"he", "he-normal", "he-uniform", "xavier", "xavier-normal", "xavier-uniform", "lecun", "pytorch"}
	Optimizers  = []string{"sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad"}
	Schedules   = []string{"constant", "step", "multistep", "exponential", "cosine", "plateau", "onecycle", "cosine-restarts"}
	LossNames   = []string{"cross-entropy", "mse", "l1", "huber", "bce"}
	// Monitors are what --save-best can watch, with Keras's names
	// (nn.ResolveMonitor, which takes "acc" and "val_acc" too): a loss
	// improves downwards, an accuracy upwards.
	Monitors = []string{nn.MetricValLoss, nn.MetricValAccuracy, nn.MetricLoss, nn.MetricAccuracy}
)

// OutputFields say where a run's results go; a checkpoint does not record
// them, and a resumed run takes them from its own settings.
var OutputFields = map[string]bool{
	"save": true, "resume": true, "logdir": true, "plot": true, "json": true, "csv-log": true, "quiet": true, "log-every": true,
	"save-every": true, "save-best": true, "monitor": true, "save-weights": true,
}
