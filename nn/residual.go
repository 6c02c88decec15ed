package nn

import (
	"fmt"
	"strconv"

	"github.com/brawn-ml/brawn/kernels"
)

// Residual is a residual block (He et al. 2016), the building block of
// ResNets: y = F(x) + S(x), where F is the layers F applied in order and
// the shortcut S is the identity, or the layers Downsample (a projection,
// such as a strided 1×1 Conv2d and a BatchNorm2d, for when F changes the
// shape). Both must give the same shape. A ReLU after the sum, as in
// ResNet's BasicBlock, is the next layer of the enclosing Sequential.
//
// PyTorch has no such class; brawn's state_dict names are those of this
// module, which the fixture script nn/testdata/torch/gen_layers.py defines:
//
//	class Residual(torch.nn.Module):
//	    def __init__(self, f, downsample=None):
//	        super().__init__()
//	        self.f = f
//	        self.downsample = downsample
//	    def forward(self, x):
//	        s = x if self.downsample is None else self.downsample(x)
//	        return self.f(x) + s
//
// built as Residual(Sequential(...), downsample=Sequential(...)): the
// parameters of F's layer j are "f.<j>.weight", ..., those of the
// shortcut's "downsample.<j>.weight", ..., under the block's own prefix
// in a Sequential ("1.f.0.weight"). Blocks nest.
//
// The inner layers share the enclosing model's Env (mode, threads, RNG:
// F draws before the shortcut). Backward runs F's backward pass, then the
// shortcut's, and adds their input gradients in that order, so results do
// not depend on the thread count if the inner layers' do not.
// Sequential.Init, ResetParameters, CheckBatch, Stats and ResetStats reach
// the inner layers, in order.
type Residual struct {
	// F is the residual branch, at least one layer; Downsample the
	// shortcut, empty for the identity.
	F, Downsample []Layer

	out     Shape
	all     []Layer // F's layers, then the shortcut's, as of Build
	params  []*Param
	buffers []*Buffer
	y, dx   Tensor
}

// NewResidual returns the block x ↦ f(x) + downsample(x), or f(x) + x
// when downsample is empty. It panics if f is empty.
func NewResidual(f, downsample []Layer) *Residual {
	if len(f) == 0 {
		panic("nn.NewResidual: the residual branch f has no layers")
	}
	return &Residual{F: f, Downsample: downsample}
}

// Type implements Layer.
func (r *Residual) Type() string { return "Residual" }

// Build implements Layer: it builds F and the shortcut from in and checks
// that they give the same shape, which is the block's output. It returns
// an error if F is empty, an inner layer's Build fails (prefixed
// "f.<j> (<type>)" or "downsample.<j> (<type>)"), or the two shapes
// differ.
func (r *Residual) Build(in Shape, env *Env) (Shape, error) {
	if len(r.F) == 0 {
		return nil, fmt.Errorf("the residual branch f has no layers")
	}
	r.params, r.buffers = r.params[:0], r.buffers[:0]
	r.all = append(append(r.all[:0], r.F...), r.Downsample...)
	out, err := r.chain("f", r.F, in, env)
	if err != nil {
		return nil, err
	}
	short, err := r.chain("downsample", r.Downsample, in, env)
	if err != nil {
		return nil, err
	}
	if !out.Equal(short) {
		if len(r.Downsample) > 0 {
			return nil, fmt.Errorf("the residual branch f gives shape %v, the shortcut (downsample) %v: they must match to be added; make downsample give %v", out, short, out)
		}
		return nil, fmt.Errorf("the residual branch f gives shape %v, the shortcut (the input) %v: they must match to be added; give the block a downsample=Sequential(...) shortcut that makes %v of the input%s",
			out, short, out, projection(in, out))
	}
	r.out = out.Clone()
	return out, nil
}

// projection suggests a shortcut from in to out, ", such as
// Sequential(...)": a Linear between vectors, or the 1×1 Conv2d and
// BatchNorm2d of ResNet's projection shortcut between images whose size
// one stride maps; "" when none does.
func projection(in, out Shape) string {
	switch {
	case len(in) == 1 && len(out) == 1:
		return fmt.Sprintf(", such as Sequential(Linear(%d, %d))", in[0], out[0])
	case len(in) != 3 || len(out) != 3:
		return ""
	}
	for s := 1; s <= max(in[1], in[2]); s++ {
		if (in[1]-1)/s+1 != out[1] || (in[2]-1)/s+1 != out[2] {
			continue
		}
		stride := ""
		if s > 1 {
			stride = fmt.Sprintf(", stride=%d", s)
		}
		return fmt.Sprintf(", such as Sequential(Conv2d(%d, %d, 1%s, bias=False), BatchNorm2d(%d))", in[0], out[0], stride, out[0])
	}
	return ""
}

// chain builds layers one after the other from in, names their
// parameters and buffers "<branch>.<j>." inside the block, and returns the
// last output shape (in for no layers).
func (r *Residual) chain(branch string, layers []Layer, in Shape, env *Env) (Shape, error) {
	shape := in.Clone()
	for j, l := range layers {
		out, err := l.Build(shape.Clone(), env)
		if err == nil {
			err = out.check()
		}
		if err != nil {
			return nil, fmt.Errorf("%s.%d (%s): %w", branch, j, l.Type(), err)
		}
		shape = out.Clone()
		prefix := branch + "." + strconv.Itoa(j) + "."
		_, nested := l.(*Residual)
		for _, p := range l.Params() {
			if !nested {
				p.scope = ""
			}
			p.scope = prefix + p.scope
			r.params = append(r.params, p)
		}
		for _, b := range l.Buffers() {
			if !nested {
				b.scope = ""
			}
			b.scope = prefix + b.scope
			r.buffers = append(r.buffers, b)
		}
	}
	return shape, nil
}

// Params implements Layer: F's parameters, then the shortcut's.
func (r *Residual) Params() []*Param { return r.params }

// Buffers implements Layer: F's buffers, then the shortcut's.
func (r *Residual) Buffers() []*Buffer { return r.buffers }

// Forward implements Layer.
func (r *Residual) Forward(x *Tensor) *Tensor {
	checkBuilt(r.out != nil, "Residual")
	h := x
	for _, l := range r.F {
		h = l.Forward(h)
	}
	s := x
	for _, l := range r.Downsample {
		s = l.Forward(s)
	}
	r.y.resize(x.Rows(), r.out)
	kernels.Add(r.y.Data, h.Data, s.Data)
	return &r.y
}

// Backward implements Layer: dL/dy flows unchanged into both branches.
func (r *Residual) Backward(dy *Tensor, needDx bool) *Tensor {
	g := backwardChain(r.F, dy, needDx)
	s := backwardChain(r.Downsample, dy, needDx)
	if !needDx {
		return nil
	}
	r.dx.resizeAs(g)
	kernels.Add(r.dx.Data, g.Data, s.Data)
	return &r.dx
}

// backwardChain runs layers' backward passes from the last, returning
// dL/dx of the first (dy itself for no layers), or nil if !needDx.
func backwardChain(layers []Layer, dy *Tensor, needDx bool) *Tensor {
	for j := len(layers) - 1; j >= 0; j-- {
		dy = layers[j].Backward(dy, j > 0 || needDx)
	}
	if !needDx {
		return nil
	}
	return dy
}

// layers returns F's layers, then the shortcut's.
func (r *Residual) layers() []Layer {
	if len(r.all) != len(r.F)+len(r.Downsample) { // not built yet
		return append(append([]Layer(nil), r.F...), r.Downsample...)
	}
	return r.all
}

// initParams implements initializable for the inner layers, in order.
func (r *Residual) initParams(weight, bias Initializer, rng *RNG) {
	for _, l := range r.layers() {
		if li, ok := l.(initializable); ok {
			li.initParams(weight, bias, rng)
		}
	}
}

// ResetParameters returns the inner layers to PyTorch's defaults, in
// order, drawing from rng (see Sequential.ResetParameters).
func (r *Residual) ResetParameters(rng *RNG) {
	for _, l := range r.layers() {
		if p, ok := l.(parameterResetter); ok {
			p.ResetParameters(rng)
		}
	}
}

// evalBatchStats implements batchChecker for the inner layers.
func (r *Residual) evalBatchStats() bool { return evalBatchStats(r.layers()) }

// checkBatch implements batchChecker for the inner layers (BatchNorm2d).
func (r *Residual) checkBatch(rows int, training bool) error {
	for i, l := range r.layers() {
		c, ok := l.(batchChecker)
		if !ok {
			continue
		}
		if err := c.checkBatch(rows, training); err != nil {
			branch, j := "f", i
			if i >= len(r.F) {
				branch, j = "downsample", i-len(r.F)
			}
			return fmt.Errorf("%s.%d (%s): %w", branch, j, l.Type(), err)
		}
	}
	return nil
}

// deadFraction implements healthTracker: the mean over the inner ReLUs
// that tracked anything.
func (r *Residual) deadFraction() (float64, bool) {
	sum, n := 0.0, 0
	for _, l := range r.layers() {
		if h, ok := l.(healthTracker); ok {
			if f, ok := h.deadFraction(); ok {
				sum += f
				n++
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

func (r *Residual) resetHealth() {
	for _, l := range r.layers() {
		if h, ok := l.(healthTracker); ok {
			h.resetHealth()
		}
	}
}

func (r *Residual) visitHealth(fn func(active []bool, seen *bool)) {
	for _, l := range r.layers() {
		if h, ok := l.(healthTracker); ok {
			h.visitHealth(fn)
		}
	}
}
