package nn

// Flatten turns each sample into a vector, [batch, C, H, W] into
// [batch, C·H·W] (torch.nn.Flatten with its defaults start_dim=1,
// end_dim=-1), as a network needs between its convolutions and its Linear
// layers. Activations are stored row-major, so the values stay where they
// are: the output shares x's data and dx shares dy's.
type Flatten struct {
	noParams
	in, out Shape
	y, dx   Tensor
}

// NewFlatten returns a Flatten layer.
func NewFlatten() *Flatten { return &Flatten{} }

// Type implements Layer.
func (f *Flatten) Type() string { return "Flatten" }

// Build implements Layer: any input shape is accepted, the output shape
// is [in.Size()], and the error is always nil.
func (f *Flatten) Build(in Shape, _ *Env) (Shape, error) {
	f.in, f.out = in.Clone(), Shape{in.Size()}
	return f.out.Clone(), nil
}

// Forward implements Layer.
func (f *Flatten) Forward(x *Tensor) *Tensor {
	f.y.view(x.Data, x.Rows(), f.out)
	return &f.y
}

// Backward implements Layer: dx is dy with the input's shape.
func (f *Flatten) Backward(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	f.dx.view(dy.Data, dy.Rows(), f.in)
	return &f.dx
}
