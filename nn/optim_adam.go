package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// AdamConfig holds Adam's and AdamW's hyperparameters besides the groups'
// learning rate and weight decay.
type AdamConfig struct {
	// Beta1 and Beta2 are the decay rates of the first and second moment
	// averages, in [0, 1).
	Beta1, Beta2 float64
	// Eps is added to the denominator; finite and > 0.
	Eps float64
	// AMSGrad is torch.optim.Adam's and AdamW's amsgrad (Reddi, Kale &
	// Kumar 2018, "On the Convergence of Adam and Beyond", as PyTorch
	// arranges it): the denominator uses the running maximum of the
	// second moments, max_exp_avg_sq = max(max_exp_avg_sq, exp_avg_sq),
	// bias-corrected like v: sqrt(max_exp_avg_sq)/sqrt(1−β2^t) + eps.
	AMSGrad bool
}

// DefaultAdamConfig returns PyTorch's defaults: betas (0.9, 0.999),
// eps 1e-8, amsgrad off.
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
// parameter and the step count. Unlike PyTorch, a moment that comes out
// subnormal (below 2^-126 in magnitude) is stored as zero: a dead unit's
// first moment would otherwise decay into the subnormals and stay there,
// costing x86 cores microcode assists on every step (see
// kernels.AdamStep); the update it drops is below lr·2^-126/eps.
//
// With AMSGrad the update runs in Go instead (the fused kernel has no
// max buffer), in float32 with PyTorch's order of operations
// (torch/optim/adam.py, _single_tensor_adam, PyTorch 1.13):
//
//	v̂max = max(v̂max, v)
//	w −= lr/(1−β1^t) · (m / (sqrt(v̂max)/sqrt(1−β2^t) + eps))
//
// and the state holds "max_exp_avg_sq" per parameter too.
type Adam struct {
	optimBase
	cfg       AdamConfig
	decoupled bool
	chunk     paramChunk
	params    kernels.AdamParams
	ams       amsgradStep
}

// amsgradStep holds one step's float32 factors for the AMSGrad update,
// each formed in float64 as PyTorch forms its Python scalars.
type amsgradStep struct {
	b1, omb1, b2, omb2, eps float32
	l2                      float32 // Adam's L2 weight decay, added to the gradient (0 for AdamW)
	decay                   float32 // AdamW's 1 − lr·wd (1 for Adam)
	stepSize                float32 // lr/(1−β1^t)
	bc2Sqrt                 float32 // sqrt(1−β2^t)
}

// NewAdam returns an Adam optimizer over groups (see Groups). Weight decay
// is the L2 form (added to the gradient), as in torch.optim.Adam. It
// returns an error for betas outside [0, 1), and for an eps that is not a
// finite number > 0: with eps 0 a parameter whose gradient and moments
// are 0 gets the update 0/0, NaN (start from DefaultAdamConfig, as
// AdamConfig{} is not PyTorch's defaults).
func NewAdam(groups []*ParamGroup, cfg AdamConfig) (*Adam, error) {
	if err := checkEps("Adam", cfg.Eps, "DefaultAdamConfig()"); err != nil {
		return nil, err
	}
	return newAdam(groups, cfg, false)
}

// DefaultAdamWWeightDecay is torch.optim.AdamW's default weight_decay,
// 0.01: AdamW's decay is given in the groups (Groups' wd), not in
// AdamConfig, so pass it there for PyTorch's AdamW. With 0, AdamW is Adam.
const DefaultAdamWWeightDecay = 0.01

// NewAdamW returns AdamW: decoupled weight decay, as torch.optim.AdamW
// (whose default weight decay is DefaultAdamWWeightDecay, 0.01; pass it
// in the groups: Groups(params, lr, DefaultAdamWWeightDecay, false)). It
// refuses what NewAdam refuses.
func NewAdamW(groups []*ParamGroup, cfg AdamConfig) (*Adam, error) {
	if err := checkEps("AdamW", cfg.Eps, "DefaultAdamConfig()"); err != nil {
		return nil, err
	}
	return newAdam(groups, cfg, true)
}

// checkEps refuses an eps of 0 for the optimizer called name, whose
// defaults def give: the adaptive optimizers divide by sqrt(v) + eps,
// which is 0 wherever the gradient and its running averages are 0.
// Other bad values are left to the constructors' checks.
func checkEps(name string, eps float64, def string) error {
	if eps == 0 {
		return fmt.Errorf("nn: %s eps 0 makes the update 0/0, NaN, for any parameter whose gradient and running averages are 0; give eps > 0 (start from %s: a zero config is not PyTorch's defaults)", name, def)
	}
	return nil
}

// newAdam builds AdamW if decoupled, else Adam; its errors name which.
func newAdam(groups []*ParamGroup, cfg AdamConfig, decoupled bool) (*Adam, error) {
	name := "Adam"
	if decoupled {
		name = "AdamW"
	}
	if !(cfg.Beta1 >= 0 && cfg.Beta1 < 1) || !(cfg.Beta2 >= 0 && cfg.Beta2 < 1) {
		return nil, fmt.Errorf("nn: %s betas (%g, %g) must be in [0, 1)", name, cfg.Beta1, cfg.Beta2)
	}
	if !nonNegative(cfg.Eps) {
		return nil, fmt.Errorf("nn: %s eps %g must be a finite number > 0", name, cfg.Eps)
	}
	a := &Adam{cfg: cfg, decoupled: decoupled}
	names := []string{"exp_avg", "exp_avg_sq"}
	if cfg.AMSGrad {
		names = append(names, "max_exp_avg_sq")
	}
	if err := a.init(groups, names...); err != nil {
		return nil, err
	}
	m, v, vmax := a.bufs["exp_avg"], a.bufs["exp_avg_sq"], a.bufs["max_exp_avg_sq"]
	if cfg.AMSGrad {
		a.chunk = func(i int, p *Param, lo, hi int) {
			a.ams.update(p.Value.Data[lo:hi], p.Grad.Data[lo:hi], m[i][lo:hi], v[i][lo:hi], vmax[i][lo:hi])
		}
		return a, nil
	}
	a.chunk = func(i int, p *Param, lo, hi int) {
		kernels.AdamStep(p.Value.Data[lo:hi], p.Grad.Data[lo:hi], m[i][lo:hi], v[i][lo:hi], a.params)
	}
	return a, nil
}

// update applies one AMSGrad step to w, m, v and vmax (all of w's length),
// rounding its products explicitly as kernels.AdamStep does (see
// nn/doc.go).
func (s *amsgradStep) update(w, g, m, v, vmax []float32) {
	g, m, v, vmax = g[:len(w)], m[:len(w)], v[:len(w)], vmax[:len(w)]
	for i := range w {
		gi := g[i] + float32(s.l2*w[i])
		m[i] = kernels.FlushSubnormal(float32(s.b1*m[i]) + float32(s.omb1*gi))
		v[i] = kernels.FlushSubnormal(float32(s.b2*v[i]) + float32(s.omb2*gi*gi))
		vmax[i] = max(vmax[i], v[i])
		denom := float32(math.Sqrt(float64(vmax[i])))/s.bc2Sqrt + s.eps
		w[i] = float32(w[i]*s.decay) - float32(s.stepSize*(m[i]/denom))
	}
}

// setAMSGrad fills a.ams for a step of group g.
func (a *Adam) setAMSGrad(g *ParamGroup) {
	t := float64(a.step)
	c := a.cfg
	a.ams = amsgradStep{
		b1: float32(c.Beta1), omb1: float32(1 - c.Beta1), b2: float32(c.Beta2), omb2: float32(1 - c.Beta2),
		eps: float32(c.Eps), decay: 1,
		stepSize: float32(g.LR / (1 - math.Pow(c.Beta1, t))),
		bc2Sqrt:  float32(math.Sqrt(1 - math.Pow(c.Beta2, t))),
	}
	if a.decoupled {
		a.ams.decay = float32(1 - float64(g.LR*g.WeightDecay))
	} else {
		a.ams.l2 = float32(g.WeightDecay)
	}
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
		if a.cfg.AMSGrad {
			a.setAMSGrad(g)
			a.stepGroup(gi, a.chunk)
			continue
		}
		a.params = kernels.AdamParams{
			LR: float32(g.LR), Beta1: float32(a.cfg.Beta1), Beta2: float32(a.cfg.Beta2),
			Eps: float32(a.cfg.Eps), WeightDecay: float32(g.WeightDecay), Step: a.step, Decoupled: a.decoupled,
		}
		a.stepGroup(gi, a.chunk)
	}
}
