package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// Flatten turns each sample into a vector, [batch, C, H, W] into
// [batch, C·H·W] (torch.nn.Flatten with its defaults start_dim=1,
// end_dim=-1), as a network needs between its convolutions and its Linear
// layers. Activations are stored row-major, so the values stay where they
// are: the output shares x's data and dx shares dy's.
type Flatten struct {
	noParams
	in, out Shape
	y, dx   Tensor

	start, end int  // torch.nn.Flatten's start_dim and end_dim
	dims       bool // given (NewFlattenDims), for Build to check
}

// NewFlatten returns a Flatten layer.
func NewFlatten() *Flatten { return &Flatten{} }

// NewFlattenDims returns the Flatten layer of torch.nn.Flatten(start,
// end), whose dimensions are those of the batched input [N, ...] (the
// batch is 0), negative ones counted from the end (-1 the last). Flatten
// flattens every dimension after the batch, so Build refuses dimensions
// that, for its input's shape, say otherwise: Flatten(1, 3) and
// Flatten(-3) are NewFlatten on [C, H, W] images, Flatten(2) is not.
func NewFlattenDims(start, end int) *Flatten { return &Flatten{start: start, end: end, dims: true} }

// Type implements Layer.
func (f *Flatten) Type() string { return "Flatten" }

// Build implements Layer: the output shape is [in.Size()]. Its error, for
// the dimensions of NewFlattenDims that do not flatten all of in, says
// what they would flatten into and which dimensions would flatten all.
func (f *Flatten) Build(in Shape, _ *Env) (Shape, error) {
	if f.dims {
		if err := f.checkDims(in); err != nil {
			return nil, err
		}
	}
	f.in, f.out = in.Clone(), Shape{in.Size()}
	return f.out.Clone(), nil
}

// checkDims checks that start and end flatten every dimension of in, the
// batch's aside.
func (f *Flatten) checkDims(in Shape) error {
	rank := len(in) + 1 // with the batch
	name := fmt.Sprintf("Flatten(start_dim=%d, end_dim=%d)", f.start, f.end)
	dims := make([]string, 0, rank)
	dims = append(dims, "N")
	for _, d := range in {
		dims = append(dims, strconv.Itoa(d))
	}
	batched := "[" + strings.Join(dims, ", ") + "]"
	start, end := f.start, f.end
	if start < 0 {
		start += rank
	}
	if end < 0 {
		end += rank
	}
	switch {
	case start < 0 || start >= rank || end < 0 || end >= rank:
		return fmt.Errorf("%s: input of shape %s has dimensions 0 to %d (%d to -1 from the end)", name, batched, rank-1, -rank)
	case start > end:
		return fmt.Errorf("%s: start_dim comes after end_dim on input of shape %s", name, batched)
	case start == 1 && end == rank-1:
		return nil
	}
	n := 1
	for d := max(start, 1); d <= end; d++ { // dims[0] is the batch, in[d-1] its dimension d
		n *= in[d-1]
	}
	merged := strconv.Itoa(n)
	if start == 0 {
		merged = "N·" + merged
	}
	into := "[" + strings.Join(append(append(append([]string(nil), dims[:start]...), merged), dims[end+1:]...), ", ") + "]"
	return fmt.Errorf("%s on input of shape %s flattens dimensions %d to %d, into %s; brawn's Flatten flattens every dimension after the batch, into [N, %d]: start_dim=1 (or %d) and end_dim=-1 (or %d)",
		name, batched, start, end, into, in.Size(), 1-rank, rank-1)
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
