package nn

import "fmt"

// BatchNorm2d is torch.nn.BatchNorm2d (Ioffe & Szegedy 2015) on [N, C, H,
// W] batches: each channel is normalised over its N·H·W values, y =
// γ·(x−μ)/sqrt(σ²+Eps) + β, with BatchNorm1d's conventions (it shares its
// arithmetic): in training the batch mean and biased variance, the running
// estimates moving by Momentum (or, with CumulativeAverage, PyTorch's
// momentum=None, by 1/num_batches_tracked) with the unbiased variance
// σ²·M/(M−1), M = N·H·W; in evaluation the running estimates.
//
// Without affine (PyTorch's affine=False) there is no γ and β: Weight and
// Bias are nil and y = x̂. Without running statistics
// (track_running_stats=False) RunningMean, RunningVar and
// NumBatchesTracked are nil, and both modes normalise with the batch
// statistics, as PyTorch does. The state_dict holds "weight" (γ, starts at 1), "bias" (β, 0), of
// KindNorm, and the buffers "running_mean" (0), "running_var" (1) and
// "num_batches_tracked" (0), as far as they exist.
//
// A batch with a single value per channel (N·H·W = 1) has no variance:
// PyTorch refuses it when normalising with batch statistics, and so do
// Sequential.CheckBatch, the Trainer and Forward (which panics).
type BatchNorm2d struct {
	NumFeatures       int     // channels C, the length of every parameter and buffer
	Eps               float64 // added to the variance before the square root
	Momentum          float64 // weight of the batch statistic in the running update (PyTorch's momentum)
	CumulativeAverage bool    // ignore Momentum and average all batches equally

	Weight, Bias                               *Param  // nil without affine
	RunningMean, RunningVar, NumBatchesTracked *Buffer // nil without running statistics

	env   *Env
	plane int // H·W
	pass  batchNormPass
}

// NewBatchNorm2d returns torch.nn.BatchNorm2d(features) with PyTorch's
// defaults: eps 1e-5, momentum 0.1, affine and running statistics. It
// panics if features < 1.
func NewBatchNorm2d(features int) *BatchNorm2d {
	return NewBatchNorm2dWith(features, true, true)
}

// NewBatchNorm2dWith returns torch.nn.BatchNorm2d(features, affine=affine,
// track_running_stats=trackRunningStats) with eps 1e-5 and momentum 0.1.
// It panics if features < 1.
func NewBatchNorm2dWith(features int, affine, trackRunningStats bool) *BatchNorm2d {
	st := newBNStats("nn.NewBatchNorm2d", features, affine, trackRunningStats)
	return &BatchNorm2d{NumFeatures: features, Eps: st.eps, Momentum: st.momentum,
		Weight: st.weight, Bias: st.bias, RunningMean: st.mean, RunningVar: st.vr, NumBatchesTracked: st.tracked,
		pass: newBatchNormPass(features)}
}

// Affine reports whether the layer has Ioffe & Szegedy (2015)'s scale γ
// and shift β (PyTorch's affine).
func (b *BatchNorm2d) Affine() bool { return b.Weight != nil }

// TrackRunningStats reports whether the layer keeps running estimates of
// the mean and variance for inference (Ioffe & Szegedy 2015, §3.1;
// PyTorch's track_running_stats).
func (b *BatchNorm2d) TrackRunningStats() bool { return b.RunningMean != nil }

// ResetParameters returns the layer to its state when built, as
// torch.nn.BatchNorm2d's reset_parameters: weight 1, bias 0, running_mean
// 0, running_var 1 and num_batches_tracked 0. It draws nothing; rng may be
// nil.
func (b *BatchNorm2d) ResetParameters(*RNG) { b.stats().reset() }

// Type implements Layer.
func (b *BatchNorm2d) Type() string { return "BatchNorm2d" }

// String spells the layer as PyTorch prints it, e.g. "BatchNorm2d(4,
// eps=1e-05, momentum=None, affine=True, track_running_stats=True)".
func (b *BatchNorm2d) String() string { return b.stats().repr(b.Type(), b.NumFeatures) }

// Build implements Layer: in must be [NumFeatures, H, W], and so is the
// output. A BatchNorm2d not made by its constructors (a zero value) is an
// error.
func (b *BatchNorm2d) Build(in Shape, env *Env) (Shape, error) {
	if b.NumFeatures < 1 || b.pass.c != b.NumFeatures {
		return nil, fmt.Errorf("BatchNorm2d(%d) was not made for %d features by NewBatchNorm2d or NewBatchNorm2dWith", b.NumFeatures, b.NumFeatures)
	}
	if err := imageShape(fmt.Sprintf("BatchNorm2d(%d)", b.NumFeatures), in, b.NumFeatures); err != nil {
		return nil, err
	}
	b.env, b.plane, b.pass.env = env, in[1]*in[2], env
	return in.Clone(), nil
}

// Params implements Layer: weight and bias, or none without affine.
func (b *BatchNorm2d) Params() []*Param { return b.stats().params() }

// Buffers implements Layer: running_mean, running_var and
// num_batches_tracked, or none without running statistics.
func (b *BatchNorm2d) Buffers() []*Buffer { return b.stats().buffers() }

// checkBatch implements batchChecker: PyTorch's _verify_batch_size, which
// refuses one value per channel when the batch statistics are used.
func (b *BatchNorm2d) checkBatch(rows int, training bool) error {
	if b.stats().refuses(rows*b.plane, training) {
		return fmt.Errorf("expected more than 1 value per channel when training, got input of shape [1, %d, 1, 1]", b.NumFeatures)
	}
	return nil
}

// evalBatchStats implements batchChecker.
func (b *BatchNorm2d) evalBatchStats() bool { return b.stats().batchStats(false) }

// Forward implements Layer. It panics on a batch with one value per
// channel where the batch statistics are used (see checkBatch).
func (b *BatchNorm2d) Forward(x *Tensor) *Tensor {
	checkBuilt(b.env != nil, "BatchNorm2d")
	if err := b.checkBatch(x.Rows(), b.env.Training); err != nil {
		panic("nn.BatchNorm2d.Forward: " + err.Error())
	}
	return b.pass.forward(x, b.plane, b.env.Training, b.stats())
}

// Backward implements Layer: BatchNorm1d's gradients, each channel's sums
// running over its N·H·W values.
func (b *BatchNorm2d) Backward(dy *Tensor, needDx bool) *Tensor {
	return b.pass.backward(dy, b.plane, needDx, b.Weight, b.Bias)
}

// stats returns what the shared pass reads of the layer.
func (b *BatchNorm2d) stats() bnStats {
	return bnStatsOf(b.Eps, b.Momentum, b.CumulativeAverage, b.Weight, b.Bias, b.RunningMean, b.RunningVar, b.NumBatchesTracked, b.env)
}
