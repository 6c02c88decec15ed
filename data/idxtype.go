package data

import (
	"encoding/binary"
	"fmt"
	"math"
)

// IDXType is an IDX element type: the third byte of the magic number.
// Multi-byte elements are stored big-endian, as the format requires.
type IDXType byte

// The element types the IDX format defines (LeCun and Cortes, "THE MNIST
// DATABASE of handwritten digits", section "THE IDX FILE FORMAT").
const (
	IDXUnsignedByte IDXType = 0x08 // uint8
	IDXSignedByte   IDXType = 0x09 // int8
	IDXInt16        IDXType = 0x0B // "short": int16
	IDXInt32        IDXType = 0x0C // "int": int32
	IDXFloat32      IDXType = 0x0D // "float": IEEE 754 binary32
	IDXFloat64      IDXType = 0x0E // "double": IEEE 754 binary64
)

// String names the type: "unsigned byte", "signed byte", "int16", "int32",
// "float32" or "float64" ("IDXType(0x42)" for a byte the format does not
// define).
func (t IDXType) String() string {
	switch t {
	case IDXUnsignedByte:
		return "unsigned byte"
	case IDXSignedByte:
		return "signed byte"
	case IDXInt16:
		return "int16"
	case IDXInt32:
		return "int32"
	case IDXFloat32:
		return "float32"
	case IDXFloat64:
		return "float64"
	}
	return fmt.Sprintf("IDXType(0x%02X)", byte(t))
}

// Size is the number of bytes of one element: 1, 2, 4 or 8, and 0 for a
// type the format does not define.
func (t IDXType) Size() int {
	switch t {
	case IDXUnsignedByte, IDXSignedByte:
		return 1
	case IDXInt16:
		return 2
	case IDXInt32, IDXFloat32:
		return 4
	case IDXFloat64:
		return 8
	}
	return 0
}

// Integer reports whether t holds integers (the types labels may have).
func (t IDXType) Integer() bool {
	switch t {
	case IDXUnsignedByte, IDXSignedByte, IDXInt16, IDXInt32:
		return true
	}
	return false
}

// IDX is a decoded IDX file (the format of LeCun et al.'s MNIST
// distribution): a magic number 0x00 0x00 <type> <ndims>, ndims big-endian
// uint32 dimension sizes, then the elements in row-major order, big-endian.
// Every element type of the format is read (see IDXType); MNIST and its
// relatives (Fashion-MNIST, EMNIST, KMNIST) use unsigned bytes.
type IDX struct {
	// Dims are the dimension sizes, outermost first ([n, rows, cols] for images, [n] for labels).
	Dims []int
	// Type is the element type.
	Type IDXType
	// Data holds the elements row-major as the file stores them (big-endian,
	// Type.Size() bytes each); len(Data) is the product of Dims times
	// Type.Size(). At decodes one element.
	Data []byte
}

// Len returns the number of elements, len(Data) / Type.Size() (0 for an
// undefined Type).
func (x *IDX) Len() int {
	if s := x.Type.Size(); s > 0 {
		return len(x.Data) / s
	}
	return 0
}

// At returns element i (counted row-major from 0) decoded from its
// big-endian bytes. Every IDX type converts to float64 exactly. It panics
// if i is out of range or Type is not a type the format defines.
func (x *IDX) At(i int) float64 {
	switch x.Type {
	case IDXUnsignedByte:
		return float64(x.Data[i])
	case IDXSignedByte:
		return float64(int8(x.Data[i]))
	case IDXInt16:
		return float64(int16(binary.BigEndian.Uint16(x.Data[2*i:])))
	case IDXInt32:
		return float64(int32(binary.BigEndian.Uint32(x.Data[4*i:])))
	case IDXFloat32:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(x.Data[4*i:])))
	case IDXFloat64:
		return math.Float64frombits(binary.BigEndian.Uint64(x.Data[8*i:]))
	}
	panic(fmt.Sprintf("data: IDX.At: element type %v is not an IDX type", x.Type))
}
