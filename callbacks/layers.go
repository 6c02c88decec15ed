package callbacks

import (
	"fmt"
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// LayerHealth is one Linear layer's state after an epoch, as the health
// warnings and the TensorBoard health tags read it. Norms are L2 norms
// over the layer's weight matrix (not its bias); GradNorm is the weight
// gradient's norm at the epoch's last step.
type LayerHealth struct {
	Layer      string // LayerLabel, e.g. "0 (Linear 784->256)"
	Index      string // the layer's index in the Sequential, e.g. "0"
	WeightNorm float64
	GradNorm   float64
	Elements   int // weights in the matrix, to turn norms into RMS values
	// DeadFraction is the fraction of the layer's output units that a
	// following ReLU never let through during the epoch, or -1 when no
	// ReLU follows the layer.
	DeadFraction float64
}

// LinearHealth turns net's per-layer statistics (nn.EpochInfo.Stats or
// Sequential.Stats, one per layer) into one entry per Linear layer, with
// the dead fraction of the ReLU that follows it (after an optional
// BatchNorm1d).
func LinearHealth(net *nn.Sequential, stats []nn.LayerStats) []LayerHealth {
	var out []LayerHealth
	for i, s := range stats {
		if s.Type != "Linear" {
			continue
		}
		l := net.Layers[i].Params()[0].Value
		h := LayerHealth{
			Layer:      LayerLabel(net, i),
			Index:      strconv.Itoa(i),
			WeightNorm: s.WeightNorm, GradNorm: s.GradNorm, Elements: len(l.Data), DeadFraction: -1,
		}
		for j := i + 1; j < len(stats) && stats[j].Type != "Linear"; j++ {
			if stats[j].HasDead {
				h.DeadFraction = stats[j].Dead
				break
			}
		}
		out = append(out, h)
	}
	return out
}

// LayerLabel names layer i of net for messages: its index and type, with
// a Linear layer's input and output sizes ("0 (Linear 784->256)").
func LayerLabel(net *nn.Sequential, i int) string {
	if lin, ok := net.Layers[i].(*nn.Linear); ok {
		w := lin.Weight.Value
		return fmt.Sprintf("%d (Linear %d->%d)", i, w.Shape[1], w.Shape[0])
	}
	return fmt.Sprintf("%d (%s)", i, net.Layers[i].Type())
}
