package checkpoint

// DType is a safetensors element type, spelled as in the file header.
type DType string

// The element types of the safetensors specification. This package
// converts F32, F64, I64 and U64 to and from Go slices; files holding the
// others can still be read and validated, and their raw bytes are kept.
const (
	BOOL   DType = "BOOL"
	U8     DType = "U8"
	I8     DType = "I8"
	F8E5M2 DType = "F8_E5M2"
	F8E4M3 DType = "F8_E4M3"
	I16    DType = "I16"
	U16    DType = "U16"
	F16    DType = "F16"
	BF16   DType = "BF16"
	I32    DType = "I32"
	U32    DType = "U32"
	F32    DType = "F32"
	F64    DType = "F64"
	I64    DType = "I64"
	U64    DType = "U64"
)

// dtypeSizes gives the bytes per element of each known dtype.
var dtypeSizes = map[DType]int{
	BOOL: 1, U8: 1, I8: 1, F8E5M2: 1, F8E4M3: 1,
	I16: 2, U16: 2, F16: 2, BF16: 2,
	I32: 4, U32: 4, F32: 4,
	F64: 8, I64: 8, U64: 8,
}

// Size returns the bytes per element, or 0 for an unknown dtype.
func (d DType) Size() int { return dtypeSizes[d] }
