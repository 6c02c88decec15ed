package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// SGDConfig holds SGD's hyperparameters besides the groups' learning rate
// and weight decay; the zero value is plain SGD (PyTorch's defaults).
type SGDConfig struct {
	Momentum  float64 // μ, finite and >= 0; 0 keeps no momentum buffer
	Dampening float64 // scales the gradient by 1−dampening into the buffer; finite
	Nesterov  bool    // Nesterov momentum; needs Momentum > 0 and Dampening 0
}

// SGD is torch.optim.SGD: stochastic gradient descent (Robbins & Monro
// 1951) with optional momentum (Polyak 1964) and Nesterov momentum
// (Sutskever et al. 2013) in PyTorch's formulation. Per parameter:
//
//	g += wd·w
//	b = g on the first step, else b = μ·b + (1−dampening)·g
//	g = g + μ·b (Nesterov) or b (momentum)
//	w −= lr·g
//
// It runs on kernels.SGDStep. State: "momentum_buffer" per parameter (when
// μ > 0) and the step count. Unlike PyTorch, a buffer value that comes out
// subnormal is stored as zero, as Adam's moments are (see Adam).
type SGD struct {
	optimBase
	cfg    SGDConfig
	chunk  paramChunk
	params kernels.SGDParams
}

// NewSGD returns an SGD optimizer over groups (see Groups). It returns an
// error if Momentum is negative or not finite, Dampening not finite, or
// Nesterov is set without a positive momentum and zero dampening (as
// PyTorch refuses), and for the groups ParamGroup says it refuses.
func NewSGD(groups []*ParamGroup, cfg SGDConfig) (*SGD, error) {
	if !nonNegative(cfg.Momentum) || !finite32(cfg.Dampening) {
		return nil, fmt.Errorf("nn: SGD momentum %g must be a finite number >= 0, and dampening %g finite", cfg.Momentum, cfg.Dampening)
	}
	if cfg.Nesterov && (cfg.Momentum <= 0 || cfg.Dampening != 0) {
		return nil, fmt.Errorf("nn: SGD Nesterov momentum requires a momentum > 0 and zero dampening")
	}
	o := &SGD{cfg: cfg}
	var names []string
	if cfg.Momentum != 0 {
		names = []string{"momentum_buffer"}
	}
	if err := o.init(groups, names...); err != nil {
		return nil, err
	}
	bufs := o.bufs["momentum_buffer"]
	o.chunk = func(i int, p *Param, lo, hi int) {
		var buf []float32
		if bufs != nil {
			buf = bufs[i][lo:hi]
		}
		kernels.SGDStep(p.Value.Data[lo:hi], p.Grad.Data[lo:hi], buf, o.params)
	}
	return o, nil
}

// Name implements Optimizer.
func (o *SGD) Name() string { return "SGD" }

// Step implements Optimizer.
func (o *SGD) Step() {
	o.step++
	for gi, g := range o.groups {
		o.params = kernels.SGDParams{
			LR: float32(g.LR), Momentum: float32(o.cfg.Momentum), Dampening: float32(o.cfg.Dampening),
			WeightDecay: float32(g.WeightDecay), Nesterov: o.cfg.Nesterov, First: o.step == 1,
		}
		o.stepGroup(gi, o.chunk)
	}
}
