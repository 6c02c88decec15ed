package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// elementwise is the shared part of the shape-preserving activations: the
// input of the last Forward, the output, the input gradient, and the
// chunk functions built once so Env.Parallel allocates nothing.
type elementwise struct {
	noParams
	env   *Env
	x, dy *Tensor
	y, dx Tensor
	fwd   func(lo, hi int)
	bwd   func(lo, hi int)
}

func (e *elementwise) build(in Shape, env *Env, fwd, bwd func(lo, hi int)) (Shape, error) {
	e.env, e.fwd, e.bwd = env, fwd, bwd
	return in.Clone(), nil
}

func (e *elementwise) forward(x *Tensor, layer string) *Tensor {
	checkBuilt(e.env != nil, layer)
	y := e.rowsBegin(x)
	e.env.Parallel(len(x.Data), e.fwd)
	return y
}

// rowsBegin implements rowLayer for the activations whose Forward is
// forward alone; one whose Forward does more does it in rowsEnd (ReLU).
func (e *elementwise) rowsBegin(x *Tensor) *Tensor {
	e.x = x
	e.y.resizeAs(x)
	return &e.y
}

// rowsForward implements rowLayer.
func (e *elementwise) rowsForward(lo, hi int) {
	c := e.x.Cols()
	e.fwd(lo*c, hi*c)
}

// rowsEnd implements rowLayer.
func (e *elementwise) rowsEnd() {}

// rowsBackwardBegin implements rowLayer.
func (e *elementwise) rowsBackwardBegin(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	e.dy = dy
	e.dx.resizeAs(dy)
	return &e.dx
}

// rowsBackward implements rowLayer.
func (e *elementwise) rowsBackward(lo, hi int) {
	c := e.dy.Cols()
	e.bwd(lo*c, hi*c)
}

func (e *elementwise) backward(dy *Tensor, needDx bool) *Tensor {
	dx := e.rowsBackwardBegin(dy, needDx)
	if dx != nil {
		e.env.Parallel(len(dy.Data), e.bwd)
	}
	return dx
}

// ReLU is max(x, 0) elementwise (torch.nn.ReLU). The gradient at 0 is 0,
// as PyTorch's. With Env.TrackHealth it records which units were ever
// positive during training, for LayerStats.Dead.
type ReLU struct {
	elementwise
	active []bool // per unit: positive for some sample since resetHealth
	seen   bool
}

// NewReLU returns a ReLU layer.
func NewReLU() *ReLU { return &ReLU{} }

// Type implements Layer.
func (r *ReLU) Type() string { return "ReLU" }

// Build implements Layer: any input shape is accepted and returned
// unchanged, so the error is always nil.
func (r *ReLU) Build(in Shape, env *Env) (Shape, error) {
	r.active = make([]bool, in.Size())
	return r.build(in, env,
		func(lo, hi int) { kernels.ReLU(r.y.Data[lo:hi], r.x.Data[lo:hi]) },
		func(lo, hi int) { kernels.ReLUBackward(r.dx.Data[lo:hi], r.dy.Data[lo:hi], r.x.Data[lo:hi]) })
}

// Forward implements Layer.
func (r *ReLU) Forward(x *Tensor) *Tensor {
	y := r.forward(x, "ReLU")
	r.track()
	return y
}

// rowsEnd implements rowLayer: ReLU's health tracking.
func (r *ReLU) rowsEnd() { r.track() }

// track records which units of the last output were positive, in
// training with Env.TrackHealth. It reads the input, positive where the
// output is, which a ReLU fused with a MaxPool2d does not write.
func (r *ReLU) track() {
	y := r.x
	if r.tracking() {
		cols := len(r.active)
		for i := 0; i+cols <= len(y.Data); i += cols {
			row := y.Data[i : i+cols]
			for j, v := range row {
				if v > 0 {
					r.active[j] = true
				}
			}
		}
		r.seen = true
	}
}

// tracking reports whether track records anything: in training with
// Env.TrackHealth.
func (r *ReLU) tracking() bool { return r.env.Training && r.env.TrackHealth }

// Backward implements Layer.
func (r *ReLU) Backward(dy *Tensor, needDx bool) *Tensor { return r.backward(dy, needDx) }

// DeadFraction returns the fraction of the layer's units (the values of
// one sample) that were never positive over the training forwards since
// the last ResetStats, and false when nothing was recorded (it needs
// SetTrackHealth(true)): LayerStats.Dead, for a ReLU inside a Residual
// block.
func (r *ReLU) DeadFraction() (float64, bool) { return r.deadFraction() }

func (r *ReLU) deadFraction() (float64, bool) {
	if !r.seen || len(r.active) == 0 {
		return 0, false
	}
	dead := 0
	for _, a := range r.active {
		if !a {
			dead++
		}
	}
	return float64(dead) / float64(len(r.active)), true
}

func (r *ReLU) resetHealth() {
	clear(r.active)
	r.seen = false
}

func (r *ReLU) visitHealth(fn func(active []bool, seen *bool)) { fn(r.active, &r.seen) }

// LeakyReLU is x for x > 0 and NegativeSlope*x otherwise
// (torch.nn.LeakyReLU, default slope 0.01), the leaky rectifier of Maas,
// Hannun & Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic
// Models" (ICML 2013 workshop), which used slope 0.01.
type LeakyReLU struct {
	elementwise
	NegativeSlope float32 // multiplier for x < 0; must be finite, may be negative or above 1
}

// NewLeakyReLU returns a LeakyReLU with the given negative slope (PyTorch's
// default is 0.01).
func NewLeakyReLU(slope float32) *LeakyReLU { return &LeakyReLU{NegativeSlope: slope} }

// Type implements Layer.
func (l *LeakyReLU) Type() string { return "LeakyReLU" }

// Build implements Layer: any input shape is accepted and returned
// unchanged. It returns an error if NegativeSlope is NaN or ±Inf.
func (l *LeakyReLU) Build(in Shape, env *Env) (Shape, error) {
	if !finite32(float64(l.NegativeSlope)) {
		return nil, fmt.Errorf("negative_slope %v must be a finite number", l.NegativeSlope)
	}
	return l.build(in, env,
		func(lo, hi int) { kernels.LeakyReLU(l.y.Data[lo:hi], l.x.Data[lo:hi], l.NegativeSlope) },
		func(lo, hi int) {
			kernels.LeakyReLUBackward(l.dx.Data[lo:hi], l.dy.Data[lo:hi], l.x.Data[lo:hi], l.NegativeSlope)
		})
}

// Forward implements Layer.
func (l *LeakyReLU) Forward(x *Tensor) *Tensor { return l.forward(x, "LeakyReLU") }

// Backward implements Layer.
func (l *LeakyReLU) Backward(dy *Tensor, needDx bool) *Tensor { return l.backward(dy, needDx) }

// Sigmoid is 1/(1+exp(-x)) elementwise (torch.nn.Sigmoid); its backward
// uses the output: dx = dy·y·(1-y).
type Sigmoid struct{ elementwise }

// NewSigmoid returns a Sigmoid layer.
func NewSigmoid() *Sigmoid { return &Sigmoid{} }

// Type implements Layer.
func (s *Sigmoid) Type() string { return "Sigmoid" }

// Build implements Layer: any input shape is accepted and returned
// unchanged, so the error is always nil.
func (s *Sigmoid) Build(in Shape, env *Env) (Shape, error) {
	return s.build(in, env,
		func(lo, hi int) { kernels.Sigmoid(s.y.Data[lo:hi], s.x.Data[lo:hi]) },
		func(lo, hi int) {
			dx, dy, y := s.dx.Data[lo:hi], s.dy.Data[lo:hi], s.y.Data[lo:hi]
			for i := range dx {
				dx[i] = dy[i] * y[i] * (1 - y[i])
			}
		})
}

// Forward implements Layer.
func (s *Sigmoid) Forward(x *Tensor) *Tensor { return s.forward(x, "Sigmoid") }

// Backward implements Layer.
func (s *Sigmoid) Backward(dy *Tensor, needDx bool) *Tensor { return s.backward(dy, needDx) }

// Tanh is tanh(x) elementwise (torch.nn.Tanh); dx = dy·(1-y²).
type Tanh struct{ elementwise }

// NewTanh returns a Tanh layer.
func NewTanh() *Tanh { return &Tanh{} }

// Type implements Layer.
func (t *Tanh) Type() string { return "Tanh" }

// Build implements Layer: any input shape is accepted and returned
// unchanged, so the error is always nil.
func (t *Tanh) Build(in Shape, env *Env) (Shape, error) {
	return t.build(in, env,
		func(lo, hi int) { kernels.Tanh(t.y.Data[lo:hi], t.x.Data[lo:hi]) },
		func(lo, hi int) {
			dx, dy, y := t.dx.Data[lo:hi], t.dy.Data[lo:hi], t.y.Data[lo:hi]
			for i := range dx {
				dx[i] = dy[i] * (1 - float32(y[i]*y[i])) // unfused: see nn/doc.go
			}
		})
}

// Forward implements Layer.
func (t *Tanh) Forward(x *Tensor) *Tensor { return t.forward(x, "Tanh") }

// Backward implements Layer.
func (t *Tanh) Backward(dy *Tensor, needDx bool) *Tensor { return t.backward(dy, needDx) }

// Softmax is the row-wise softmax (torch.nn.Softmax(dim=1)), stable for
// logits of any size. Backward: dx = y ⊙ (dy − Σ_j dy_j·y_j) per row. For
// classification prefer CrossEntropyLoss on logits, which fuses the
// log-softmax.
type Softmax struct {
	noParams
	env   *Env
	y, dx Tensor
}

// NewSoftmax returns a Softmax layer.
func NewSoftmax() *Softmax { return &Softmax{} }

// Type implements Layer.
func (s *Softmax) Type() string { return "Softmax" }

// Build implements Layer: in must be [features], and so is the output. It
// returns a shape error for any other rank, which says that PyTorch's
// Softmax(dim=1) there runs over dimension 1 (the channels of images),
// which a Flatten before it would not.
func (s *Softmax) Build(in Shape, env *Env) (Shape, error) {
	if len(in) > 1 {
		return nil, fmt.Errorf("%w: PyTorch's Softmax(dim=1) on it is a softmax over dimension 1 (an image's channels) at each position of the others, which brawn does not have "+
			"(a Flatten() before it would make it a softmax over all %d values instead, another function)", shapeError("Softmax(dim=1)", "[features]", in), in.Size())
	}
	if err := vectorShape("Softmax(dim=1)", in, 0); err != nil {
		return nil, err
	}
	s.env = env
	return in.Clone(), nil
}

// Forward implements Layer.
func (s *Softmax) Forward(x *Tensor) *Tensor {
	s.y.resize2(x.Rows(), x.Cols())
	kernels.Softmax(s.y.Data, x.Data, x.Rows(), x.Cols())
	return &s.y
}

// Backward implements Layer.
func (s *Softmax) Backward(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	rows, cols := dy.Rows(), dy.Cols()
	s.dx.resize2(rows, cols)
	for i := 0; i < rows; i++ {
		y, g, dx := s.y.Data[i*cols:(i+1)*cols], dy.Data[i*cols:(i+1)*cols], s.dx.Data[i*cols:(i+1)*cols]
		dot := kernels.Sdot(g, y)
		for j := range dx {
			dx[j] = y[j] * (g[j] - dot)
		}
	}
	return &s.dx
}
