package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
)

// ResumeAuto, as Config.Resume (--resume auto), continues the run that
// the Save checkpoint holds when that file exists, and starts the run
// afresh when it does not, so that one command line both starts a run and
// continues it after an interruption: a batch job that Slurm requeues
// reruns its script as it is, as Lightning's ckpt_path="last" and Keras's
// BackupAndRestore allow. When the run there is over (it has run Epochs,
// or early stopping ended it), Train prints that it is complete and
// returns nil without training or writing anything. Everything a resume
// checks still applies: a checkpoint of another run at Save (other data,
// network or settings) is refused. It needs Save. A checkpoint file named
// auto is resumed as ./auto.
const ResumeAuto = "auto"

// errAutoWithoutSave refuses ResumeAuto without a Save to resume from.
func errAutoWithoutSave() error {
	return BadField("resume", ResumeAuto, "continues the --save checkpoint when there is one and starts the run otherwise; add --save FILE")
}

// ResolveResume turns a Resume of ResumeAuto into the checkpoint it
// continues: Save when a file is there, else "" (a new run); Train
// remembers which, for the line it prints. Another Resume is left as it
// is. It is an error without Save. A Save that is not a regular file (a
// fifo, a device) holds no checkpoint to continue. A Save that is a
// template continues the file of the latest epoch it names. Train calls it; brawn train calls it
// first, to read the checkpoint's settings before Validate.
func (c *Config) ResolveResume() error {
	if c.Resume != ResumeAuto {
		return nil
	}
	if c.Save == "" {
		return errAutoWithoutSave()
	}
	p, err := c.saveTemplate()
	if err != nil {
		return err
	}
	c.resumeAuto, c.Resume = true, ""
	if p != nil {
		c.Resume, err = latestTemplateFile(p)
		return err
	}
	// A file that cannot be examined (no permission) is resumed, so that
	// the error reading it is reported rather than the run started anew
	// over it; a fifo or device that Save writes to holds no checkpoint.
	fi, err := os.Stat(c.Save)
	if (err == nil && fi.Mode().IsRegular()) || (err != nil && !errors.Is(err, fs.ErrNotExist)) {
		c.Resume = c.Save
	}
	return nil
}

// resumeFile is the checkpoint Resume names, Save for an unresolved
// ResumeAuto ("" when not resuming).
func (c *Config) resumeFile() string {
	if c.Resume == ResumeAuto {
		return c.Save
	}
	return c.Resume
}

// LoadResume reads the checkpoint path that --resume names; a file that
// does not exist is an error naming --resume.
func LoadResume(path string) (*model.Model, error) {
	m, err := model.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--resume %s: no such file or directory; --resume continues a checkpoint that --save wrote (--resume auto with --save FILE starts the run when FILE does not exist yet)", path)
	}
	return m, err
}

// completeRun is, for ResumeAuto, what setup says of a checkpoint whose
// run is over, for Train to print instead of training: that the run is
// complete (bestEpoch > 0: stopped early after stoppedEpoch, keeping
// bestEpoch's weights), and the test result recorded for the weights it
// holds.
func (r *trainRun) completeRun(stoppedEpoch, bestEpoch int) string {
	tf, done := r.cfg, r.trainer.Epoch()
	var s string
	kept := done
	if stoppedEpoch > 0 {
		kept = bestEpoch
		if !tf.EarlyStopRestore {
			kept = stoppedEpoch
		}
		s = fmt.Sprintf("--resume auto: the run in %s is complete: it stopped early after epoch %d (%s) and kept epoch %d's weights; nothing to train, the checkpoint is left as it is\n",
			tf.Resume, stoppedEpoch, tf.earlyStopWhy(), kept)
	} else {
		more := ""
		if done > tf.Epochs {
			more = fmt.Sprintf(", more than --epochs %d", tf.Epochs)
		}
		s = fmt.Sprintf("--resume auto: the run in %s is complete: it has trained %s%s; nothing to train, the checkpoint is left as it is (more --epochs would continue it)\n",
			tf.Resume, Plural(done, "epoch"), more)
	}
	for _, e := range r.hist.Epochs {
		if e.Epoch == kept {
			s += "epoch " + fmt.Sprint(kept) + ": " + recordedResult(e) + "\n"
		}
	}
	return s
}

// recordedResult is the test result a checkpoint's history records for
// an epoch: its validation loss when there is one, and the test accuracy,
// or a regression's R², MSE and MAE, with the loss.
func recordedResult(e model.EpochMetrics) string {
	s := ""
	if e.ValLoss != nil {
		s = "val_loss " + callbacks.FormatLoss(*e.ValLoss) + ", "
	}
	score := fmt.Sprintf("accuracy %.2f%%", 100*e.TestAccuracy)
	if e.TestR2 != nil && e.TestMSE != nil && e.TestMAE != nil {
		score = model.RegressionScores{R2: *e.TestR2, MSE: *e.TestMSE, MAE: *e.TestMAE}.String()
	}
	return s + fmt.Sprintf("test %s (loss %s)", score, callbacks.FormatLoss(e.TestLoss))
}

// warnUnsaved warns, at the start of a resumed run that writes no model
// (no Save, SaveWeights or SaveBest), that the model it ends with will be
// saved nowhere: only an interruption saves it.
func (r *trainRun) warnUnsaved() {
	tf := r.cfg
	if r.resumed == nil || tf.Save != "" || tf.SaveWeights != "" || tf.SaveBest != "" || tf.Quiet || (tf.Comm != nil && tf.Comm.Rank() != 0) {
		return
	}
	fmt.Fprintf(r.errw, "warning: --resume without --save: this run continues %s, but the model it ends with will not be saved; add --save FILE (--save %s continues the checkpoint in place)\n", tf.Resume, tf.Resume)
}
