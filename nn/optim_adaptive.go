package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// RMSpropConfig holds RMSprop's hyperparameters besides the groups'
// learning rate and weight decay.
type RMSpropConfig struct {
	Alpha    float64 // α, decay rate of the squared-gradient average, in [0, 1]
	Eps      float64 // added to the denominator; finite and > 0
	Momentum float64 // μ, finite and >= 0; 0 keeps no momentum buffer
	Centered bool    // divide by the estimated variance, not the raw second moment
}

// DefaultRMSpropConfig returns PyTorch's defaults: alpha 0.99, eps 1e-8,
// momentum 0, not centered (torch.optim.RMSprop; its default lr is 0.01).
func DefaultRMSpropConfig() RMSpropConfig { return RMSpropConfig{Alpha: 0.99, Eps: 1e-8} }

// RMSprop is torch.optim.RMSprop (Hinton's lecture 6e, 2012; centered form
// from Graves 2013), per parameter:
//
//	g += wd·w
//	v = α·v + (1−α)·g²
//	centered: ḡ = α·ḡ + (1−α)·g,  d = sqrt(v − ḡ²) + eps;  else d = sqrt(v) + eps
//	momentum μ > 0: b = μ·b + g/d,  w −= lr·b;  else w −= lr·g/d
//
// State: "square_avg", "grad_avg" (centered), "momentum_buffer" (μ > 0).
// Unlike PyTorch, a buffer value that comes out subnormal is stored as
// zero, as Adam's moments are (see Adam).
type RMSprop struct {
	optimBase
	cfg   RMSpropConfig
	chunk paramChunk
	lr    float32
	wd    float32
}

// NewRMSprop returns an RMSprop optimizer over groups. It returns an
// error for alpha outside [0, 1], a negative or non-finite momentum, and
// an eps that is not a finite number > 0 (with eps 0 a zero gradient gets
// the update 0/0; start from DefaultRMSpropConfig).
func NewRMSprop(groups []*ParamGroup, cfg RMSpropConfig) (*RMSprop, error) {
	if err := checkEps("RMSprop", cfg.Eps, "DefaultRMSpropConfig()"); err != nil {
		return nil, err
	}
	return newRMSprop(groups, cfg)
}

// newRMSprop is NewRMSprop without the eps check.
func newRMSprop(groups []*ParamGroup, cfg RMSpropConfig) (*RMSprop, error) {
	if !(cfg.Alpha >= 0 && cfg.Alpha <= 1) || !nonNegative(cfg.Eps) || !nonNegative(cfg.Momentum) {
		return nil, fmt.Errorf("nn: RMSprop alpha %g must be in [0, 1], eps %g and momentum %g finite numbers >= 0", cfg.Alpha, cfg.Eps, cfg.Momentum)
	}
	o := &RMSprop{cfg: cfg}
	names := []string{"square_avg"}
	if cfg.Centered {
		names = append(names, "grad_avg")
	}
	if cfg.Momentum > 0 {
		names = append(names, "momentum_buffer")
	}
	if err := o.init(groups, names...); err != nil {
		return nil, err
	}
	sq, ga, mb := o.bufs["square_avg"], o.bufs["grad_avg"], o.bufs["momentum_buffer"]
	alpha, eps, mu := float32(cfg.Alpha), float32(cfg.Eps), float32(cfg.Momentum)
	oneMinus := float32(1 - cfg.Alpha) // formed in float64 as PyTorch's Python scalar
	o.chunk = func(i int, p *Param, lo, hi int) {
		w, g, v := p.Value.Data[lo:hi], p.Grad.Data[lo:hi], sq[i][lo:hi]
		var gbar, buf []float32
		if ga != nil {
			gbar = ga[i][lo:hi]
		}
		if mb != nil {
			buf = mb[i][lo:hi]
		}
		for i := range w {
			// Products are rounded explicitly (see nn/doc.go).
			gi := g[i] + float32(o.wd*w[i])
			v[i] = kernels.FlushSubnormal(float32(alpha*v[i]) + float32(oneMinus*gi*gi))
			avg := v[i]
			if gbar != nil {
				gbar[i] = kernels.FlushSubnormal(float32(alpha*gbar[i]) + float32(oneMinus*gi))
				avg -= float32(gbar[i] * gbar[i])
			}
			d := float32(math.Sqrt(float64(avg))) + eps
			if buf != nil {
				buf[i] = kernels.FlushSubnormal(float32(mu*buf[i]) + gi/d)
				w[i] -= float32(o.lr * buf[i])
			} else {
				w[i] -= o.lr * gi / d
			}
		}
	}
	return o, nil
}

// Name implements Optimizer.
func (o *RMSprop) Name() string { return "RMSprop" }

// Step implements Optimizer.
func (o *RMSprop) Step() {
	o.step++
	for gi, g := range o.groups {
		o.lr, o.wd = float32(g.LR), float32(g.WeightDecay)
		o.stepGroup(gi, o.chunk)
	}
}

// AdagradConfig holds Adagrad's hyperparameters besides the groups'
// learning rate and weight decay.
type AdagradConfig struct {
	LRDecay                 float64 // lr_decay per step; finite and >= 0
	InitialAccumulatorValue float64 // starting value of "sum"; finite and >= 0
	Eps                     float64 // added to the denominator; finite, and > 0 when the accumulator starts at 0
}

// DefaultAdagradConfig returns PyTorch's defaults: lr_decay 0,
// initial_accumulator_value 0, eps 1e-10 (torch.optim.Adagrad; its default
// lr is 0.01).
func DefaultAdagradConfig() AdagradConfig { return AdagradConfig{Eps: 1e-10} }

// Adagrad is torch.optim.Adagrad (Duchi et al. 2011), per parameter at
// step t:
//
//	g += wd·w
//	clr = lr / (1 + (t−1)·lr_decay)
//	s += g²
//	w −= clr · g / (sqrt(s) + eps)
//
// State: "sum" per parameter and the step count.
type Adagrad struct {
	optimBase
	cfg   AdagradConfig
	chunk paramChunk
	clr   float32
	wd    float32
}

// NewAdagrad returns an Adagrad optimizer over groups. It returns an
// error for a negative or non-finite setting, and for eps 0 with
// initial_accumulator_value 0 (a zero gradient would get the update 0/0;
// start from DefaultAdagradConfig).
func NewAdagrad(groups []*ParamGroup, cfg AdagradConfig) (*Adagrad, error) {
	if cfg.InitialAccumulatorValue == 0 {
		if err := checkEps("Adagrad", cfg.Eps, "DefaultAdagradConfig()"); err != nil {
			return nil, err
		}
	}
	return newAdagrad(groups, cfg)
}

// newAdagrad is NewAdagrad without the eps check.
func newAdagrad(groups []*ParamGroup, cfg AdagradConfig) (*Adagrad, error) {
	if !nonNegative(cfg.LRDecay) || !nonNegative(cfg.InitialAccumulatorValue) || !nonNegative(cfg.Eps) {
		return nil, fmt.Errorf("nn: Adagrad lr_decay %g, initial_accumulator_value %g and eps %g must be finite numbers >= 0", cfg.LRDecay, cfg.InitialAccumulatorValue, cfg.Eps)
	}
	o := &Adagrad{cfg: cfg}
	if err := o.init(groups, "sum"); err != nil {
		return nil, err
	}
	sums := o.bufs["sum"]
	for _, s := range sums {
		for i := range s {
			s[i] = float32(cfg.InitialAccumulatorValue)
		}
	}
	eps := float32(cfg.Eps)
	o.chunk = func(i int, p *Param, lo, hi int) {
		w, g, s := p.Value.Data[lo:hi], p.Grad.Data[lo:hi], sums[i][lo:hi]
		for i := range w {
			gi := g[i] + float32(o.wd*w[i]) // unfused: see nn/doc.go
			s[i] += float32(gi * gi)
			w[i] -= o.clr * gi / (float32(math.Sqrt(float64(s[i]))) + eps)
		}
	}
	return o, nil
}

// Name implements Optimizer.
func (o *Adagrad) Name() string { return "Adagrad" }

// Step implements Optimizer.
func (o *Adagrad) Step() {
	o.step++
	for gi, g := range o.groups {
		o.clr = float32(g.LR / (1 + float64(float64(o.step-1)*o.cfg.LRDecay))) // unfused: see nn/doc.go
		o.wd = float32(g.WeightDecay)
		o.stepGroup(gi, o.chunk)
	}
}
