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
	P float64 // drop probability in [0, 1]; NewDropout checks it, Forward does not
	dropout
}

// dropout is the pass Dropout and Dropout2d share: in training, x times a
// mask of 0 or 1/(1−p) with one entry per group of values that are
// dropped together (one element for Dropout, a channel's plane for
// Dropout2d); else the identity.
type dropout struct {
	noParams
	env   *Env
	group int       // values per mask entry
	mask  []float32 // 0 or 1/(1−P) per group of the last training forward
	y, dx Tensor
	ident bool // the last forward was the identity

	dst, src []float32        // apply's operands, for scaleGroups
	scale    func(lo, hi int) // scaleGroups, built once
}

// NewDropout returns a Dropout with drop probability p (PyTorch's default
// is 0.5). It panics if p is outside [0, 1].
func NewDropout(p float64) *Dropout {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("nn.NewDropout: p = %g is outside [0, 1]", p))
	}
	return &Dropout{P: p}
}

// Type implements Layer.
func (d *Dropout) Type() string { return "Dropout" }

// Build implements Layer: any input shape is accepted and returned
// unchanged, so the error is always nil.
func (d *Dropout) Build(in Shape, env *Env) (Shape, error) {
	d.env, d.group = env, 1
	return in.Clone(), nil
}

// Forward implements Layer.
func (d *Dropout) Forward(x *Tensor) *Tensor {
	checkBuilt(d.env != nil, "Dropout")
	return d.forward(x, d.P)
}

// Backward implements Layer: dx = dy ⊙ mask (dy itself in evaluation).
func (d *Dropout) Backward(dy *Tensor, needDx bool) *Tensor { return d.backward(dy, needDx) }

func (d *dropout) forward(x *Tensor, p float64) *Tensor {
	if !d.env.Training || p == 0 {
		d.ident = true
		return x
	}
	d.ident = false
	d.mask = dropoutMask(d.mask, len(x.Data)/d.group, p, d.env.RNG)
	d.y.resizeAs(x)
	d.apply(d.y.Data, x.Data)
	return &d.y
}

func (d *dropout) backward(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	if d.ident {
		return dy
	}
	d.dx.resizeAs(dy)
	d.apply(d.dx.Data, dy.Data)
	return &d.dx
}

// apply sets dst = src scaled by the mask entry of each group; groups
// of more than one value (Dropout2d's planes) split over the Env's
// threads, each value's one product being the same on any.
func (d *dropout) apply(dst, src []float32) {
	if d.group == 1 {
		kernels.Mul(dst, src, d.mask)
		return
	}
	if d.scale == nil {
		d.scale = d.scaleGroups
	}
	d.dst, d.src = dst, src
	d.env.splitPlanes(len(d.mask), d.group, d.scale)
	d.dst, d.src = nil, nil
}

// scaleGroups sets the groups [lo, hi) of d.dst to those of d.src times
// their mask entries.
func (d *dropout) scaleGroups(lo, hi int) {
	for p := lo; p < hi; p++ {
		out := d.dst[p*d.group : (p+1)*d.group]
		copy(out, d.src[p*d.group:(p+1)*d.group])
		kernels.Sscal(d.mask[p], out)
	}
}

// dropoutMask returns mask (reused if large enough) holding n values, each
// 0 with probability p and 1/(1−p) otherwise (all 0 when p = 1). Each
// 64-bit draw from rng gives two 32-bit uniforms u, low half first; a
// value is dropped when u < p·2^32.
func dropoutMask(mask []float32, n int, p float64, rng *RNG) []float32 {
	if cap(mask) < n {
		mask = make([]float32, n)
	}
	mask = mask[:n]
	if p == 1 {
		clear(mask)
		return mask
	}
	thr, scale := uint64(p*(1<<32)), float32(1/(1-p))
	for i := 0; i < n; i += 2 {
		r := rng.Uint64()
		mask[i] = keep(r&0xffffffff, thr, scale)
		if i+1 < n {
			mask[i+1] = keep(r>>32, thr, scale)
		}
	}
	return mask
}

func keep(u, thr uint64, scale float32) float32 {
	if u < thr {
		return 0
	}
	return scale
}
