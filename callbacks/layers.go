package callbacks

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// LayerHealth is one weight layer's state after an epoch (a Linear or a
// Conv2d, at the top of the network or inside a Residual block), as the
// health warnings and the TensorBoard health tags read it. Norms are L2
// norms over the layer's weight (not its bias); GradNorm is the weight
// gradient's norm at the epoch's last step, as the optimizer applied it:
// after the penalties and clipping (nn.EpochInfo.MeanGradNorm is the
// global norm before clipping).
type LayerHealth struct {
	Layer string // e.g. "0 (Linear 784->256)", "2.f.0 (Conv2d 32->32 3x3)"
	// Index is the layer's path in the Sequential, its state_dict prefix:
	// "0", or "2.f.0" for layer 0 of the residual branch of block 2.
	Index      string
	WeightNorm float64 // L2 norm of the weight
	GradNorm   float64 // L2 norm of the weight gradient at the epoch's last step, after the penalties and clipping
	Elements   int     // values in the weight, to turn norms into RMS values
	// DeadFraction is the fraction of the layer's output units that a
	// following ReLU never let through during the epoch, or -1 when no
	// ReLU follows the layer.
	DeadFraction float64
}

// LinearHealth turns net's per-layer statistics (nn.EpochInfo.Stats or
// Sequential.Stats, one per layer) into one entry per Linear and Conv2d
// layer, with the dead fraction of the ReLU that follows it (after
// normalization or pooling, before the next weight layer). The layers
// inside a Residual block get an entry each too, their norms computed as
// Sequential.Stats computes them.
func LinearHealth(net *nn.Sequential, stats []nn.LayerStats) []LayerHealth {
	var out []LayerHealth
	for i, s := range stats {
		switch l := net.Layers[i].(type) {
		case *nn.Residual:
			out = append(out, residualHealth(strconv.Itoa(i), l)...)
		case *nn.Linear, *nn.Conv2d:
			h := LayerHealth{
				Layer:      LayerLabel(net, i),
				Index:      strconv.Itoa(i),
				WeightNorm: s.WeightNorm, GradNorm: s.GradNorm, Elements: len(l.Params()[0].Value.Data), DeadFraction: -1,
			}
			for j := i + 1; j < len(stats) && !hasWeights(net.Layers[j]); j++ {
				if stats[j].HasDead {
					h.DeadFraction = stats[j].Dead
					break
				}
			}
			out = append(out, h)
		}
	}
	return out
}

// residualHealth is LinearHealth for the layers of block r, whose path
// is prefix.
func residualHealth(prefix string, r *nn.Residual) []LayerHealth {
	var out []LayerHealth
	for _, branch := range []struct {
		name   string
		layers []nn.Layer
	}{{"f", r.F}, {"downsample", r.Downsample}} {
		for j, l := range branch.layers {
			path := prefix + "." + branch.name + "." + strconv.Itoa(j)
			if inner, ok := l.(*nn.Residual); ok {
				out = append(out, residualHealth(path, inner)...)
				continue
			}
			if !hasWeights(l) {
				continue
			}
			w := l.Params()[0]
			h := LayerHealth{
				Layer:        path + " (" + layerText(l) + ")",
				Index:        path,
				WeightNorm:   math.Sqrt(kernels.SumSquares64(w.Value.Data)),
				GradNorm:     math.Sqrt(kernels.SumSquares64(w.Grad.Data)),
				Elements:     len(w.Value.Data),
				DeadFraction: -1,
			}
			for _, next := range branch.layers[j+1:] {
				if hasWeights(next) {
					break
				}
				if relu, ok := next.(*nn.ReLU); ok {
					if f, ok := relu.DeadFraction(); ok {
						h.DeadFraction = f
					}
					break
				}
			}
			out = append(out, h)
		}
	}
	return out
}

// hasWeights reports whether l is a layer LinearHealth reports on (or a
// Residual block holding some).
func hasWeights(l nn.Layer) bool {
	switch l.(type) {
	case *nn.Linear, *nn.Conv2d, *nn.Residual:
		return true
	}
	return false
}

// LayerLabel names layer i of net for messages: its index and type, with
// a Linear layer's input and output sizes ("0 (Linear 784->256)") and a
// Conv2d layer's channels and kernel ("0 (Conv2d 1->32 3x3)").
func LayerLabel(net *nn.Sequential, i int) string {
	return fmt.Sprintf("%d (%s)", i, layerText(net.Layers[i]))
}

func layerText(l nn.Layer) string {
	switch l := l.(type) {
	case *nn.Linear:
		w := l.Weight.Value
		return fmt.Sprintf("Linear %d->%d", w.Shape[1], w.Shape[0])
	case *nn.Conv2d:
		return fmt.Sprintf("Conv2d %d->%d %dx%d", l.InChannels, l.OutChannels, l.KernelSize[0], l.KernelSize[1])
	}
	return l.Type()
}
