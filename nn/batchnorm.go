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
// A training batch of one sample has no batch variance, and PyTorch
// refuses it ("Expected more than 1 value per channel when training");
// so does BatchNorm1d: Sequential.CheckBatch and the Trainer return that
// error, and Forward panics on such a batch (a programming error once the
// batch was checked). Evaluation mode takes any batch size.
//
// Parameters "weight" (γ, starts at 1) and "bias" (β, starts at 0) are of
// KindNorm; buffers "running_mean" (0), "running_var" (1) and
// "num_batches_tracked" (0). Sums run over rows in order in float64.
type BatchNorm1d struct {
	NumFeatures       int     // features per sample, the length of every parameter and buffer
	Eps               float64 // added to the variance before the square root
	Momentum          float64 // weight of the batch statistic in the running update (PyTorch's momentum)
	CumulativeAverage bool    // ignore Momentum and average all batches equally

	// Weight (γ) and Bias (β), [NumFeatures] each.
	Weight, Bias *Param
	// RunningMean and RunningVar are [NumFeatures]; NumBatchesTracked
	// holds one count.
	RunningMean, RunningVar, NumBatchesTracked *Buffer

	env  *Env
	pass batchNormPass
}

// NewBatchNorm1d returns a BatchNorm1d over features with PyTorch's
// defaults (eps 1e-5, momentum 0.1). It panics if features < 1.
func NewBatchNorm1d(features int) *BatchNorm1d {
	if features < 1 {
		panic(fmt.Sprintf("nn.NewBatchNorm1d: features = %d must be positive", features))
	}
	b := &BatchNorm1d{
		NumFeatures: features, Eps: 1e-5, Momentum: 0.1,
		Weight:            newParam("weight", KindNorm, features),
		Bias:              newParam("bias", KindNorm, features),
		RunningMean:       &Buffer{local: "running_mean", Name: "running_mean", Value: NewTensor(features)},
		RunningVar:        &Buffer{local: "running_var", Name: "running_var", Value: NewTensor(features)},
		NumBatchesTracked: newCounter("num_batches_tracked"),
	}
	b.ResetParameters(nil)
	b.pass = newBatchNormPass(features)
	return b
}

// ResetParameters returns the layer to its state when built, as
// torch.nn.BatchNorm1d's reset_parameters: weight 1, bias 0,
// running_mean 0, running_var 1 and num_batches_tracked 0. It draws
// nothing; rng may be nil.
func (b *BatchNorm1d) ResetParameters(*RNG) {
	fill(b.Weight.Value.Data, 1)
	fill(b.RunningVar.Value.Data, 1)
	clear(b.Bias.Value.Data)
	clear(b.RunningMean.Value.Data)
	b.NumBatchesTracked.setCount(0)
}

// Type implements Layer.
func (b *BatchNorm1d) Type() string { return "BatchNorm1d" }

// Build implements Layer: in must be [NumFeatures]. A BatchNorm1d not made
// by NewBatchNorm1d (a zero value) is an error.
func (b *BatchNorm1d) Build(in Shape, env *Env) (Shape, error) {
	if b.NumFeatures < 1 || b.pass.c != b.NumFeatures || b.Weight == nil {
		return nil, fmt.Errorf("BatchNorm1d(%d) was not made for %d features by NewBatchNorm1d", b.NumFeatures, b.NumFeatures)
	}
	if err := vectorShape(fmt.Sprintf("BatchNorm1d(%d)", b.NumFeatures), in, b.NumFeatures); err != nil {
		return nil, err
	}
	b.env = env
	return in.Clone(), nil
}

// Params implements Layer.
func (b *BatchNorm1d) Params() []*Param { return []*Param{b.Weight, b.Bias} }

// Buffers implements Layer.
func (b *BatchNorm1d) Buffers() []*Buffer {
	return []*Buffer{b.RunningMean, b.RunningVar, b.NumBatchesTracked}
}

// checkBatch implements batchChecker: PyTorch's _verify_batch_size.
func (b *BatchNorm1d) checkBatch(rows int, training bool) error {
	if training && rows == 1 {
		return fmt.Errorf("expected more than 1 value per channel when training, got input of shape [1, %d] (a batch of 1 sample has no batch variance)", b.NumFeatures)
	}
	return nil
}

// Forward implements Layer. It panics on a batch of one row in training
// mode (see checkBatch).
func (b *BatchNorm1d) Forward(x *Tensor) *Tensor {
	if err := b.checkBatch(x.Rows(), b.env.Training); err != nil {
		panic("nn.BatchNorm1d.Forward: " + err.Error())
	}
	return b.pass.forward(x, 1, b.env.Training, b.stats())
}

// Backward implements Layer. In training mode the batch statistics
// depend on x, giving dx = γ/(N·σ)·(N·dy − Σdy − x̂·Σ(dy·x̂)); in
// evaluation mode dx = γ·dy/sqrt(running_var+Eps).
func (b *BatchNorm1d) Backward(dy *Tensor, needDx bool) *Tensor {
	return b.pass.backward(dy, 1, needDx, b.Weight, b.Bias)
}

func (b *BatchNorm1d) stats() bnStats {
	return bnStats{eps: b.Eps, momentum: b.Momentum, cumulative: b.CumulativeAverage,
		weight: b.Weight, bias: b.Bias, mean: b.RunningMean, vr: b.RunningVar, tracked: b.NumBatchesTracked,
		log: b.env.running}
}

// fill sets every element of x to v.
func fill(x []float32, v float32) {
	for i := range x {
		x[i] = v
	}
}

// bnStats is what batchNormPass reads of a batch normalisation layer: its
// settings, its parameters (nil without affine) and its running
// statistics (nil without track_running_stats).
type bnStats struct {
	eps, momentum     float64
	cumulative        bool
	weight, bias      *Param
	mean, vr, tracked *Buffer
	log               *runningLog // nil: update the running statistics at once
}
