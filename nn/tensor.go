package nn

import "fmt"

// Tensor is a dense row-major float32 array with a shape. Element
// (i0, i1, ..., ik) of a tensor of shape [d0, d1, ..., dk] is at offset
// ((i0*d1+i1)*d2+...)*dk+ik. Activations are batch-major: [batch,
// features] or [batch, C, H, W] (NCHW, as PyTorch's), see Shape.
type Tensor struct {
	Data  []float32 // the elements, row-major; len(Data) is the product of Shape
	Shape []int     // dimensions, outermost first; empty for a scalar of one element

	shape [4]int // backing store for Shape, so reshaping allocates nothing
}

// NewTensor returns a zero tensor of the given shape. It panics if a
// dimension is negative.
func NewTensor(shape ...int) *Tensor {
	t := &Tensor{Data: make([]float32, shapeSize("NewTensor", shape))}
	t.setShape(shape...)
	return t
}

// FromSlice wraps data (not copied) as a tensor of the given shape. It
// panics if a dimension is negative or len(data) is not the product of
// the shape.
func FromSlice(data []float32, shape ...int) *Tensor {
	if n := shapeSize("FromSlice", shape); n != len(data) {
		panic(fmt.Sprintf("nn.FromSlice: len(data) = %d, shape %v needs %d", len(data), shape, n))
	}
	t := &Tensor{Data: data}
	t.setShape(shape...)
	return t
}

// shapeSize returns the product of shape's dimensions; it panics, naming
// caller, if one is negative.
func shapeSize(caller string, shape []int) int {
	n := 1
	for i, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("nn.%s: dimension %d is negative (%d)", caller, i, d))
		}
		n *= d
	}
	return n
}

func (t *Tensor) setShape(shape ...int) {
	if len(shape) <= len(t.shape) {
		t.Shape = t.shape[:len(shape)]
	} else {
		t.Shape = make([]int, len(shape))
	}
	copy(t.Shape, shape)
}

// Rows returns the first dimension (the batch size of an activation), or 1
// for a scalar.
func (t *Tensor) Rows() int {
	if len(t.Shape) == 0 {
		return 1
	}
	return t.Shape[0]
}

// Cols returns the number of elements per row: the product of all
// dimensions but the first (the features of an activation).
func (t *Tensor) Cols() int {
	if len(t.Shape) == 0 || t.Shape[0] == 0 {
		n := 1
		for _, d := range t.Shape[min(1, len(t.Shape)):] {
			n *= d
		}
		return n
	}
	return len(t.Data) / t.Shape[0]
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return len(t.Data) }

// resize2 makes t a [rows, cols] matrix, reusing its storage when the
// capacity suffices (so shrinking for a short last batch and growing back
// allocates nothing). Contents are unspecified afterwards.
func (t *Tensor) resize2(rows, cols int) {
	n := rows * cols
	if cap(t.Data) < n {
		t.Data = make([]float32, n)
	}
	t.Data = t.Data[:n]
	t.shape[0], t.shape[1] = rows, cols
	t.Shape = t.shape[:2]
}

// resize makes t a batch of n samples of shape s, [n, s...], reusing its
// storage as resize2 does. Contents are unspecified afterwards.
func (t *Tensor) resize(n int, s Shape) {
	size := n * s.Size()
	if cap(t.Data) < size {
		t.Data = make([]float32, size)
	}
	t.Data = t.Data[:size]
	t.setBatchShape(n, s)
}

// resizeAs gives t x's shape, reusing its storage as resize2 does.
// Contents are unspecified afterwards.
func (t *Tensor) resizeAs(x *Tensor) {
	if cap(t.Data) < len(x.Data) {
		t.Data = make([]float32, len(x.Data))
	}
	t.Data = t.Data[:len(x.Data)]
	t.setShape(x.Shape...)
}

// view makes t a batch of n samples of shape s sharing data, which holds
// n·s.Size() values.
func (t *Tensor) view(data []float32, n int, s Shape) {
	t.Data = data
	t.setBatchShape(n, s)
}

// setBatchShape sets Shape to [n, s...] without allocating for up to three
// sample dimensions.
func (t *Tensor) setBatchShape(n int, s Shape) {
	if len(s) < len(t.shape) {
		t.Shape = t.shape[:len(s)+1]
	} else {
		t.Shape = make([]int, len(s)+1)
	}
	t.Shape[0] = n
	copy(t.Shape[1:], s)
}

// ParamKind tells weight matrices from biases and normalisation
// parameters, so optimizers can leave the latter out of weight decay.
type ParamKind uint8

const (
	// KindWeight is a weight matrix (Linear.weight).
	KindWeight ParamKind = iota
	// KindBias is an additive bias (Linear.bias).
	KindBias
	// KindNorm is a normalisation layer's scale or shift (BatchNorm1d's
	// weight and bias).
	KindNorm
)

// Param is a trainable parameter: its value, its gradient (same shape,
// overwritten by each Backward), its state_dict name ("0.weight") and its
// kind.
type Param struct {
	Name  string    // state_dict key, prefixed by the layer's path in a Sequential: "0.weight"
	Kind  ParamKind // what the parameter is, for per-kind choices such as weight decay
	Value *Tensor   // the values the optimizer updates
	Grad  *Tensor   // dL/dValue, Value's shape

	local string // name within its layer: "weight", "bias"
	scope string // path from the top layer to its layer: "f.0." in a Residual
	// block, when positive, is the elements of the blocks a training
	// step computes this parameter's gradient in, each whole on one
	// goroutine (a Linear weight's weight-gradient tasks): its sums of
	// squares are taken by blocks (sumSquares) and the optimizers' parts
	// end on a block's edge (paramParts.cut).
	block int
}

func newParam(local string, kind ParamKind, shape ...int) *Param {
	return &Param{Name: local, local: local, Kind: kind, Value: NewTensor(shape...), Grad: NewTensor(shape...)}
}

// Buffer is non-trainable layer state that belongs in the state_dict,
// such as BatchNorm1d's running_mean. Int64 marks a counter that PyTorch
// stores as int64 (num_batches_tracked): the layer counts in an int64, as
// PyTorch does, and Value holds the count converted to float32 for the
// state_dict (exact up to 2^24, rounded to the nearest float32 beyond),
// rewritten at every count. A Value changed from outside (LoadStateDict,
// a restored step) is converted back at the next count; one left as it was
// keeps the exact count.
type Buffer struct {
	Name  string  // state_dict key, prefixed as Param.Name: "1.running_mean"
	Value *Tensor // the state, as float32 (a counter converted, see above)
	Int64 bool    // Value is a count PyTorch stores as int64

	n            int64  // an Int64 buffer's value, as counted
	local, scope string // as Param's
}

// newCounter returns an Int64 buffer holding one count, 0.
func newCounter(local string) *Buffer {
	return &Buffer{local: local, Name: local, Value: NewTensor(), Int64: true}
}

// Count returns an Int64 buffer's count (num_batches_tracked), exactly
// (Value rounds it beyond 2^24), first taking Value's if Value was changed
// since the count was stored (SetCount). model's checkpoints store it as
// an int64, as PyTorch does. It is meaningless for a buffer that is not
// Int64.
func (b *Buffer) Count() int64 {
	if v := b.Value.Data[0]; v != float32(b.n) {
		b.n = int64(v)
	}
	return b.n
}

// SetCount sets an Int64 buffer's count to n, and Value's to n converted
// to float32 (so that a count restored from an int64 stays exact beyond
// 2^24). It is meaningless for a buffer that is not Int64.
func (b *Buffer) SetCount(n int64) {
	b.n = n
	b.Value.Data[0] = float32(n)
}
