package main

import (
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

const trainLong = `Train a feed-forward classifier: Linear layers of the --layers sizes with
the --activation between them, and a final Linear layer to the classes, on
MNIST (--data mnist) or on CSV/IDX files (--train, and --test or a
--test-split held out of --train).

--model gives any network instead, as PyTorch prints it (the string
checkpoints record as brawn.pytorch_module; @FILE reads it from FILE): a
Sequential of Linear, Conv2d, BatchNorm1d, BatchNorm2d, ReLU, LeakyReLU,
Sigmoid, Tanh, Softmax, Dropout, Dropout2d, Flatten, MaxPool2d, AvgPool2d,
AdaptiveAvgPool2d and Residual layers, with PyTorch's arguments. PyTorch's
print leaves out AvgPool2d's ceil_mode, count_include_pad and
divisor_override: write them in by hand when they are not the defaults
(the string brawn records carries every argument that is not).
Residual(Sequential(...)) is a residual block, f(x) + x where f is the
Sequential's layers; Residual(Sequential(...), downsample=Sequential(...))
adds downsample(x) instead of x, for an f that changes the shape (ResNet's
projection shortcut: a 1×1 Conv2d of f's stride and a BatchNorm2d); a ReLU
after the sum is the next layer of the outer Sequential. A custom module
(a BasicBlock) cannot be read from its print, which does not show its
forward(): write it with Residual. PyTorch has no Residual class; to load
the checkpoint there, define

    class Residual(torch.nn.Module):
        def __init__(self, f, downsample=None):
            super().__init__()
            self.f, self.downsample = f, downsample
        def forward(self, x):
            return self.f(x) + (x if self.downsample is None else self.downsample(x))

A network whose first layer takes images sees each sample as --input-shape
C,H,W says, else as an IDX file's header gives its size (MNIST as [N, 1,
28, 28]), else as a square image. Its weights start he-normal, as --layers
networks do; --init pytorch starts it as PyTorch does (each layer's
default).

The learning rate (--lr, by default the optimizer's usual one) decays
along a cosine over the run's --epochs unless --lr-schedule says otherwise;
--lr-schedule constant keeps it fixed, as Keras and torch.optim do.

It prints the progress of loading a CSV file of 32 MiB or more once it has
taken a second (bytes read, rows parsed), a model summary, a progress bar
per epoch (plain lines every --log-every when stderr is not a terminal), a
line per epoch and the final test accuracy. --save
writes a safetensors checkpoint after every epoch; SIGINT, SIGTERM, SIGHUP,
SIGUSR1 (Slurm's warning) or SIGXCPU saves one and then ends brawn by that
signal (see Exit status), and --resume continues from it exactly; further signals let the save finish, but
a second Ctrl-C (SIGINT), or any second signal to a --distributed rank, ends
brawn at once without saving (the file a save in progress would replace keeps
its old content). A step
whose loss, gradients or update would not be finite float32s (stopped before
its update), or an epoch's loss above 1000 times the first step's, stops
training (status 3) and keeps the last good checkpoint.

--resume auto continues the --save checkpoint when that file exists and
starts the run when it does not, and says which: the same command line
starts a run and continues it, as a batch job that Slurm requeues reruns
its script. When the run there is complete (it has run --epochs, or
stopped early), it prints so, with the recorded result, and exits with
status 0 without training or writing anything. A checkpoint of another run
(other data, network or flags) at --save is refused, as --resume refuses
it.

--task regression predicts the numbers of the --label-col column(s) instead
(a comma list for several targets): the last layer has one linear output per
target, trained with --loss mse (default), l1 or huber on targets
standardized with the training set's mean and std (recorded in the
checkpoint and undone by predict); the epoch lines, eval, --json,
TensorBoard and the plots report R², MSE and MAE in the targets' units
(scikit-learn's r2_score, mean_squared_error, mean_absolute_error). Without
--task, labels that are numbers but not a few integer classes (or exactly
0..n-1 or 1..n) are refused.

Class labels that are text are the classes, sorted. Integer labels that
include 0 are class indices, as PyTorch takes them (0 and 2 make 3 classes,
1 without samples, which train warns of; --task classification makes the
labels that occur the classes); integer labels without 0 (1..K, as UCI
files number classes) are the classes, named by their values, as
scikit-learn's LabelEncoder makes them. The checkpoint records the mapping,
and eval and predict read labels with it. Without --task, a label column
with more than 32 distinct values that are also more than half its rows
(an id column taken for the label) is refused.
--loss bce trains two classes on one logit (BCEWithLogitsLoss).
--class-weights (cross-entropy) and --pos-weight (bce) weigh imbalanced
classes, as PyTorch's weight and pos_weight.

Exit status: 0 when the run ends (its --epochs, or early stopping), and
when --resume auto finds it complete; 1 for any other error, flags that
are unknown or invalid included; 3 when a step was not finite or the run
diverged. One of the signals above, after the save (or the report that
it failed; there is none before training starts), kills brawn as if uncaught, which shells report as
128+N (130 for Ctrl-C's SIGINT, 143 for SIGTERM), so that a loop or script
running brawn stops too; SIGUSR1 and SIGXCPU, which do not end a Go
program, exit with status 130 instead. A second Ctrl-C kills brawn with
SIGINT at once, without saving; a signal brawn cannot catch, such as
SIGKILL, as 128+N (137).`

const trainExample = `  brawn train --data mnist
  brawn train --data mnist --epochs 3 --model "Sequential(Conv2d(1, 32, 3, padding=1), ReLU(), MaxPool2d(2), Conv2d(32, 64, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(3136, 128), ReLU(), Linear(128, 10))"
  brawn train --data mnist --model "Sequential(Conv2d(1, 16, 3, padding=1), BatchNorm2d(16), ReLU(), Residual(Sequential(Conv2d(16, 32, 3, stride=2, padding=1), BatchNorm2d(32), ReLU(), Conv2d(32, 32, 3, padding=1), BatchNorm2d(32)), downsample=Sequential(Conv2d(16, 32, 1, stride=2, bias=False), BatchNorm2d(32))), ReLU(), AdaptiveAvgPool2d(1), Flatten(), Linear(32, 10))"
  brawn train --data mnist --layers 512,256 --optimizer sgd --lr 0.1 --lr-schedule multistep --milestones 10,15 --epochs 20 --save mnist.safetensors
  brawn train --train iris.csv --test iris-test.csv --label-col species --normalize standard --layers 16 --epochs 100
  brawn train --train diabetes-train.csv --test diabetes-test.csv --task regression --label-col target --normalize standard --layers 32 --activation tanh --dropout 0.5
  brawn train --train wine_data.csv --skip-rows 1 --test-split 0.2 --normalize standard --val-split 0.1 --save-best best.safetensors
  brawn train --data mnist --save run.safetensors --epochs 10   # Ctrl-C, then:
  brawn train --data mnist --resume run.safetensors --save run.safetensors --epochs 10
  srun brawn train --data mnist --save run.safetensors --resume auto --epochs 10   # an sbatch --requeue script: starts, continues when requeued, then reports the run complete`

// newTrainCmd is `brawn train`; extra callbacks join every run's list
// (run.Config.Callbacks).
func newTrainCmd(extra []nn.Callback) *cobra.Command {
	var tf trainFlags
	cmd := &cobra.Command{
		Use:     "train",
		Short:   "Train a network on MNIST or CSV/IDX data",
		Long:    trainLong,
		Example: trainExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			keepOnBrokenPipe()
			out, errw := io.Writer(&logWriter{w: cmd.OutOrStdout()}), &logWriter{w: cmd.ErrOrStderr()}
			fs := cmd.Flags()
			resume := tf.Resume // as given: auto, which ResolveResume resolves
			if err := tf.ResolveResume(); err != nil {
				return err
			}
			if tf.Resume != "" {
				m, err := run.LoadResume(tf.Resume)
				if err != nil {
					return err
				}
				if err := applySavedFlags(fs, m, tf.Resume); err != nil {
					return err
				}
				tf.Resumed = m
			}
			err = tf.parse()
			if err == nil {
				err = tf.Validate(fs.Changed)
			}
			if err != nil {
				return blameCheckpoint(err, tf.Resumed, tf.Resume)
			}
			if tf.Resumed != nil {
				tf.Leaf = distributedLeaves(tf.Resumed, tf.distributed)
			}
			warnLaunchedAlone(errw, tf.distributed)
			if tf.distributed {
				fitDone := false
				tf.FitReturned = func() { fitDone = true }
				tf.Comm, err = joinDistributed(&tf, &out)
				defer func() { err = leaveDistributed(tf.Comm, err, fitDone) }()
				if err != nil {
					return err
				}
			}
			// Locked only now: locking creates lock files and --logdir,
			// which flags the checkpoint completes and Validate may
			// refuse must not leave behind, and on MPI ranks other than
			// 0, which write nothing, joinDistributed cleared the outputs.
			unlock, err := tf.LockOutputs()
			if err != nil {
				return err
			}
			defer unlock()
			tf.Flags = map[string]string{}
			fs.VisitAll(func(f *pflag.Flag) { tf.Flags[f.Name] = f.Value.String() })
			tf.Flags["resume"] = resume
			if tf.Leaf > 0 {
				// The run keeps the ranks' arithmetic, and its checkpoints
				// say so for the next resume.
				tf.Flags["distributed"] = "true"
			}
			tf.Callbacks, tf.Out, tf.Err = extra, out, errw
			// After the first signal, Ctrl-C ends the program at once.
			ctx, stop := interruptContext(cmd.Context(), errw, tf.distributed)
			defer stop()
			// The signal, read once the run returned, ends brawn after
			// the save (see main).
			return exitStatus(run.Train(ctx, &tf.Config), interruptSignal(ctx))
		},
	}
	tf.register(cmd.Flags())
	return cmd
}

// exitStatus gives a run that training stopped its exit status: death by
// sig, the signal that interrupted it (nil for a cancelled context), or
// 130 where it cannot die by it; 3 when a step was not finite or the run
// diverged. A run a signal interrupted dies by it also when it ended with
// another error (its save failed, the disk is full): the user asked it to
// stop, and a shell loop running brawn should stop too.
func exitStatus(err error, sig os.Signal) error {
	var se *run.StopError
	if !errors.As(err, &se) {
		if err != nil && sig != nil {
			return &exitError{code: exitInterrupted, msg: err.Error(), sig: sig}
		}
		return err
	}
	if se.Stopped == "interrupted" {
		return &exitError{code: exitInterrupted, msg: se.Error(), sig: sig}
	}
	return &exitError{code: exitNonFinite, msg: se.Error()}
}
