package main

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/run"
)

// trainFlags are `brawn train`'s flags: the run's configuration, and the
// lists given as text, which parse parses into it.
type trainFlags struct {
	run.Config
	layersSpec, milestonesSpec, inputShapeSpec string
	classWeightsSpec                           string
	distributed                                bool // --distributed: join an MPI job (joinDistributed)
}

// parse parses the list flags into the configuration.
func (t *trainFlags) parse() (err error) {
	if t.Arch.Hidden, err = parseIntList("layers", t.layersSpec, "hidden sizes like 256,128"); err != nil {
		return err
	}
	if t.Milestones, err = parseIntList("milestones", t.milestonesSpec, "increasing epochs like 30,80"); err != nil {
		return err
	}
	if t.InputShape, err = parseIntList("input-shape", t.inputShapeSpec, "sizes like 1,28,28"); err != nil {
		return err
	}
	t.ClassWeights, err = run.ParseFloatList("class-weights", t.classWeightsSpec, "one weight per class like 1,2.5,0.5")
	return err
}

func (t *trainFlags) register(fs *pflag.FlagSet) {
	d := run.DefaultConfig()
	t.Config = d
	hidden := make([]string, len(d.Arch.Hidden))
	for i, h := range d.Arch.Hidden {
		hidden[i] = strconv.Itoa(h)
	}
	fs.StringVar(&t.layersSpec, "layers", strings.Join(hidden, ","), "hidden layer sizes, comma-separated (input and output sizes come from the data); \"\" for none")
	fs.StringVar(&t.Model, "model", "", "the network as PyTorch prints it, e.g. \"Sequential(Conv2d(1, 32, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(6272, 10))\", or @FILE for the string in FILE; instead of --layers")
	fs.StringVar(&t.Arch.Activation, "activation", d.Arch.Activation, "hidden activation: "+strings.Join(run.Activations, ", "))
	fs.StringVar(&t.inputShapeSpec, "input-shape", "", "--model's input: each sample's shape C,H,W, e.g. 3,32,48 (C×H×W must be the data's feature count; default: an IDX file's rows and cols as 1,H,W, MNIST as 1,28,28, else square images with the first layer's channels)")
	fs.Float64Var(&t.Arch.LeakySlope, "leaky-slope", d.Arch.LeakySlope, "negative slope of leakyrelu")
	fs.StringVar(&t.Init, "init", d.Init, "weight initialisation: "+strings.Join(run.InitNames, ", ")+" (he = he-normal, xavier = xavier-uniform; biases start at zero but with pytorch, which starts a --model network as PyTorch does) (default: he-normal)")
	fs.StringVar(&t.Optimizer, "optimizer", d.Optimizer, "optimizer: "+strings.Join(run.Optimizers, ", "))
	fs.Float64Var(&t.LR, "lr", 0, "learning rate (default: 1e-3 for adam, adamw, rmsprop; 1e-2 for sgd, momentum, nesterov, adagrad)")
	fs.Float64Var(&t.Momentum, "momentum", d.Momentum, "momentum of momentum and nesterov (and rmsprop when set)")
	fs.Float64Var(&t.Beta1, "beta1", d.Beta1, "Adam/AdamW first-moment decay")
	fs.Float64Var(&t.Beta2, "beta2", d.Beta2, "Adam/AdamW second-moment decay")
	fs.BoolVar(&t.AMSGrad, "amsgrad", false, "Adam/AdamW with amsgrad (torch.optim's amsgrad=True): divide by the running maximum of the second moments")
	fs.Float64Var(&t.Eps, "eps", d.Eps, "epsilon of adam, adamw and rmsprop; adagrad uses 1e-10 unless this is given")
	fs.StringVar(&t.Schedule, "lr-schedule", d.Schedule, "learning-rate schedule: "+strings.Join(run.Schedules, ", ")+", stepped per epoch but onecycle (cosine decays --lr to --eta-min over --t-max epochs; plateau cuts the rate when val_loss stops improving (the training loss without --val-split); constant keeps --lr, as Keras and torch.optim do when no schedule is given; onecycle is PyTorch's OneCycleLR over the run's optimizer steps, stepped after each, with cycle_momentum=False: momentum and beta1 stay fixed; cosine-restarts is CosineAnnealingWarmRestarts, cycles of --t-0 epochs)")
	intVar(fs, &t.StepSize, "step-size", d.StepSize, "step: epochs between decays")
	fs.Float64Var(&t.Gamma, "gamma", d.Gamma, "step, multistep, exponential: decay factor")
	fs.StringVar(&t.milestonesSpec, "milestones", "", "multistep: epochs at which the rate decays, e.g. 30,80")
	intVar(fs, &t.TMax, "t-max", 0, "cosine: epochs of the half cosine (default: --epochs); past it the rate rises again, as PyTorch's CosineAnnealingLR; may be changed when resuming, to extend the run")
	fs.Float64Var(&t.EtaMin, "eta-min", 0, "cosine, cosine-restarts: the smallest learning rate")
	intVar(fs, &t.PlateauPatience, "plateau-patience", d.PlateauPatience, "plateau: epochs without improvement before the rate drops")
	fs.Float64Var(&t.PlateauFactor, "plateau-factor", d.PlateauFactor, "plateau: factor the rate is multiplied by")
	fs.Float64Var(&t.MaxLR, "max-lr", 0, "onecycle: the peak learning rate, max_lr (default: --lr)")
	fs.Float64Var(&t.PctStart, "pct-start", d.PctStart, "onecycle: the fraction of the run's steps that rise to --max-lr, pct_start")
	fs.StringVar(&t.AnnealStrategy, "anneal-strategy", d.AnnealStrategy, "onecycle: how the rate moves between its phases, anneal_strategy: cos or linear")
	fs.Float64Var(&t.DivFactor, "div-factor", d.DivFactor, "onecycle: the first rate is --max-lr / --div-factor, div_factor")
	fs.Float64Var(&t.FinalDivFactor, "final-div-factor", d.FinalDivFactor, "onecycle: the last rate is the first / --final-div-factor, final_div_factor")
	fs.BoolVar(&t.ThreePhase, "three-phase", false, "onecycle: fall back to the first rate before annealing to the last (Smith's three phases), three_phase")
	intVar(fs, &t.T0, "t-0", 0, "cosine-restarts: epochs of the first cycle, T_0 (required)")
	intVar(fs, &t.TMult, "t-mult", d.TMult, "cosine-restarts: each cycle is this many times the one before, T_mult")
	intVar(fs, &t.PlateauCooldown, "plateau-cooldown", 0, "plateau: epochs after a drop before epochs without improvement count again (PyTorch's cooldown)")
	fs.Float64Var(&t.PlateauMinLR, "plateau-min-lr", 0, "plateau: the rate never drops below this (PyTorch's min_lr)")
	fs.Float64Var(&t.PlateauThreshold, "plateau-threshold", d.PlateauThreshold, "plateau: least improvement that counts, a fraction of the best with --plateau-threshold-mode rel, in the loss's units with abs (PyTorch's threshold)")
	fs.StringVar(&t.PlateauThresholdMode, "plateau-threshold-mode", d.PlateauThresholdMode, "plateau: rel (improving means below best*(1-threshold)) or abs (below best-threshold), PyTorch's threshold_mode")
	intVar(fs, &t.Warmup, "warmup", 0, "linear learning-rate warm-up over this many optimizer steps: step k uses lr*(k+1)/(N+1) (0 = none; at most 2147483647)")
	intVar(fs, &t.Batch, "batch", d.Batch, "mini-batch size")
	intVar(fs, &t.Epochs, "epochs", d.Epochs, "epochs to train")
	fs.Float64Var(&t.L1, "l1", 0, "L1 penalty: loss += l1*sum(|w|) over the weight matrices, as Keras's l1")
	fs.Float64Var(&t.L2, "l2", 0, "L2 penalty: loss += l2*sum(w^2) over the weight matrices, as Keras's l2 (PyTorch's weight_decay wd is l2 = wd/2)")
	fs.Float64Var(&t.WeightDecay, "weight-decay", 0, "weight decay of the weight matrices (not biases): decoupled for adamw (Loshchilov & Hutter 2019), added to the gradient as PyTorch's weight_decay for the others (default: 0.01 for adamw, as torch.optim.AdamW; 0 for the others)")
	fs.Float64Var(&t.Arch.Dropout, "dropout", 0, "dropout probability after each hidden activation, in [0, 1)")
	fs.BoolVar(&t.Arch.BatchNorm, "batchnorm", false, "BatchNorm1d after each hidden linear layer")
	fs.Float64Var(&t.ClipNorm, "clip-norm", 0, "clip gradients to this global L2 norm (0 = off)")
	fs.Float64Var(&t.ClipValue, "clip-value", 0, "clamp each gradient value to [-v, v], after --clip-norm: torch.nn.utils.clip_grad_value_, Keras's clipvalue (0 = off)")
	fs.StringVar(&t.Loss, "loss", d.Loss, "loss: "+strings.Join(run.LossNames, ", ")+" (regression: mse, the default there, l1 or huber; bce: one logit for two classes, BCEWithLogitsLoss)")
	fs.Float64Var(&t.HuberDelta, "huber-delta", d.HuberDelta, "delta of --loss huber (torch.nn.HuberLoss): quadratic below it, linear above, in standardized target units")
	fs.Float64Var(&t.Smoothing, "label-smoothing", 0, "cross-entropy label smoothing in [0, 1)")
	fs.StringVar(&t.classWeightsSpec, "class-weights", "", "cross-entropy's weight of each class, in class order (the labels sorted, as eval's confusion matrix lists them), e.g. 1,2.5,0.5: torch.nn.CrossEntropyLoss's weight; the mean divides by the weights of the batch's labels, as PyTorch's (default: all 1)")
	fs.Float64Var(&t.PosWeight, "pos-weight", 0, "bce's weight of the positive class (class 1): torch.nn.BCEWithLogitsLoss's pos_weight; > 1 trades precision for recall, and negatives/positives balances the classes (default: 1)")
	fs.Float64Var(&t.ValSplit, "val-split", 0, "fraction of the training set (what --test-split leaves) held out for validation, in [0, 1): round(fraction·rows) rows drawn at random with --seed, not stratified, so a rare class may get few or none (--test-split is stratified); Keras's validation_split takes the last rows instead (or --val FILE)")
	fs.Uint64Var(&t.Seed, "seed", d.Seed, "seed of every random draw (initialisation, shuffling, dropout)")
	intVar(fs, &t.Threads, "threads", 0, "threads to use (0 = all: GOMAXPROCS)")
	intVar(fs, &t.EarlyStop, "early-stop", 0, "stop after this many epochs without a better --early-stop-monitor (the validation loss) and restore the best epoch's weights; a run that reaches --epochs keeps its last weights, as Keras 2's restore_best_weights did (Keras 3 restores them then too), and says which epoch was best (0 = off; a validation metric needs --val-split or --val)")
	fs.StringVar(&t.EarlyStopMonitor, "early-stop-monitor", d.EarlyStopMonitor, "what --early-stop watches, as Keras's EarlyStopping(monitor=): "+strings.Join(run.Monitors, ", ")+" (loss and accuracy: the training set's; val_acc and acc also); --monitor is --save-best's")
	fs.StringVar(&t.EarlyStopMode, "early-stop-mode", d.EarlyStopMode, "--early-stop: min (lower is better), max, or auto (max for an accuracy), as Keras's mode")
	fs.Float64Var(&t.EarlyStopMinDelta, "early-stop-min-delta", 0, "--early-stop: the least change of the metric that counts as improving (Keras's min_delta)")
	optionalFloatVar(fs, &t.EarlyStopBaseline, "early-stop-baseline", "--early-stop: a value the metric must beat (by --early-stop-min-delta) to reset the patience, as Keras's baseline: a run that never beats it stops after --early-stop epochs (default: none)")
	intVar(fs, &t.EarlyStopStart, "early-stop-start-from-epoch", 0, "--early-stop: epochs at the start that are not watched, a warm-up (Keras's start_from_epoch)")
	fs.BoolVar(&t.EarlyStopRestore, "early-stop-restore", d.EarlyStopRestore, "--early-stop: load the best epoch's weights on stopping (Keras's restore_best_weights, whose default is false); --early-stop-restore=false keeps the last epoch's")
	fs.StringVar(&t.Save, "save", "", "write the model (safetensors) here after every epoch and at the end; a name with Keras's ModelCheckpoint fields, e.g. 'ck-{epoch:02d}-{val_loss:.4f}.safetensors', writes a file per epoch instead (fields: epoch, loss, accuracy, val_loss, val_accuracy; an interrupted run then goes to brawn-interrupted.safetensors)")
	fs.StringVar(&t.Resume, "resume", "", "continue the run saved in this checkpoint (same data and flags); auto: continue the --save checkpoint when that file exists (the latest epoch's file of a --save template), else start the run, and report a run that is already complete without training (status 0), so that one command line starts and continues a run (a requeued batch job)")
	fs.StringVar(&t.Logdir, "logdir", "", "write TensorBoard event files (scalars, histograms) here")
	fs.StringVar(&t.Plot, "plot", "", "draw loss/accuracy curves and weight histograms into this PNG file")
	fs.StringVar(&t.JSON, "json", "", "write the run's metrics as JSON to this file: per epoch the train, validation and test loss and accuracy (fractions), lr, seconds, samples/s, the gradient norm before clipping and each layer's weight/gradient norms and dead ReLU fraction; at the end test_loss, test_accuracy, total_seconds (the whole run's wall-clock time, a resumed run's earlier processes up to their last save included), parameters")
	fs.StringVar(&t.CSVLog, "csv-log", "", "write a row per epoch to this CSV file, as Keras's CSVLogger: epoch (from 1), accuracy, learning_rate, loss, val_accuracy, val_loss (those the run has), rewritten whole after each epoch; a resumed run keeps the rows of the epochs its checkpoint holds and adds the rest")
	fs.BoolVar(&t.Quiet, "quiet", false, "print only errors and the final result")
	fs.Float64Var(&t.LogEvery, "log-every", d.LogEvery, "seconds between plain progress lines when stderr is not a terminal")
	intVar(fs, &t.SaveEvery, "save-every", d.SaveEvery, "write --save every N epochs (and when the run ends or is interrupted)")
	fs.StringVar(&t.SaveBest, "save-best", "", "write the run here (a full checkpoint, as --save) after each epoch whose --monitor is the best so far, as Keras's ModelCheckpoint(save_best_only=True); needs --val-split or --val for val_loss and val_accuracy")
	fs.StringVar(&t.Monitor, "monitor", d.Monitor, "what --save-best watches: val_loss or loss (lower is better), val_accuracy or accuracy (higher is better; or val_acc, acc, as older Keras spells them); loss and accuracy are the training set's and need no validation set; --early-stop watches --early-stop-monitor")
	fs.StringVar(&t.SaveWeights, "save-weights", "", "when training ends, write the weights only here: the PyTorch state_dict with the architecture, scaling and class names, without the optimizer and resume state (about 1/3 of --save's size with adam); eval and predict read it, --resume does not")
	fs.BoolVar(&t.distributed, "distributed", false, "train data-parallel on the ranks of an MPI launch, mpirun -np N brawn train --distributed ... (a brawn built with -tags mpi): --batch is the global batch, a multiple of N, whose leaves of 32 samples the ranks share in contiguous runs; rank 0 alone prints and writes files; the weights are those of one process with --distributed at the same seed; its checkpoints resume on any number of ranks, or without --distributed in one process; without it, every rank mpirun (or srun) starts trains the whole run alone, and rank 0 warns")
	registerData(fs, &t.Data, true)
}
