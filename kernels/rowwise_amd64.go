//go:build !purego

package kernels

// AVX2 row primitives (rowwise_amd64.s); the row loops are in
// avx2_amd64.go.

// maxAVX2 returns the maximum of x: NaN if x holds a NaN (tracked with an
// unordered compare, since VMAXPS alone can drop a NaN), -Inf if empty.
//
//go:noescape
func maxAVX2(x []float32) float32

// indexAVX2 returns the first index i with x[i] == v, or of the first NaN
// when v is NaN; -1 if there is none.
//
//go:noescape
func indexAVX2(x []float32, v float32) int
