package nn

import (
	"fmt"
	"math"
)

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
	Features          int
	Eps               float64
	Momentum          float64
	CumulativeAverage bool

	Weight, Bias                        *Param
	RunningMean, RunningVar, NumTracked *Buffer

	env       *Env
	y, dx     Tensor
	xhat      []float32 // normalised input of the last Forward
	invStd    []float64 // per feature, of the last Forward
	sum, sum2 []float64 // scratch per feature
	training  bool      // mode of the last Forward
}

// NewBatchNorm1d returns a BatchNorm1d over features with PyTorch's
// defaults (eps 1e-5, momentum 0.1). It panics if features < 1.
func NewBatchNorm1d(features int) *BatchNorm1d {
	if features < 1 {
		panic(fmt.Sprintf("nn.NewBatchNorm1d: features = %d must be positive", features))
	}
	b := &BatchNorm1d{
		Features: features, Eps: 1e-5, Momentum: 0.1,
		Weight:      newParam("weight", KindNorm, features),
		Bias:        newParam("bias", KindNorm, features),
		RunningMean: &Buffer{local: "running_mean", Name: "running_mean", Value: NewTensor(features)},
		RunningVar:  &Buffer{local: "running_var", Name: "running_var", Value: NewTensor(features)},
		NumTracked:  &Buffer{local: "num_batches_tracked", Name: "num_batches_tracked", Value: NewTensor(), Int64: true},
	}
	b.ResetParameters(nil)
	b.invStd = make([]float64, features)
	b.sum = make([]float64, features)
	b.sum2 = make([]float64, features)
	return b
}

// ResetParameters returns the layer to its state when built, as
// torch.nn.BatchNorm1d's reset_parameters: weight 1, bias 0,
// running_mean 0, running_var 1 and num_batches_tracked 0. It draws
// nothing; rng may be nil.
func (b *BatchNorm1d) ResetParameters(*RNG) {
	for _, t := range []*Tensor{b.Weight.Value, b.RunningVar.Value} {
		for i := range t.Data {
			t.Data[i] = 1
		}
	}
	clear(b.Bias.Value.Data)
	clear(b.RunningMean.Value.Data)
	clear(b.NumTracked.Value.Data)
}

// Type implements Layer.
func (b *BatchNorm1d) Type() string { return "BatchNorm1d" }

// Build implements Layer.
func (b *BatchNorm1d) Build(in Shape, env *Env) (Shape, error) {
	if err := vectorShape(fmt.Sprintf("BatchNorm1d(%d)", b.Features), in, b.Features); err != nil {
		return nil, err
	}
	b.env = env
	return in.Clone(), nil
}

// Params implements Layer.
func (b *BatchNorm1d) Params() []*Param { return []*Param{b.Weight, b.Bias} }

// Buffers implements Layer.
func (b *BatchNorm1d) Buffers() []*Buffer {
	return []*Buffer{b.RunningMean, b.RunningVar, b.NumTracked}
}

// checkBatch implements batchChecker: PyTorch's _verify_batch_size.
func (b *BatchNorm1d) checkBatch(rows int, training bool) error {
	if training && rows == 1 {
		return fmt.Errorf("expected more than 1 value per channel when training, got input of shape [1, %d] (a batch of 1 sample has no batch variance)", b.Features)
	}
	return nil
}

// Forward implements Layer. It panics on a batch of one row in training
// mode (see checkBatch).
func (b *BatchNorm1d) Forward(x *Tensor) *Tensor {
	n, f := x.Rows(), b.Features
	if err := b.checkBatch(n, b.env.Training); err != nil {
		panic("nn.BatchNorm1d.Forward: " + err.Error())
	}
	b.y.resize2(n, f)
	if cap(b.xhat) < n*f {
		b.xhat = make([]float32, n*f)
	}
	b.xhat = b.xhat[:n*f]
	b.training = b.env.Training
	mean, vr := b.sum, b.sum2
	if b.training {
		clear(mean)
		clear(vr)
		for i := 0; i < n; i++ {
			for j, v := range x.Data[i*f : (i+1)*f] {
				mean[j] += float64(v)
			}
		}
		for j := range mean {
			mean[j] /= float64(n)
		}
		for i := 0; i < n; i++ {
			for j, v := range x.Data[i*f : (i+1)*f] {
				d := float64(v) - mean[j]
				vr[j] += d * d
			}
		}
		for j := range vr {
			vr[j] /= float64(n) // biased, for normalisation
		}
		b.updateRunning(mean, vr, n)
	} else {
		for j := range mean {
			mean[j] = float64(b.RunningMean.Value.Data[j])
			vr[j] = float64(b.RunningVar.Value.Data[j])
		}
	}
	for j := range b.invStd {
		b.invStd[j] = 1 / math.Sqrt(vr[j]+b.Eps)
	}
	g, be := b.Weight.Value.Data, b.Bias.Value.Data
	for i := 0; i < n; i++ {
		xr, hr, yr := x.Data[i*f:(i+1)*f], b.xhat[i*f:(i+1)*f], b.y.Data[i*f:(i+1)*f]
		for j, v := range xr {
			h := float32((float64(v) - mean[j]) * b.invStd[j])
			hr[j] = h
			yr[j] = g[j]*h + be[j]
		}
	}
	return &b.y
}

func (b *BatchNorm1d) updateRunning(mean, vr []float64, n int) {
	tracked := b.NumTracked.Value.Data
	tracked[0]++
	m := b.Momentum
	if b.CumulativeAverage {
		m = 1 / float64(tracked[0])
	}
	unbias := float64(n) / float64(n-1) // n > 1: checkBatch
	rm, rv := b.RunningMean.Value.Data, b.RunningVar.Value.Data
	for j := range rm {
		rm[j] = float32((1-m)*float64(rm[j]) + m*mean[j])
		rv[j] = float32((1-m)*float64(rv[j]) + m*vr[j]*unbias)
	}
}

// Backward implements Layer. In training mode the batch statistics
// depend on x, giving dx = γ/(N·σ)·(N·dy − Σdy − x̂·Σ(dy·x̂)); in
// evaluation mode dx = γ·dy/sqrt(running_var+Eps).
func (b *BatchNorm1d) Backward(dy *Tensor, needDx bool) *Tensor {
	n, f := dy.Rows(), b.Features
	dg, db := b.sum, b.sum2 // Σ dy·x̂ and Σ dy per feature
	clear(dg)
	clear(db)
	for i := 0; i < n; i++ {
		hr, gr := b.xhat[i*f:(i+1)*f], dy.Data[i*f:(i+1)*f]
		for j, v := range gr {
			db[j] += float64(v)
			dg[j] += float64(v) * float64(hr[j])
		}
	}
	for j := range dg {
		b.Weight.Grad.Data[j] = float32(dg[j])
		b.Bias.Grad.Data[j] = float32(db[j])
	}
	if !needDx {
		return nil
	}
	b.dx.resize2(n, f)
	g := b.Weight.Value.Data
	for i := 0; i < n; i++ {
		hr, gr, dr := b.xhat[i*f:(i+1)*f], dy.Data[i*f:(i+1)*f], b.dx.Data[i*f:(i+1)*f]
		for j, v := range gr {
			k := float64(g[j]) * b.invStd[j]
			if b.training {
				dr[j] = float32(k / float64(n) * (float64(n)*float64(v) - db[j] - float64(hr[j])*dg[j]))
			} else {
				dr[j] = float32(k * float64(v))
			}
		}
	}
	return &b.dx
}
