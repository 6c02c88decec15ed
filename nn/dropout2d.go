package nn

import "fmt"

// Dropout2d is torch.nn.Dropout2d (Tompson et al. 2015), channel dropout
// for [N, C, H, W] batches: in training each channel of each sample is
// zeroed as a whole with probability P and the others are scaled by
// 1/(1−P); in evaluation it is the identity. P = 0 is the identity in both
// modes (no draws); P = 1 zeroes everything. The mask comes from the
// model's RNG (Env.RNG) as Dropout's does, one 32-bit uniform per
// (sample, channel) in order, so runs are reproducible.
type Dropout2d struct {
	P float64 // drop probability per channel in [0, 1]; NewDropout2d checks it, Forward does not
	dropout
}

// NewDropout2d returns a Dropout2d with drop probability p (PyTorch's
// default is 0.5). It panics if p is outside [0, 1].
func NewDropout2d(p float64) *Dropout2d {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("nn.NewDropout2d: p = %g is outside [0, 1]", p))
	}
	return &Dropout2d{P: p}
}

// Type implements Layer.
func (d *Dropout2d) Type() string { return "Dropout2d" }

// Build implements Layer: in must be [C, H, W], and so is the output; any
// other rank is a shape error.
func (d *Dropout2d) Build(in Shape, env *Env) (Shape, error) {
	if err := imageShape(fmt.Sprintf("Dropout2d(p=%g)", d.P), in, 0); err != nil {
		return nil, err
	}
	d.env, d.group = env, in[1]*in[2]
	return in.Clone(), nil
}

// Forward implements Layer.
func (d *Dropout2d) Forward(x *Tensor) *Tensor {
	checkBuilt(d.env != nil, "Dropout2d")
	return d.forward(x, d.P)
}

// Backward implements Layer: dx = dy scaled by the forward's mask per
// channel (dy itself in evaluation).
func (d *Dropout2d) Backward(dy *Tensor, needDx bool) *Tensor { return d.backward(dy, needDx) }
