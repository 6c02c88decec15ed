package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// Dropout is inverted dropout (Srivastava et al. 2014; torch.nn.Dropout):
// in training each element is zeroed with probability P and the survivors
// are scaled by 1/(1−P), so the expectation is unchanged; in evaluation it
// is the identity. P = 0 is the identity in both modes (no draws); P = 1
// zeroes everything. The mask comes from the model's RNG (Env.RNG), one
// 32-bit uniform per element in row-major order (two per 64-bit draw), so
// runs are reproducible.
type Dropout struct {
	noParams
	P float64

	env   *Env
	mask  []float32 // 0 or 1/(1−P) per element of the last training Forward
	y, dx Tensor
	ident bool // the last Forward was the identity
}

// NewDropout returns a Dropout with drop probability p (PyTorch's default
// is 0.5). It panics if p is outside [0, 1].
func NewDropout(p float64) *Dropout {
	if p < 0 || p > 1 {
		panic(fmt.Sprintf("nn.NewDropout: p = %g is outside [0, 1]", p))
	}
	return &Dropout{P: p}
}

// Type implements Layer.
func (d *Dropout) Type() string { return "Dropout" }

// Build implements Layer.
func (d *Dropout) Build(in Shape, env *Env) (Shape, error) {
	d.env = env
	return in.Clone(), nil
}

// Forward implements Layer.
func (d *Dropout) Forward(x *Tensor) *Tensor {
	if !d.env.Training || d.P == 0 {
		d.ident = true
		return x
	}
	d.ident = false
	n := len(x.Data)
	if cap(d.mask) < n {
		d.mask = make([]float32, n)
	}
	d.mask = d.mask[:n]
	if d.P == 1 {
		clear(d.mask)
	} else {
		// Each 64-bit draw gives two 32-bit uniforms u; an element is
		// dropped when u < P·2^32.
		thr, scale := uint64(d.P*(1<<32)), float32(1/(1-d.P))
		rng := d.env.RNG
		for i := 0; i < n; i += 2 {
			r := rng.Uint64()
			d.mask[i] = keep(r&0xffffffff, thr, scale)
			if i+1 < n {
				d.mask[i+1] = keep(r>>32, thr, scale)
			}
		}
	}
	d.y.resizeAs(x)
	kernels.Mul(d.y.Data, x.Data, d.mask)
	return &d.y
}

func keep(u, thr uint64, scale float32) float32 {
	if u < thr {
		return 0
	}
	return scale
}

// Backward implements Layer: dx = dy ⊙ mask (dy itself in evaluation).
func (d *Dropout) Backward(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	if d.ident {
		return dy
	}
	d.dx.resizeAs(dy)
	kernels.Mul(d.dx.Data, dy.Data, d.mask)
	return &d.dx
}
