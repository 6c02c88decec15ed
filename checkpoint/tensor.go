package checkpoint

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Tensor is one named tensor: its element type, its shape (outermost
// dimension first; an empty shape is a scalar holding one element) and its
// elements as raw little-endian bytes in row-major order.
type Tensor struct {
	// Name is the tensor's key in the file, such as "0.weight".
	Name string
	// DType is the element type (F32, F64, I64, U64).
	DType DType
	// Shape lists the dimensions, outermost first; nil or empty for a
	// scalar.
	Shape []int
	// Data holds NumElements() elements of DType's size, little-endian,
	// row-major.
	Data []byte
}

// NumElements returns the product of the shape (1 for a scalar).
func (t *Tensor) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// F32Tensor returns a float32 tensor holding a copy of v. The product of
// shape must equal len(v); the writer checks it.
func F32Tensor(name string, shape []int, v []float32) Tensor {
	return encodeElems(name, F32, shape, v, func(b []byte, x float32) { le.PutUint32(b, math.Float32bits(x)) })
}

// F64Tensor returns a float64 tensor holding a copy of v, its elements in
// row-major order. The product of shape must equal len(v); the writer
// checks it.
func F64Tensor(name string, shape []int, v []float64) Tensor {
	return encodeElems(name, F64, shape, v, func(b []byte, x float64) { le.PutUint64(b, math.Float64bits(x)) })
}

// I64Tensor returns an int64 tensor holding a copy of v (step counts).
func I64Tensor(name string, shape []int, v []int64) Tensor {
	return encodeElems(name, I64, shape, v, func(b []byte, x int64) { le.PutUint64(b, uint64(x)) })
}

// U64Tensor returns a uint64 tensor holding a copy of v (RNG states).
func U64Tensor(name string, shape []int, v []uint64) Tensor {
	return encodeElems(name, U64, shape, v, le.PutUint64)
}

var le = binary.LittleEndian

// encodeElems builds a tensor whose elements put stores little-endian.
func encodeElems[T any](name string, d DType, shape []int, v []T, put func([]byte, T)) Tensor {
	size := d.Size()
	b := make([]byte, size*len(v))
	for i, x := range v {
		put(b[size*i:], x)
	}
	return Tensor{Name: name, DType: d, Shape: cloneInts(shape), Data: b}
}

// decodeElems returns the elements of a tensor of dtype d, read by get.
func decodeElems[T any](t *Tensor, d DType, get func([]byte) T) ([]T, error) {
	if err := t.expect(d); err != nil {
		return nil, err
	}
	size := d.Size()
	v := make([]T, len(t.Data)/size)
	for i := range v {
		v[i] = get(t.Data[size*i:])
	}
	return v, nil
}

func cloneInts(s []int) []int { return append([]int{}, s...) }

// Float32s returns the elements of an F32 tensor, or an error naming the
// tensor when its dtype is another or its data length does not fit.
func (t *Tensor) Float32s() ([]float32, error) {
	return decodeElems(t, F32, func(b []byte) float32 { return math.Float32frombits(le.Uint32(b)) })
}

// Float64s returns the elements of an F64 tensor, or Float32s' error.
func (t *Tensor) Float64s() ([]float64, error) {
	return decodeElems(t, F64, func(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) })
}

// Int64s returns the elements of an I64 tensor, or Float32s' error.
func (t *Tensor) Int64s() ([]int64, error) {
	return decodeElems(t, I64, func(b []byte) int64 { return int64(le.Uint64(b)) })
}

// Uint64s returns the elements of a U64 tensor, or Float32s' error.
func (t *Tensor) Uint64s() ([]uint64, error) {
	return decodeElems(t, U64, le.Uint64)
}

// expect checks the dtype and that the data holds whole elements.
func (t *Tensor) expect(d DType) error {
	if t.DType != d {
		return fmt.Errorf("tensor %q has dtype %s, expected %s", t.Name, t.DType, d)
	}
	if len(t.Data)%d.Size() != 0 {
		return fmt.Errorf("tensor %q: %d data bytes is not a whole number of %d-byte %s elements", t.Name, len(t.Data), d.Size(), d)
	}
	return nil
}

// check validates a tensor before writing: a non-empty name that is not
// "__metadata__", a known dtype, non-negative dimensions and a data length
// that matches the shape.
func (t *Tensor) check() error {
	if t.Name == "" {
		return fmt.Errorf("a tensor has an empty name")
	}
	if t.Name == metadataKey {
		return fmt.Errorf("tensor name %q is reserved for metadata", t.Name)
	}
	size := t.DType.Size()
	if size == 0 {
		return fmt.Errorf("tensor %q: unknown dtype %q", t.Name, t.DType)
	}
	want, ok := byteLength(t.Shape, size)
	if !ok {
		return fmt.Errorf("tensor %q: invalid shape %v", t.Name, t.Shape)
	}
	if want != uint64(len(t.Data)) {
		return fmt.Errorf("tensor %q: shape %v of %s needs %d bytes, but the data has %d", t.Name, t.Shape, t.DType, want, len(t.Data))
	}
	return nil
}

// byteLength returns prod(shape)*size, or false when a dimension is
// negative or the product overflows 2^62.
func byteLength(shape []int, size int) (uint64, bool) {
	const limit = 1 << 62
	n := uint64(size)
	for _, d := range shape {
		if d < 0 {
			return 0, false
		}
		if d != 0 && n > limit/uint64(d) {
			return 0, false
		}
		n *= uint64(d)
	}
	return n, true
}

// metadataKey is the header key of the string-to-string metadata map.
const metadataKey = "__metadata__"
