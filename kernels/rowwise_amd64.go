//go:build !purego

package kernels

import "unsafe"

// AVX2 row primitives (rowwise_amd64.s); the row loops are in
// x86_amd64.go.

// maxAVX2 returns the maximum of x: NaN if x holds a NaN (tracked with an
// unordered compare, since VMAXPS alone can drop a NaN), -Inf if empty.
func maxAVX2(x []float32) float32 {
	return maxAVX2Asm(unsafe.SliceData(x), len(x))
}

// maxAVX2Asm is the assembly of maxAVX2, on n elements from x.
//
//go:noescape
func maxAVX2Asm(x *float32, n int) float32

// indexAVX2 returns the first index i with x[i] == v, or of the first NaN
// when v is NaN; -1 if there is none.
func indexAVX2(x []float32, v float32) int {
	return indexAVX2Asm(unsafe.SliceData(x), len(x), v)
}

// indexAVX2Asm is the assembly of indexAVX2, on n elements from x.
//
//go:noescape
func indexAVX2Asm(x *float32, n int, v float32) int
