package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// Shape is the shape of one sample's activation, without the batch
// dimension: [features] for a vector, [C, H, W] for an image with C
// channels of H rows and W columns (PyTorch's NCHW without the N). A
// batch of n samples of shape s is a Tensor of shape [n, s...], row-major.
type Shape []int

// Size returns the number of values of one sample: the product of the
// dimensions (1 for an empty shape).
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether s and t have the same dimensions.
func (s Shape) Equal(t Shape) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range s {
		if s[i] != t[i] {
			return false
		}
	}
	return true
}

// String spells the shape as PyTorch's error messages do, e.g. "[1, 28,
// 28]" or "[784]".
func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Batched spells the shape of a batch of samples as Keras's model
// summary does, the batch dimension being None: "(None, 32, 28, 28)".
func (s Shape) Batched() string {
	parts := make([]string, len(s)+1)
	parts[0] = "None"
	for i, d := range s {
		parts[i+1] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Clone returns a copy of s that shares no storage with it.
func (s Shape) Clone() Shape { return append(Shape(nil), s...) }

// check returns an error if a dimension is less than 1.
func (s Shape) check() error {
	if len(s) == 0 {
		return fmt.Errorf("the input shape is empty")
	}
	for i, d := range s {
		if d < 1 {
			return fmt.Errorf("dimension %d of the input shape %v is %d (must be positive)", i, s, d)
		}
	}
	return nil
}

// shapeError is the error of a layer that does not take its input's
// shape: what the layer is (as PyTorch constructs it), the shape it takes
// and the shape it receives. Sequential adds the layer's index and type.
func shapeError(layer string, takes string, got Shape) error {
	return fmt.Errorf("%s takes input of shape %s, got %v", layer, takes, got)
}

// vectorShape checks that in is a vector of the given features for layer
// (say "Linear(in_features=784, out_features=10)"); features < 1 accepts
// any width.
func vectorShape(layer string, in Shape, features int) error {
	takes := "[features]"
	if features > 0 {
		takes = Shape{features}.String()
	}
	if len(in) != 1 || (features > 0 && in[0] != features) {
		err := shapeError(layer, takes, in)
		switch {
		case len(in) == 3 && strings.HasPrefix(layer, "BatchNorm1d"):
			err = fmt.Errorf("%w (use BatchNorm2d(%d) for images of %d channels)", err, in[0], in[0])
		case len(in) > 1:
			err = fmt.Errorf("%w (add a Flatten() before it)", err)
		}
		return err
	}
	return nil
}
