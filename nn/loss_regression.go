package nn

import (
	"fmt"
	"math"
)

// L1Loss is torch.nn.L1Loss: the absolute error |x−y| per element of pred
// [batch, outputs] against Batch.Targets of the same shape, reduced by Mean
// (over all batch×outputs elements) or Sum. The gradient is sign(x−y)
// times the reduction's scale, 0 where x == y (as PyTorch's sign). The
// differences and the loss are computed and accumulated in float64, in
// element order; the gradient is rounded to float32.
type L1Loss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	grad      Tensor
}

// NewL1Loss returns a mean-reduced L1Loss.
func NewL1Loss() *L1Loss { return &L1Loss{} }

// Name implements Loss.
func (l *L1Loss) Name() string { return "L1Loss" }

// Forward implements Loss. It returns an error when Reduction is neither
// Mean nor Sum or the targets do not have pred's shape.
func (l *L1Loss) Forward(pred *Tensor, b *Batch) (float64, error) {
	return pointwiseLoss(l.Name(), pred, b, l.Reduction, &l.grad, func(d float64) (float64, float64) {
		return math.Abs(d), sign(d)
	})
}

// Backward implements Loss.
func (l *L1Loss) Backward() *Tensor { return &l.grad }

func (l *L1Loss) reduction() Reduction { return l.Reduction }

// HuberLoss is torch.nn.HuberLoss(delta): per element, with d = x−y,
//
//	l = ½·d²              if |d| < δ
//	l = δ·(|d| − ½·δ)     otherwise,    dl/dx = clamp(d, −δ, δ)
//
// reduced by Mean (over all batch×outputs elements) or Sum. Targets come
// from Batch.Targets. Delta must be > 0 (NewHuberLoss uses PyTorch's
// default 1). It is SmoothL1Loss(β = δ) multiplied by δ. The loss is
// computed and accumulated in float64 in element order; the gradient is
// rounded to float32. The loss is Huber's (P. J. Huber, "Robust Estimation
// of a Location Parameter", Annals of Mathematical Statistics, 1964).
type HuberLoss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	Delta     float64   // δ, in the targets' units: where the loss turns from quadratic to linear
	grad      Tensor
}

// NewHuberLoss returns a mean-reduced HuberLoss with delta 1.
func NewHuberLoss() *HuberLoss { return &HuberLoss{Delta: 1} }

// Name implements Loss.
func (h *HuberLoss) Name() string { return "HuberLoss" }

// Forward implements Loss. It returns an error when Delta is not a finite
// number > 0, Reduction is neither Mean nor Sum, or the targets do not
// have pred's shape.
func (h *HuberLoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	delta := h.Delta
	if !(delta > 0) || math.IsInf(delta, 0) {
		return 0, fmt.Errorf("nn: HuberLoss delta %g must be a finite number > 0", delta)
	}
	return pointwiseLoss(h.Name(), pred, b, h.Reduction, &h.grad, func(d float64) (float64, float64) {
		if math.Abs(d) < delta {
			return float64(0.5 * d * d), d
		}
		return float64(delta * (math.Abs(d) - float64(0.5*delta))), math.Copysign(delta, d) // unfused: see nn/doc.go
	})
}

// Backward implements Loss.
func (h *HuberLoss) Backward() *Tensor { return &h.grad }

func (h *HuberLoss) reduction() Reduction { return h.Reduction }

// SmoothL1Loss is torch.nn.SmoothL1Loss(beta): per element, with d = x−y,
//
//	l = ½·d²/β        if |d| < β
//	l = |d| − ½·β     otherwise,    dl/dx = d/β or sign(d)
//
// reduced by Mean (over all batch×outputs elements) or Sum; Beta 0 is
// L1Loss, as in PyTorch. Targets come from Batch.Targets. Beta must be
// >= 0 (NewSmoothL1Loss uses PyTorch's default 1). The loss is computed
// and accumulated in float64 in element order; the gradient is rounded
// to float32. It is the smooth L1 loss of Fast R-CNN (R. Girshick, "Fast
// R-CNN", ICCV 2015), there with β = 1.
type SmoothL1Loss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	Beta      float64   // β, in the targets' units: where the loss turns from quadratic to linear
	grad      Tensor
}

// NewSmoothL1Loss returns a mean-reduced SmoothL1Loss with beta 1.
func NewSmoothL1Loss() *SmoothL1Loss { return &SmoothL1Loss{Beta: 1} }

// Name implements Loss.
func (s *SmoothL1Loss) Name() string { return "SmoothL1Loss" }

// Forward implements Loss. It returns an error when Beta is not a finite
// number >= 0, Reduction is neither Mean nor Sum, or the targets do not
// have pred's shape.
func (s *SmoothL1Loss) Forward(pred *Tensor, b *Batch) (float64, error) {
	beta := s.Beta
	if !(beta >= 0) || math.IsInf(beta, 0) {
		return 0, fmt.Errorf("nn: SmoothL1Loss beta %g must be a finite number >= 0", beta)
	}
	return pointwiseLoss(s.Name(), pred, b, s.Reduction, &s.grad, func(d float64) (float64, float64) {
		if math.Abs(d) < beta {
			return 0.5 * d * d / beta, d / beta
		}
		return math.Abs(d) - float64(0.5*beta), sign(d) // unfused: see nn/doc.go
	})
}

// Backward implements Loss.
func (s *SmoothL1Loss) Backward() *Tensor { return &s.grad }

func (s *SmoothL1Loss) reduction() Reduction { return s.Reduction }

// pointwiseLoss applies f, the loss of one element and its derivative as
// functions of d = x−y (in float64), to every element of pred against b's
// targets, writes the reduced gradient into grad and returns the reduced
// loss.
func pointwiseLoss(name string, pred *Tensor, b *Batch, r Reduction, grad *Tensor, f func(d float64) (loss, dloss float64)) (float64, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	if err := checkTargets(name, pred, b); err != nil {
		return 0, err
	}
	grad.resize2(pred.Rows(), pred.Cols())
	scale := 1.0
	count := b.meanElements(pred)
	if r == Mean && count > 0 {
		scale = 1 / float64(count)
	}
	var total float64
	y := b.Targets.Data
	for i, x := range pred.Data {
		l, g := f(float64(x) - float64(y[i]))
		total += l
		grad.Data[i] = float32(g * scale)
	}
	if r == Mean && count > 0 {
		total /= float64(count)
	}
	return total, nil
}

// sign is PyTorch's sign: −1, 0 or 1 (NaN stays NaN).
func sign(d float64) float64 {
	switch {
	case d > 0:
		return 1
	case d < 0:
		return -1
	}
	return d
}
