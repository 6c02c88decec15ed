package nn

import "fmt"

// BatchNorm1d is torch.nn.BatchNorm1d on [batch, features] (Ioffe &
// Szegedy 2015) with PyTorch's exact conventions:
//
//   - training: each feature is normalised with the batch mean and the
//     biased batch variance, y = γ·(x−μ)/sqrt(σ²+Eps) + β, and the
//     running estimates move as r = (1−Momentum)·r + Momentum·batch, with
//     the unbiased variance σ²·N/(N−1) going into running_var;
//     num_batches_tracked counts the batches. With CumulativeAverage
//     (PyTorch's momentum=None) the factor is 1/num_batches_tracked.
//   - evaluation: y = γ·(x−running_mean)/sqrt(running_var+Eps) + β.
//
// Without affine (PyTorch's affine=False) there is no γ and β: Weight and
// Bias are nil and y = x̂ = (x−μ)/sqrt(σ²+Eps). Without running statistics
// (track_running_stats=False) RunningMean, RunningVar and
// NumBatchesTracked are nil, and both modes normalise with the batch
// statistics, as PyTorch does. NewBatchNorm1dWith makes such layers; they
// share BatchNorm2d's design and arithmetic.
//
// A batch of one sample has no batch variance, and PyTorch refuses it
// where the batch statistics are used ("Expected more than 1 value per
// channel when training"): in training, and in evaluation too without
// running statistics. So does BatchNorm1d: Sequential.CheckBatch and the
// Trainer return that error, and Forward panics on such a batch (a
// programming error once the batch was checked).
//
// The state_dict holds the parameters "weight" (γ, starts at 1) and
// "bias" (β, starts at 0), of KindNorm, and the buffers "running_mean"
// (0), "running_var" (1) and "num_batches_tracked" (0), as far as they
// exist. Sums run over rows in order in float64.
type BatchNorm1d struct {
	NumFeatures       int     // features per sample, the length of every parameter and buffer
	Eps               float64 // added to the variance before the square root
	Momentum          float64 // weight of the batch statistic in the running update (PyTorch's momentum)
	CumulativeAverage bool    // ignore Momentum and average all batches equally

	// Weight (γ) and Bias (β), [NumFeatures] each; nil without affine.
	Weight, Bias *Param
	// RunningMean and RunningVar are [NumFeatures]; NumBatchesTracked
	// holds one count. All three are nil without running statistics.
	RunningMean, RunningVar, NumBatchesTracked *Buffer

	env  *Env
	pass batchNormPass
}

// NewBatchNorm1d returns torch.nn.BatchNorm1d(features) (Ioffe & Szegedy
// 2015) with PyTorch's defaults: eps 1e-5, momentum 0.1, affine and
// running statistics. It panics if features < 1.
func NewBatchNorm1d(features int) *BatchNorm1d {
	return NewBatchNorm1dWith(features, true, true)
}

// NewBatchNorm1dWith returns torch.nn.BatchNorm1d(features, affine=affine,
// track_running_stats=trackRunningStats) (Ioffe & Szegedy 2015) with eps
// 1e-5 and momentum 0.1. It panics if features < 1.
func NewBatchNorm1dWith(features int, affine, trackRunningStats bool) *BatchNorm1d {
	st := newBNStats("nn.NewBatchNorm1d", features, affine, trackRunningStats)
	return &BatchNorm1d{NumFeatures: features, Eps: st.eps, Momentum: st.momentum,
		Weight: st.weight, Bias: st.bias, RunningMean: st.mean, RunningVar: st.vr, NumBatchesTracked: st.tracked,
		pass: newBatchNormPass(features)}
}

// Affine reports whether the layer has Ioffe & Szegedy (2015)'s scale γ
// and shift β (PyTorch's affine).
func (b *BatchNorm1d) Affine() bool { return b.Weight != nil }

// TrackRunningStats reports whether the layer keeps running estimates of
// the mean and variance for inference (Ioffe & Szegedy 2015, §3.1;
// PyTorch's track_running_stats).
func (b *BatchNorm1d) TrackRunningStats() bool { return b.RunningMean != nil }

// ResetParameters returns the layer to its state when built, as
// torch.nn.BatchNorm1d's reset_parameters (Ioffe & Szegedy 2015): weight
// 1, bias 0, running_mean 0, running_var 1 and num_batches_tracked 0, as
// far as they exist. It draws nothing; rng may be nil.
func (b *BatchNorm1d) ResetParameters(*RNG) { b.stats().reset() }

// Type implements Layer.
func (b *BatchNorm1d) Type() string { return "BatchNorm1d" }

// String spells the layer as PyTorch prints it, e.g. "BatchNorm1d(5,
// eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)".
func (b *BatchNorm1d) String() string { return b.stats().repr(b.Type(), b.NumFeatures) }

// Build implements Layer: in must be [NumFeatures]. A BatchNorm1d not made
// by its constructors (a zero value) is an error.
func (b *BatchNorm1d) Build(in Shape, env *Env) (Shape, error) {
	if b.NumFeatures < 1 || b.pass.c != b.NumFeatures {
		return nil, fmt.Errorf("BatchNorm1d(%d) was not made for %d features by NewBatchNorm1d or NewBatchNorm1dWith", b.NumFeatures, b.NumFeatures)
	}
	if err := vectorShape(fmt.Sprintf("BatchNorm1d(%d)", b.NumFeatures), in, b.NumFeatures); err != nil {
		return nil, err
	}
	b.env = env
	return in.Clone(), nil
}

// Params implements Layer: weight and bias, or none without affine.
func (b *BatchNorm1d) Params() []*Param { return b.stats().params() }

// Buffers implements Layer: running_mean, running_var and
// num_batches_tracked, or none without running statistics.
func (b *BatchNorm1d) Buffers() []*Buffer { return b.stats().buffers() }

// checkBatch implements batchChecker: PyTorch's _verify_batch_size, which
// refuses one value per feature where the batch statistics are used.
func (b *BatchNorm1d) checkBatch(rows int, training bool) error {
	if b.stats().refuses(rows, training) {
		return fmt.Errorf("expected more than 1 value per channel when training, got input of shape [1, %d] (a batch of 1 sample has no batch variance)", b.NumFeatures)
	}
	return nil
}

// evalBatchStats implements batchChecker.
func (b *BatchNorm1d) evalBatchStats() bool { return b.stats().batchStats(false) }

// Forward implements Layer. It panics on a batch of one row where the
// batch statistics are used (see checkBatch).
func (b *BatchNorm1d) Forward(x *Tensor) *Tensor {
	checkBuilt(b.env != nil, "BatchNorm1d")
	if err := b.checkBatch(x.Rows(), b.env.Training); err != nil {
		panic("nn.BatchNorm1d.Forward: " + err.Error())
	}
	return b.pass.forward(x, 1, b.env.Training, b.stats())
}

// Backward implements Layer. With the batch statistics (training, or
// without running statistics) they depend on x, giving dx =
// γ/(N·σ)·(N·dy − Σdy − x̂·Σ(dy·x̂)); with the running ones dx =
// γ·dy/sqrt(running_var+Eps). γ is 1 without affine.
func (b *BatchNorm1d) Backward(dy *Tensor, needDx bool) *Tensor {
	return b.pass.backward(dy, 1, needDx, b.Weight, b.Bias)
}

// stats returns what the shared pass reads of the layer.
func (b *BatchNorm1d) stats() bnStats {
	return bnStatsOf(b.Eps, b.Momentum, b.CumulativeAverage, b.Weight, b.Bias, b.RunningMean, b.RunningVar, b.NumBatchesTracked, b.env)
}
