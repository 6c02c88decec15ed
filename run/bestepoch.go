package run

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/nn"
)

// bestEpochNote is the line that ends a run whose weights are of another
// epoch than its best --monitor value's (--early-stop-monitor's with
// --early-stop and no --save-best) (it trained on past that epoch,
// and no early stop restored it), saying which was best and how to keep
// it; "" when they are the same epoch, or no epoch has the metric (val_loss
// without --val-split). Keras 3's EarlyStopping restores the best weights
// at the end of every run; brawn keeps the last epoch's, so that a run can
// be resumed with more epochs, and says so here.
func (r *trainRun) bestEpochNote() string {
	monitor := r.bestMonitor()
	best, value, err := r.hist.BestBy(monitor, r.bestEarlyStopping())
	kept := callbacks.WeightsEpoch(r.trainer)
	if err != nil || best == 0 || kept == 0 || best == kept {
		return ""
	}
	had := fmt.Sprintf("epoch %d had the best %s (%.5g)", best, monitor, value)
	if counting := r.earlyStopCounting(); counting != "" {
		had = fmt.Sprintf("epoch %d had the best %s that early stopping counts (%.5g; %s)", best, monitor, value, counting)
	}
	keptIs := fmt.Sprintf("the weights kept are epoch %d's", kept)
	switch {
	case r.cfg.SaveBest != "":
		return fmt.Sprintf("%s, saved to %s; %s\n", had, r.cfg.SaveBest, keptIs)
	case r.cfg.EarlyStop > 0 && !r.cfg.EarlyStopRestore:
		return fmt.Sprintf("%s; %s. To keep the best epoch's: --save-best FILE, or --early-stop-restore, which restores them when it stops training\n", had, keptIs)
	case r.cfg.EarlyStop > 0:
		return fmt.Sprintf("%s; %s. To keep the best epoch's: --save-best FILE (--early-stop restores them only when it stops training)\n", had, keptIs)
	}
	return fmt.Sprintf("%s; %s. To keep the best epoch's: --save-best FILE, or --early-stop N, which restores them when it stops training\n", had, keptIs)
}

// bestMonitor is the metric whose best epoch the run reports, at its end
// and in --json's best_epoch: --monitor's, unless the run has early
// stopping and no --save-best, when it is --early-stop-monitor's (what
// the run watched).
func (r *trainRun) bestMonitor() string {
	if r.earlyStopBest() {
		return r.cfg.EarlyStopMonitor
	}
	return r.cfg.Monitor
}

// bestEarlyStopping is the early stopping whose best epoch the run
// reports, at its end and in --json's best_epoch (History.BestBy): that
// of --early-stop without --save-best, whose file holds the best epoch
// of --monitor as Keras's ModelCheckpoint counts it; nil otherwise.
func (r *trainRun) bestEarlyStopping() *nn.EarlyStopping {
	if r.earlyStopBest() {
		return r.es
	}
	return nil
}

// earlyStopBest reports whether the run's best epoch is the one its
// early stopping counts: with --early-stop, and no --save-best.
func (r *trainRun) earlyStopBest() bool { return r.cfg.SaveBest == "" && r.cfg.EarlyStop > 0 }

// earlyStopCounting names the settings by which the best epoch early
// stopping counts may differ from the plain best of its metric:
// --early-stop-min-delta and --early-stop-start-from-epoch, those set
// ("" for neither, or without the early stopping bestEarlyStopping gives).
func (r *trainRun) earlyStopCounting() string {
	if r.bestEarlyStopping() == nil {
		return ""
	}
	var s []string
	if r.cfg.EarlyStopMinDelta != 0 {
		s = append(s, fmt.Sprintf("--early-stop-min-delta %g", r.cfg.EarlyStopMinDelta))
	}
	if r.cfg.EarlyStopStart > 0 {
		s = append(s, fmt.Sprintf("--early-stop-start-from-epoch %d", r.cfg.EarlyStopStart))
	}
	return strings.Join(s, ", ")
}
