package callbacks

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Best returns the recorded epoch with the best value of the monitored
// metric, and that value: the first epoch strictly better than every
// earlier one in the metric's direction (nn.MonitorMode "auto"), as
// Checkpoint's BestPath keeps it, a NaN never better. monitor takes
// nn.ResolveMonitor's names; "" is "val_loss", or "loss" when no epoch has
// a validation loss. It returns epoch 0 when no epoch has the metric, and
// an error for an unknown name.
func (h *History) Best(monitor string) (epoch int, value float64, err error) {
	name, err := h.monitored(monitor)
	if err != nil {
		return 0, 0, err
	}
	mode, _ := nn.MonitorMode("auto", name)
	for _, m := range h.Epochs {
		v := epochValue(&m, name)
		if math.IsNaN(v) {
			continue
		}
		if epoch == 0 || mode == "min" && v < value || mode == "max" && v > value {
			epoch, value = m.Epoch, v
		}
	}
	return epoch, value, nil
}

// BestBy is Best, but for es not nil, the epoch es counts best
// (nn.EarlyStopping.BestEpoch: its MinDelta and its warm-up,
// StartFromEpoch, applied; the weights its RestoreBest keeps), with its
// recorded value of monitor. It returns epoch 0 when es has counted no
// best epoch yet, and an error when es watches another metric than
// monitor (names resolved: "" and "val_loss" are one metric with a
// validation set).
func (h *History) BestBy(monitor string, es *nn.EarlyStopping) (epoch int, value float64, err error) {
	if es == nil {
		return h.Best(monitor)
	}
	name, err := h.monitored(monitor)
	if err != nil {
		return 0, 0, err
	}
	if watched, err := h.monitored(es.Monitor); err != nil || watched != name {
		return 0, 0, fmt.Errorf("the best epoch of %s asked of early stopping, which watches %s", name, watched)
	}
	epoch = es.BestEpoch()
	for _, m := range h.Epochs {
		if m.Epoch == epoch {
			return epoch, epochValue(&m, name), nil
		}
	}
	return 0, 0, nil
}

// epochValue is m's value of the metric name (resolved), NaN when m has
// none.
func epochValue(m *model.EpochMetrics, name string) float64 {
	var v *float64
	switch name {
	case nn.MetricLoss:
		v = &m.TrainLoss
	case nn.MetricAccuracy:
		v = &m.TrainAccuracy
	case nn.MetricValLoss:
		v = m.ValLoss
	case nn.MetricValAccuracy:
		v = m.ValAccuracy
	}
	if v == nil {
		return math.NaN()
	}
	return *v
}

// monitored resolves monitor (nn.ResolveMonitor), "" as "val_loss", or
// "loss" when no epoch has a validation loss.
func (h *History) monitored(monitor string) (string, error) {
	name, err := nn.ResolveMonitor(monitor)
	if err != nil || name != "" {
		return name, err
	}
	for _, m := range h.Epochs {
		if m.ValLoss != nil {
			return nn.MetricValLoss, nil
		}
	}
	return nn.MetricLoss, nil
}
