package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

const trainLong = `Train a feed-forward classifier: Linear layers of the --layers sizes with
the --activation between them, and a final Linear layer to the classes, on
MNIST (--data mnist) or on CSV/IDX files (--train, and --test or a
--test-split held out of --train).

It prints a model summary, a progress bar per epoch (plain lines when stderr
is not a terminal), a line per epoch and the final test accuracy. --save
writes a safetensors checkpoint after every epoch; SIGINT or SIGTERM saves
one and exits (status 130), and --resume continues from it exactly. A step
whose loss, gradients or update would not be finite float32s (stopped before
its update), or an epoch's loss above 1000 times the first step's, stops
training (status 3) and keeps the last good checkpoint.

--task regression predicts the numbers of the --label-col column(s) instead
(a comma list for several targets): the last layer has one linear output per
target, trained with --loss mse (default), l1 or huber on targets
standardized with the training set's mean and std (recorded in the
checkpoint and undone by predict); the epoch lines, eval, --json,
TensorBoard and the plots report R², MSE and MAE in the targets' units
(scikit-learn's r2_score, mean_squared_error, mean_absolute_error). Without
--task, labels that are numbers but not a few integer classes are refused.
--loss bce trains two classes on one logit (BCEWithLogitsLoss).`

const trainExample = `  brawn train --data mnist
  brawn train --data mnist --layers 512,256 --optimizer sgd --lr 0.1 --lr-schedule cosine --epochs 20 --save mnist.safetensors
  brawn train --train iris.csv --test iris-test.csv --label-col species --normalize standard --layers 16 --epochs 100
  brawn train --train diabetes-train.csv --test diabetes-test.csv --task regression --label-col target --normalize standard --layers 32 --activation tanh --dropout 0.5
  brawn train --train wine_data.csv --skip-rows 1 --test-split 0.2 --normalize standard --val-split 0.1 --save-best best.safetensors
  brawn train --data mnist --save run.safetensors --epochs 10   # Ctrl-C, then:
  brawn train --data mnist --resume run.safetensors --save run.safetensors --epochs 10`

// evalBatch is the batch size of test and validation passes (no gradients,
// so larger batches only make the matrix products more efficient).
const evalBatch = 1000

func newTrainCmd() *cobra.Command {
	var df dataFlags
	var tf trainFlags
	cmd := &cobra.Command{
		Use:     "train",
		Short:   "Train a network on MNIST or CSV/IDX data",
		Long:    trainLong,
		Example: trainExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			var resumed *model.Model
			if tf.Resume != "" {
				m, err := model.Load(tf.Resume)
				if err != nil {
					return err
				}
				if err := applySavedFlags(cmd.Flags(), m, tf.Resume); err != nil {
					return err
				}
				resumed = m
			}
			if err := df.validate(true); err != nil {
				return blameCheckpoint(err, resumed, tf.Resume)
			}
			if err := tf.validate(cmd.Flags().Changed); err != nil {
				return blameCheckpoint(err, resumed, tf.Resume)
			}
			if err := checkTaskLoss(&df, &tf, cmd.Flags().Changed); err != nil {
				return blameCheckpoint(err, resumed, tf.Resume)
			}
			if err := checkOutputsAreNotInputs(&df, &tf); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			var comm dist.Comm
			var r *trainRun
			if tf.Distributed {
				comm, err = joinDistributed(&tf, &out)
				defer func() { err = leaveDistributed(comm, err, r != nil && r.fitDone) }()
				if err != nil {
					return err
				}
			}
			unlock, err := tf.lockOutputs()
			if err != nil {
				return err
			}
			defer unlock()
			// After the first signal, a second one ends the program at once.
			ctx, stop := interruptContext(cmd.Context())
			defer stop()
			r = &trainRun{df: &df, tf: &tf, fs: cmd.Flags(), out: out, errw: cmd.ErrOrStderr(), resumed: resumed, hist: &callbacks.History{}, comm: comm}
			return r.run(ctx)
		},
	}
	df.register(cmd.Flags(), true)
	tf.register(cmd.Flags())
	return cmd
}

// trainRun is one `brawn train`: its configuration, the objects it builds
// and the metrics it collects.
type trainRun struct {
	df      *dataFlags
	tf      *trainFlags
	fs      *pflag.FlagSet
	out     io.Writer // summary and results
	errw    io.Writer // progress, warnings
	resumed *model.Model
	comm    dist.Comm // --distributed: this rank's MPI job (nil: one process)
	fitDone bool      // Fit has returned, at the same step on every rank

	ds      *datasets
	arch    model.MLP
	net     *nn.Sequential
	trainer *nn.Trainer
	loss    nn.Loss
	testDS  *data.Dataset
	health  *callbacks.Health
	ckpt    *callbacks.Checkpoint
	events  *callbacks.TensorBoard
	hist    *callbacks.History
	stopped string

	lastGoodEpoch int // the last epoch this run finished without diverging
	trainData     *model.DataIdentity
}

func (r *trainRun) threads() int {
	if r.tf.Threads > 0 {
		return r.tf.Threads
	}
	return runtime.GOMAXPROCS(0)
}

func (r *trainRun) run(ctx context.Context) (err error) {
	start := time.Now()
	tf := r.tf
	if err := r.setup(); err != nil {
		return err
	}
	r.warnUnscaled()
	if err := ctx.Err(); err != nil {
		return exitf(exitInterrupted, "interrupted before training started; nothing was saved")
	}
	if !tf.Quiet {
		fmt.Fprintf(r.out, "data: %d training, %d validation, %d test samples; %d features, %s\n",
			r.ds.Train.Len(), lenOf(r.ds.Val), r.ds.Test.Len(), r.arch.Inputs, r.predicts())
		writeSummary(r.out, r.arch.String(), r.net.Describe(), kernels.Active().String(), r.threads())
		sched := ""
		if tf.Schedule != "constant" {
			sched = " (" + tf.Schedule + " schedule)"
		}
		if tf.Warmup > 0 {
			sched += fmt.Sprintf(" after %d warm-up steps", tf.Warmup)
		}
		opt := r.trainer.Optimizer.Name()
		if tf.AMSGrad {
			opt += " (amsgrad)"
		}
		fmt.Fprintf(r.out, "%s, lr %g%s, batch %d, %s, seed %d\n", opt, tf.LR, sched, tf.Batch, plural(tf.Epochs, "epoch"), tf.Seed)
		if r.resumed != nil {
			fmt.Fprintf(r.out, "resuming %s in epoch %d after %d steps\n", tf.Resume, r.trainer.Epoch()+1, r.trainer.GlobalStep())
		}
	}
	if tf.Logdir != "" {
		ev, err := callbacks.NewTensorBoard(tf.Logdir, r.hist)
		if err != nil {
			return fmt.Errorf("--logdir: %w", err)
		}
		r.events = ev
		defer func() {
			if cerr := ev.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}()
	}

	trainDS := trainingView(r.ds.Train, r.ds.Train.Classes, r.ds.Targets)
	var valDS *data.Dataset
	if r.ds.Val != nil {
		valDS = trainingView(r.ds.Val, r.ds.Train.Classes, r.ds.Targets)
	}
	r.testDS = trainingView(r.ds.Test, r.ds.Train.Classes, r.ds.Targets)

	r.trainer.Callbacks = append(r.trainer.Callbacks, r.trainCallbacks(start)...)
	fitErr := r.trainer.Fit(ctx, trainDS, valDS)
	r.fitDone = true

	var nonFinite *nn.NonFiniteError
	var diverged *callbacks.DivergedError
	switch {
	case fitErr == nil:
		r.stopped = "completed"
		if n := len(r.hist.Epochs); n > 0 && r.hist.Epochs[n-1].Epoch < tf.Epochs {
			r.stopped = "early-stop"
		}
	case errors.Is(fitErr, context.Canceled):
		r.stopped = "interrupted"
	case errors.As(fitErr, &nonFinite):
		r.stopped = "non-finite"
	case errors.As(fitErr, &diverged):
		r.stopped = diverged.Stopped
	default:
		return fitErr
	}

	final, err := r.finalMetrics()
	if err != nil {
		return err
	}
	total := time.Since(start)
	if r.stopped == "interrupted" && r.comm != nil && r.comm.Rank() != 0 {
		return exitf(exitInterrupted, "interrupted; rank 0 saves the run")
	}
	if r.stopped == "interrupted" {
		// Save first: a second Ctrl-C ends the program at once.
		path, unlock := r.checkpointPath()
		err := r.saveCheckpoint(path)
		unlock()
		if err != nil {
			return fmt.Errorf("interrupted, and saving the checkpoint failed: %w", err)
		}
		if err := r.writeOutputs(); err != nil {
			return err
		}
		return exitf(exitInterrupted, "interrupted in epoch %d after %d steps: saved the run to %s; continue it with the same flags and --resume %s",
			r.trainer.Epoch()+1, r.trainer.GlobalStep(), path, path)
	}
	if err := r.writeOutputs(); err != nil {
		return err
	}
	if nonFinite != nil {
		return r.nonFiniteError(nonFinite)
	}
	if diverged != nil {
		return exitf(exitNonFinite, "%s; %s. %s", diverged, r.keptCheckpoint(), r.divergenceAdvice())
	}
	// Each epoch's end saved the model already, unless no epoch ran.
	if tf.Save != "" && r.ckpt.LastSaved != r.trainer.Epoch() {
		if err := r.saveCheckpoint(tf.Save); err != nil {
			return err
		}
	}
	epochs := len(r.hist.Epochs)
	result, err := r.testResult(final)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.out, "test %s (loss %s) on %d samples, epochs: %d, time: %s (%s per epoch of training)\n",
		result, callbacks.FormatLoss(final.Loss), final.Samples, r.trainer.Epoch(), roundDuration(total), roundDuration(time.Duration(meanEpochSeconds(r.hist.Epochs)*float64(time.Second))))
	if r.stopped == "early-stop" {
		fmt.Fprintf(r.out, "stopped early after epoch %d: no better validation loss for %s; kept the best weights\n", r.hist.Epochs[epochs-1].Epoch, plural(tf.EarlyStop, "epoch"))
	}
	if tf.Save != "" && !tf.Quiet {
		fmt.Fprintf(r.out, "saved the model to %s\n", tf.Save)
	}
	return r.saveWeights()
}

// finalMetrics are the test metrics of the model as it ends: the last
// epoch's, except after early stopping, which restores the best weights.
// An interrupted or diverged run reports its last finished epoch (NaN
// before the first).
func (r *trainRun) finalMetrics() (nn.Metrics, error) {
	if r.stopped == "early-stop" {
		return nn.Evaluate(r.net, r.loss, r.testDS, evalBatch)
	}
	if n := len(r.hist.Epochs); n > 0 {
		last := r.hist.Epochs[n-1]
		return nn.Metrics{Loss: last.TestLoss, Accuracy: last.TestAccuracy, Samples: r.ds.Test.Len()}, nil
	}
	return nn.Metrics{Loss: math.NaN(), Accuracy: math.NaN(), Samples: r.ds.Test.Len()}, nil
}

func lenOf(d *data.Dataset) int {
	if d == nil {
		return 0
	}
	return d.Len()
}

func meanEpochSeconds(h []model.EpochMetrics) float64 {
	if len(h) == 0 {
		return 0
	}
	var s float64
	for _, m := range h {
		s += m.Seconds
	}
	return s / float64(len(h))
}

// keptCheckpoint says which checkpoint a run that stopped on divergence
// left behind: the last one it saved, else the one it resumed, else why
// there is none.
func (r *trainRun) keptCheckpoint() string {
	save := r.tf.Save
	switch {
	case r.ckpt.LastSaved > 0:
		return fmt.Sprintf("kept the last good checkpoint %s (epoch %d)", save, r.ckpt.LastSaved)
	case r.resumed != nil && save != "" && samePath(save, r.tf.Resume):
		return fmt.Sprintf("kept the last good checkpoint %s (epoch %d)", save, r.resumed.Epoch)
	case r.resumed != nil && save != "":
		return fmt.Sprintf("nothing was written to %s; the last good checkpoint is the one resumed, %s (epoch %d)", save, r.tf.Resume, r.resumed.Epoch)
	case r.resumed != nil:
		return fmt.Sprintf("the last good checkpoint is the one resumed, %s (epoch %d)", r.tf.Resume, r.resumed.Epoch)
	case save == "":
		return "no checkpoint was written (add --save FILE to keep one per epoch)"
	case r.lastGoodEpoch > 0:
		finished := "epoch 1"
		if r.lastGoodEpoch > 1 {
			finished = fmt.Sprintf("epochs 1 to %d", r.lastGoodEpoch)
		}
		return fmt.Sprintf("%s finished but no checkpoint was written: --save-every %d saves after epoch %d", finished, r.tf.SaveEvery, r.tf.SaveEvery)
	case len(r.hist.Epochs) > 0:
		return "no good epoch had finished, so no checkpoint was written"
	}
	return "no epoch had finished, so no checkpoint was written"
}

// plural gives "1 epoch", "2 epochs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// roundDuration keeps about three significant digits, so that short runs
// do not print as "0s": 1m2.3s, 4.56s, 12.3ms, 46µs.
func roundDuration(d time.Duration) string {
	for _, unit := range []time.Duration{time.Second, time.Millisecond, time.Microsecond} {
		if d >= unit {
			return d.Round(unit / 100).String()
		}
	}
	return d.String()
}
