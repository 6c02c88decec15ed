package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// AdamConfig holds Adam's and AdamW's hyperparameters besides the groups'
// learning rate and weight decay.
type AdamConfig struct {
	Beta1, Beta2, Eps float64
}

// DefaultAdamConfig returns PyTorch's defaults: betas (0.9, 0.999),
// eps 1e-8.
func DefaultAdamConfig() AdamConfig { return AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// Adam is torch.optim.Adam (Kingma & Ba 2015, Algorithm 1, with PyTorch's
// placement of eps outside the bias-corrected square root), or AdamW
// (Loshchilov & Hutter 2019) when built by NewAdamW. Per parameter, at
// step t with gradient g:
//
//	Adam:  g += wd·w                  AdamW: w *= 1 − lr·wd
//	m = β1·m + (1−β1)·g,   v = β2·v + (1−β2)·g²
//	w −= lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + eps)
//
// It runs on kernels.AdamStep. State: "exp_avg" and "exp_avg_sq" per
// parameter and the step count.
type Adam struct {
	optimBase
	cfg       AdamConfig
	decoupled bool
	chunk     func(lo, hi int)
	params    kernels.AdamParams
}

// NewAdam returns an Adam optimizer over groups (see Groups). Weight decay
// is the L2 form (added to the gradient), as in torch.optim.Adam.
func NewAdam(groups []*ParamGroup, cfg AdamConfig) (*Adam, error) { return newAdam(groups, cfg, false) }

// NewAdamW returns AdamW: decoupled weight decay, as torch.optim.AdamW
// (whose default weight decay is 0.01; pass it in the groups).
func NewAdamW(groups []*ParamGroup, cfg AdamConfig) (*Adam, error) { return newAdam(groups, cfg, true) }

func newAdam(groups []*ParamGroup, cfg AdamConfig, decoupled bool) (*Adam, error) {
	if cfg.Beta1 < 0 || cfg.Beta1 >= 1 || cfg.Beta2 < 0 || cfg.Beta2 >= 1 {
		return nil, fmt.Errorf("nn: Adam betas (%g, %g) must be in [0, 1)", cfg.Beta1, cfg.Beta2)
	}
	if cfg.Eps < 0 {
		return nil, fmt.Errorf("nn: Adam eps %g is negative", cfg.Eps)
	}
	a := &Adam{cfg: cfg, decoupled: decoupled}
	if err := a.init(groups, "exp_avg", "exp_avg_sq"); err != nil {
		return nil, err
	}
	m, v := a.bufs["exp_avg"], a.bufs["exp_avg_sq"]
	a.chunk = func(lo, hi int) {
		p := a.curParam
		kernels.AdamStep(p.Value.Data[lo:hi], p.Grad.Data[lo:hi], m[a.cur][lo:hi], v[a.cur][lo:hi], a.params)
	}
	return a, nil
}

// Name implements Optimizer.
func (a *Adam) Name() string {
	if a.decoupled {
		return "AdamW"
	}
	return "Adam"
}

// Step implements Optimizer.
func (a *Adam) Step() {
	a.step++
	for gi, g := range a.groups {
		a.params = kernels.AdamParams{
			LR: float32(g.LR), Beta1: float32(a.cfg.Beta1), Beta2: float32(a.cfg.Beta2),
			Eps: float32(a.cfg.Eps), WeightDecay: float32(g.WeightDecay), Step: a.step, Decoupled: a.decoupled,
		}
		a.stepGroup(gi, a.chunk)
	}
}
