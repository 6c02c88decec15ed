package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// LayerStats is one layer's health for the CLI's warnings and histograms.
type LayerStats struct {
	Index int    // position in the Sequential
	Type  string // "Linear", "ReLU", ...
	// WeightNorm, BiasNorm are the L2 norms of the layer's weight and bias
	// (0 for layers without them); GradNorm is the L2 norm of the weight
	// gradient as it is now: after a training step, the one the optimizer
	// applied, the penalties (L1, L2) added and clipping done (the
	// Trainer's EpochInfo.MeanGradNorm is the global norm before
	// clipping). For a container (Residual) they are
	// the norms of all its weights, biases and weight gradients together.
	WeightNorm, BiasNorm, GradNorm float64
	// Dead is the fraction of units of a ReLU layer that were never
	// positive, over the training forwards since the last ResetStats
	// (HasDead false for other layers or when nothing was recorded; needs
	// SetTrackHealth(true)).
	Dead    float64 // fraction 0-1
	HasDead bool    // Dead was recorded
}

// Stats returns every layer's health statistics. The norms are summed by
// kernels.SumSquares64 (fixed order), which stays finite for finite
// values, and rooted in float64.
func (s *Sequential) Stats() []LayerStats {
	out := make([]LayerStats, len(s.Layers))
	for i, l := range s.Layers {
		st := LayerStats{Index: i, Type: l.Type()}
		var w, g, b float64 // sums of squares, over every weight and bias of a container
		for _, p := range l.Params() {
			switch p.local {
			case "weight":
				w += kernels.SumSquares64(p.Value.Data)
				g += kernels.SumSquares64(p.Grad.Data)
			case "bias":
				b += kernels.SumSquares64(p.Value.Data)
			}
		}
		st.WeightNorm, st.GradNorm, st.BiasNorm = math.Sqrt(w), math.Sqrt(g), math.Sqrt(b)
		if h, ok := l.(healthTracker); ok {
			st.Dead, st.HasDead = h.deadFraction()
		}
		out[i] = st
	}
	return out
}

// ResetStats starts a new window for LayerStats.Dead (the Trainer calls it
// at the start of each epoch).
func (s *Sequential) ResetStats() {
	for _, l := range s.Layers {
		if h, ok := l.(healthTracker); ok {
			h.resetHealth()
		}
	}
}

// LayerInfo describes one layer for a model summary.
type LayerInfo struct {
	Index int    // position in the Sequential, from 0
	Type  string // PyTorch class name
	Out   int    // values of one output sample (OutShape's product)
	// OutShape is the shape of one output sample, e.g. [32, 28, 28];
	// Keras's summary prints it with the batch as (None, 32, 28, 28)
	// (Shape.Batched).
	OutShape Shape
	Params   int // trainable values: Weights + Biases + Norm
	// Weights are the values of KindWeight parameters (weight matrices),
	// Biases of KindBias ones (additive biases), Norm of KindNorm ones
	// (BatchNorm1d's scale and shift); Buffers are the non-trainable
	// state_dict values (BatchNorm1d's running statistics), not the int64
	// step counter num_batches_tracked, as Keras's summary counts them.
	Weights, Biases, Norm, Buffers int
}

// Describe returns each layer's type, output shape and parameter counts,
// in order (what Keras's model.summary() prints).
func (s *Sequential) Describe() []LayerInfo {
	out := make([]LayerInfo, len(s.Layers))
	for i, l := range s.Layers {
		r := LayerInfo{Index: i, Type: l.Type(), Out: s.outs[i].Size(), OutShape: s.outs[i].Clone()}
		for _, p := range l.Params() {
			switch p.Kind {
			case KindWeight:
				r.Weights += len(p.Value.Data)
			case KindNorm:
				r.Norm += len(p.Value.Data)
			default:
				r.Biases += len(p.Value.Data)
			}
		}
		for _, b := range l.Buffers() {
			if !b.Int64 { // num_batches_tracked counts steps; Keras's summary has no such entry
				r.Buffers += len(b.Value.Data)
			}
		}
		r.Params = r.Weights + r.Biases + r.Norm
		out[i] = r
	}
	return out
}

// Predict runs x ([n, InShape...] row-major) through the model in
// evaluation mode, batchSize rows at a time (the last batch shorter; see
// EvalBatchEnd), and returns the outputs
// [n, OutFeatures] (logits for a classifier; apply kernels.Softmax for
// probabilities). The model's mode is restored afterwards. It returns an
// error if len(x) is not a multiple of InFeatures or batchSize < 1, if a
// batch would be one sample where a layer normalises with the batch's
// statistics (see CheckEvalBatches), and ErrUnbuilt for a Sequential
// NewSequential did not make.
func (s *Sequential) Predict(x []float32, batchSize int) ([]float32, error) {
	if err := s.CheckBuilt(); err != nil {
		return nil, err
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("nn: batch size %d must be positive", batchSize)
	}
	in, outSize := s.in.Size(), s.out.Size()
	if len(x)%in != 0 {
		return nil, fmt.Errorf("nn: %d input values are not a whole number of samples of shape %v (%d values)", len(x), s.in, in)
	}
	n := len(x) / in
	if err := s.CheckEvalBatches(n, batchSize); err != nil {
		return nil, err
	}
	wasTraining := s.Training()
	s.Eval()
	defer func() {
		if wasTraining {
			s.Train()
		}
	}()
	out := make([]float32, n*outSize)
	var batch Tensor
	for lo, hi := 0, 0; lo < n; lo = hi {
		hi = s.EvalBatchEnd(lo, n, batchSize)
		batch.view(x[lo*in:hi*in], hi-lo, s.in)
		copy(out[lo*outSize:hi*outSize], s.Forward(&batch).Data)
	}
	return out, nil
}
