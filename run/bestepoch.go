package run

import (
	"fmt"

	"github.com/brawn-ml/brawn/callbacks"
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
	best, value, err := r.hist.Best(monitor)
	kept := callbacks.WeightsEpoch(r.trainer)
	if err != nil || best == 0 || kept == 0 || best == kept {
		return ""
	}
	had := fmt.Sprintf("epoch %d had the best %s (%.5g)", best, monitor, value)
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
	if r.cfg.SaveBest == "" && r.cfg.EarlyStop > 0 {
		return r.cfg.EarlyStopMonitor
	}
	return r.cfg.Monitor
}
