package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Train runs c, which Validate has accepted: it locks the output files
// (LockOutputs: a second run writing one of them, in this process or
// another, is refused at its start; the locks are released when Train
// returns), reads and splits the data, builds the network (or restores
// the Resume checkpoint, see ResumeAuto for a run it finds complete),
// prints the summary to Out, trains with the callbacks (progress, health
// and divergence stop, checkpoints, TensorBoard), writes the outputs and
// prints the test result. A run that training stopped early returns a
// *StopError, after saving what it could.
func Train(ctx context.Context, c *Config) error {
	// The outputs are locked before --resume auto reads Save, whose
	// writer may be another run (brawn train resolves --resume auto
	// itself, before it locks: it reads the checkpoint to validate its
	// flags, and saves are atomic renames, so the read sees a whole file).
	unlock, err := c.LockOutputs()
	if err != nil {
		return err
	}
	defer unlock()
	if err := c.ResolveResume(); err != nil {
		return err
	}
	if err := c.checkRanksAgree(c.Comm); err != nil {
		return err
	}
	if c.Resume != "" && c.Resumed == nil {
		m, err := LoadResume(c.Resume)
		if err != nil {
			return err
		}
		c.Resumed = m
	}
	if c.Resumed != nil && c.decayFromDefault {
		if err := c.useSavedDecay(c.Resumed); err != nil {
			return err
		}
	}
	if c.Resumed != nil && c.tmaxFromEpochs && c.TMax == c.Epochs {
		// A horizon not given is the checkpoint's, as brawn train --resume
		// takes every flag not given from it.
		if saved, ok := savedTMax(c.Resumed); ok {
			c.TMax = saved
		}
	}
	r := &trainRun{cfg: c, out: orDiscard(c.Out), errw: orDiscard(c.Err), resumed: c.Resumed, hist: &callbacks.History{}}
	return r.run(ctx)
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func (r *trainRun) run(ctx context.Context) (err error) {
	start := time.Now()
	tf := r.cfg
	if err := r.setup(ctx); err != nil {
		if ctx.Err() != nil {
			// A file's reading stopped, or ended with an error the
			// interrupted user does not need.
			return stopf("interrupted", "interrupted while loading the data, before training started; nothing was saved")
		}
		return err
	}
	if r.complete != "" {
		fmt.Fprint(r.out, r.complete)
		return nil
	}
	r.warnUnsaved()
	r.warnUnscaled()
	r.warnShortCosine()
	r.warnThreads()
	r.warnEmptyClasses()
	r.warnIndexColumn()
	r.warnSquashedOutputs()
	if err := ctx.Err(); err != nil {
		return stopf("interrupted", "interrupted before training started; nothing was saved")
	}
	if !tf.Quiet {
		fmt.Fprintf(r.out, "data: %d training, %d validation, %d test samples; %d features, %s\n",
			r.ds.Train.Len(), lenOf(r.ds.Val), r.ds.Test.Len(), r.arch.Inputs, r.predicts())
		writeSummary(r.out, r.archString(), r.net.Describe(), kernels.Active().String(), r.threads(), r.ranks())
		sched := ""
		switch {
		case tf.Schedule == "plateau" && r.ds.Val == nil:
			// Keras warns when the metric is missing; here it is the default.
			sched = " (plateau schedule on the training loss: no --val-split to watch val_loss on)"
		case tf.Schedule == "plateau":
			sched = " (plateau schedule on val_loss)"
		case tf.Schedule != "constant":
			sched = " (" + tf.Schedule + " schedule)"
		}
		if tf.Warmup > 0 {
			sched += fmt.Sprintf(" after %d warm-up steps", tf.Warmup)
		}
		opt := r.trainer.Optimizer.Name()
		if tf.AMSGrad {
			opt += " (amsgrad)"
		}
		decay := ""
		if tf.WeightDecay != 0 || tf.Optimizer == "adamw" {
			// adamw's always: its decay is what sets it apart from adam.
			decay = fmt.Sprintf(", weight decay %g", tf.WeightDecay)
		}
		fmt.Fprintf(r.out, "%s, lr %g%s%s, batch %d, %s, seed %d\n", opt, tf.LR, decay, sched, tf.Batch, Plural(tf.Epochs, "epoch"), tf.Seed)
		switch {
		case r.resumed != nil && tf.resumeAuto:
			fmt.Fprintf(r.out, "--resume auto: resuming %s %s\n", tf.Resume, r.position())
		case r.resumed != nil:
			fmt.Fprintf(r.out, "resuming %s %s\n", tf.Resume, r.position())
		case tf.resumeAuto:
			fmt.Fprintf(r.out, "--resume auto: no checkpoint at %s yet; starting the run\n", tf.Save)
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
	r.hist.Test, r.hist.Extra = r.testDS, r.epochExtras

	r.trainer.Callbacks = append(r.trainer.Callbacks, r.trainCallbacks(start)...)
	fitErr := r.trainer.Fit(ctx, trainDS, valDS)
	if r.cfg.FitReturned != nil {
		r.cfg.FitReturned()
	}

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
		return r.keptOnError(fitErr)
	}

	final, err := r.finalMetrics()
	if err != nil {
		return err
	}
	total := time.Since(start)
	if r.stopped == "interrupted" && r.cfg.Comm != nil && r.cfg.Comm.Rank() != 0 {
		return stopf("interrupted", "interrupted; rank 0 saves the run")
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
		if tf.resumeAuto && !SamePath(path, tf.Save) && tf.Save != "" {
			return stopf("interrupted", "interrupted %s: saved the run to %s; continue it with the same flags and --resume %s (--resume auto continues the latest whole epoch --save %s names%s)", r.position(), path, path, tf.Save, r.lastEpochFile())
		}
		if tf.resumeAuto {
			return stopf("interrupted", "interrupted %s: saved the run to %s; the same command continues it (--resume auto)", r.position(), path)
		}
		return stopf("interrupted", "interrupted %s: saved the run to %s; continue it with the same flags and --resume %s", r.position(), path, path)
	}
	if err := r.writeOutputs(); err != nil {
		return err
	}
	if nonFinite != nil {
		return r.nonFiniteError(nonFinite)
	}
	if diverged != nil {
		return stopf(diverged.Stopped, "%s; %s. %s", diverged, r.keptCheckpoint(), r.divergenceAdvice())
	}
	// Each epoch's end saved the model already, unless no epoch ran.
	if tf.Save != "" && r.ckpt.LastSaved != r.trainer.Epoch() {
		path := r.ckpt.EpochPath()
		if err := r.saveCheckpoint(path); err != nil {
			return err
		}
		r.ckpt.LastPath = path
	}
	epochs := len(r.hist.Epochs)
	result, err := r.testResult(final)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.out, "test %s (loss %s) on %d samples%s, epochs: %d, time: %s (%s per epoch of training)\n",
		result, callbacks.FormatLoss(final.Loss), final.Samples, r.ignoredNote(r.ds.Test), r.trainer.Epoch(), roundDuration(total), roundDuration(time.Duration(meanEpochSeconds(r.hist.Epochs)*float64(time.Second))))
	if r.stopped == "early-stop" {
		kept := "kept the best weights"
		if !tf.EarlyStopRestore {
			kept = "kept the last epoch's weights (--early-stop-restore=false)"
		}
		fmt.Fprintf(r.out, "stopped early after epoch %d: %s; %s\n", r.hist.Epochs[epochs-1].Epoch, tf.earlyStopWhy(), kept)
	}
	fmt.Fprint(r.out, r.bestEpochNote())
	if tf.Save != "" && !tf.Quiet {
		kept := ""
		if r.stopped == "early-stop" {
			kept = r.keptWeightsFile()
		}
		fmt.Fprintf(r.out, "saved the model to %s%s\n", r.savedPath(), kept)
	}
	return r.saveWeights()
}

// finalMetrics are the test metrics of the model as it ends: the last
// epoch's, except after early stopping, which restores the best weights.
// An interrupted or diverged run reports its last finished epoch (NaN
// before the first).
func (r *trainRun) finalMetrics() (nn.Metrics, error) {
	if r.stopped == "early-stop" {
		return nn.Evaluate(r.net, r.loss, r.testDS, evalBatch(r.net))
	}
	if n := len(r.hist.Epochs); n > 0 {
		last := r.hist.Epochs[n-1]
		return nn.Metrics{Loss: last.TestLoss, Accuracy: last.TestAccuracy, Samples: r.ds.Test.Len()}, nil
	}
	return nn.Metrics{Loss: math.NaN(), Accuracy: math.NaN(), Samples: r.ds.Test.Len()}, nil
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

// position says where the trainer is, counting the epoch's steps as the
// divergence messages do and the run's global step beside them: "in epoch
// 4 after step 212 (global step 1151)", or "at the start of epoch 4
// (global step 1151)" between epochs.
func (r *trainRun) position() string {
	t := r.trainer
	if t.EpochStep() == 0 {
		return fmt.Sprintf("at the start of epoch %d (global step %d)", t.Epoch()+1, t.GlobalStep())
	}
	return fmt.Sprintf("in epoch %d after step %d (global step %d)", t.Epoch()+1, t.EpochStep(), t.GlobalStep())
}

// keptOnError adds to an error that ended training where the run's last
// checkpoint is: a report that failed to write (--logdir or --json on a
// full disk) ends the run after the checkpoint of its epoch was saved,
// and the user is to know that the epochs trained are kept.
func (r *trainRun) keptOnError(err error) error {
	if r.cfg.Save == "" || r.ckpt.LastSaved == 0 {
		return err
	}
	return fmt.Errorf("%w\nthe run is saved to %s after epoch %d; continue it with the same flags and --resume %s", err, r.savedPath(), r.ckpt.LastSaved, r.savedPath())
}

// ignoredNote is IgnoredNote for the samples of d (nil: none) that have
// the label the run's loss ignores.
func (r *trainRun) ignoredNote(d *data.Dataset) string {
	if d == nil {
		return ""
	}
	return IgnoredNote(nn.CountIgnored(r.trainer.Loss, d.Y, nil), r.trainer.Loss)
}

// IgnoredNote says, after a count of samples, how many (n) have the label
// loss ignores (nn.IgnoredLabel), which no score counts; "" for none.
func IgnoredNote(n int, loss nn.Loss) string {
	label, _ := nn.IgnoredLabel(loss)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d of label %d, which the loss ignores, left out of the scores)", n, label)
}
