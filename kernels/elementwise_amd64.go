//go:build !purego

package kernels

import "unsafe"

// AVX2 elementwise kernels (elementwise_amd64.s). All slices are as long as
// the first one; outputs may alias inputs element for element. NaN rules
// are those of the exported functions: VMAXPS returns its second source
// operand when either is NaN, so ReLU passes x's NaN through, and ordered
// compares are false for NaN, so the backward passes treat NaN as x <= 0.

func addAVX2(dst, a, b []float32) {
	addAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// addAVX2Asm is the assembly of addAVX2, on n elements from each pointer.
//
//go:noescape
func addAVX2Asm(dst, a, b *float32, n int)

func subAVX2(dst, a, b []float32) {
	subAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// subAVX2Asm is the assembly of subAVX2, on n elements from each pointer.
//
//go:noescape
func subAVX2Asm(dst, a, b *float32, n int)

func mulAVX2(dst, a, b []float32) {
	mulAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// mulAVX2Asm is the assembly of mulAVX2, on n elements from each pointer.
//
//go:noescape
func mulAVX2Asm(dst, a, b *float32, n int)

// addsAVX2 computes dst[i] = a[i] + s.
func addsAVX2(dst, a []float32, s float32) {
	addsAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

// addsAVX2Asm is the assembly of addsAVX2, on n elements from each pointer.
//
//go:noescape
func addsAVX2Asm(dst, a *float32, n int, s float32)

// saxpbyAVX2 computes y[i] = a*x[i] + b*y[i] as fma(a, x, b*y).
func saxpbyAVX2(a float32, x []float32, b float32, y []float32) {
	saxpbyAVX2Asm(a, unsafe.SliceData(x), b, unsafe.SliceData(y), len(x))
}

// saxpbyAVX2Asm is the assembly of saxpbyAVX2, on n elements from each pointer.
//
//go:noescape
func saxpbyAVX2Asm(a float32, x *float32, b float32, y *float32, n int)

func reluAVX2(dst, x []float32) {
	reluAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// reluAVX2Asm is the assembly of reluAVX2, on n elements from each pointer.
//
//go:noescape
func reluAVX2Asm(dst, x *float32, n int)

func reluBackwardAVX2(dx, dy, x []float32) {
	reluBackwardAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

// reluBackwardAVX2Asm is the assembly of reluBackwardAVX2, on n elements from each pointer.
//
//go:noescape
func reluBackwardAVX2Asm(dx, dy, x *float32, n int)

func leakyAVX2(dst, x []float32, slope float32) {
	leakyAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), slope)
}

// leakyAVX2Asm is the assembly of leakyAVX2, on n elements from each pointer.
//
//go:noescape
func leakyAVX2Asm(dst, x *float32, n int, slope float32)

func leakyBackwardAVX2(dx, dy, x []float32, slope float32) {
	leakyBackwardAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), slope)
}

// leakyBackwardAVX2Asm is the assembly of leakyBackwardAVX2, on n elements from each pointer.
//
//go:noescape
func leakyBackwardAVX2Asm(dx, dy, x *float32, n int, slope float32)

// Non-temporal variants: the same kernels with VMOVNTPS stores, for slices
// far larger than the caches (see stream2, stream3). dst must be 32-byte
// aligned except for the masked tail.

func addNTAVX2(dst, a, b []float32) {
	addNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// addNTAVX2Asm is the assembly of addNTAVX2, on n elements from each pointer.
//
//go:noescape
func addNTAVX2Asm(dst, a, b *float32, n int)

func subNTAVX2(dst, a, b []float32) {
	subNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// subNTAVX2Asm is the assembly of subNTAVX2, on n elements from each pointer.
//
//go:noescape
func subNTAVX2Asm(dst, a, b *float32, n int)

func mulNTAVX2(dst, a, b []float32) {
	mulNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// mulNTAVX2Asm is the assembly of mulNTAVX2, on n elements from each pointer.
//
//go:noescape
func mulNTAVX2Asm(dst, a, b *float32, n int)

func addsNTAVX2(dst, a []float32, s float32) {
	addsNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

// addsNTAVX2Asm is the assembly of addsNTAVX2, on n elements from each pointer.
//
//go:noescape
func addsNTAVX2Asm(dst, a *float32, n int, s float32)

func reluNTAVX2(dst, x []float32) {
	reluNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// reluNTAVX2Asm is the assembly of reluNTAVX2, on n elements from each pointer.
//
//go:noescape
func reluNTAVX2Asm(dst, x *float32, n int)

func reluBackwardNTAVX2(dx, dy, x []float32) {
	reluBackwardNTAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

// reluBackwardNTAVX2Asm is the assembly of reluBackwardNTAVX2, on n elements from each pointer.
//
//go:noescape
func reluBackwardNTAVX2Asm(dx, dy, x *float32, n int)

func leakyNTAVX2(dst, x []float32, slope float32) {
	leakyNTAVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), slope)
}

// leakyNTAVX2Asm is the assembly of leakyNTAVX2, on n elements from each pointer.
//
//go:noescape
func leakyNTAVX2Asm(dst, x *float32, n int, slope float32)

func leakyBackwardNTAVX2(dx, dy, x []float32, slope float32) {
	leakyBackwardNTAVX2Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), slope)
}

// leakyBackwardNTAVX2Asm is the assembly of leakyBackwardNTAVX2, on n elements from each pointer.
//
//go:noescape
func leakyBackwardNTAVX2Asm(dx, dy, x *float32, n int, slope float32)
