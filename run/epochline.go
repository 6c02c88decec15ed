package run

import (
	"fmt"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
)

// epochLine is the one-line summary of a finished epoch, with the test
// set's metrics, that the progress display prints.
func epochLine(m model.EpochMetrics, val bool) string {
	if m.TestR2 != nil {
		return regressionEpochLine(m, val)
	}
	s := fmt.Sprintf("epoch %d  loss %s  acc %.2f%%", m.Epoch, callbacks.FormatLoss(m.TrainLoss), 100*m.TrainAccuracy)
	if val && m.ValLoss != nil {
		s += fmt.Sprintf("  val_loss %s  val_acc %.2f%%", callbacks.FormatLoss(*m.ValLoss), 100**m.ValAccuracy)
	}
	s += fmt.Sprintf("  test_loss %s  test_acc %.2f%%  lr %.3g  %.1fs",
		callbacks.FormatLoss(m.TestLoss), 100*m.TestAccuracy, m.LR, m.Seconds)
	return s + callbacks.FormatRate(m.SamplesPerSec)
}
