//go:build !purego

package kernels

import "unsafe"

// The avx512 level's elementwise kernels (elementwise_avx512_amd64.s),
// with the arguments and NaN rules of the avx2 level's
// (elementwise_amd64.go) and the same arithmetic per element, on 16 lanes
// with masked tails. The non-temporal variants need dst 64-byte aligned.

func addAVX512(dst, a, b []float32) {
	addAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// addAVX512Asm is the assembly of addAVX512, on n elements from each pointer.
//
//go:noescape
func addAVX512Asm(dst, a, b *float32, n int)

func subAVX512(dst, a, b []float32) {
	subAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// subAVX512Asm is the assembly of subAVX512, on n elements from each pointer.
//
//go:noescape
func subAVX512Asm(dst, a, b *float32, n int)

func mulAVX512(dst, a, b []float32) {
	mulAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// mulAVX512Asm is the assembly of mulAVX512, on n elements from each pointer.
//
//go:noescape
func mulAVX512Asm(dst, a, b *float32, n int)

// addsAVX512 computes dst[i] = a[i] + s.
func addsAVX512(dst, a []float32, s float32) {
	addsAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

// addsAVX512Asm is the assembly of addsAVX512, on n elements from each pointer.
//
//go:noescape
func addsAVX512Asm(dst, a *float32, n int, s float32)

// saxpbyAVX512 computes y[i] = a*x[i] + b*y[i] as fma(a, x, b*y).
func saxpbyAVX512(a float32, x []float32, b float32, y []float32) {
	saxpbyAVX512Asm(a, unsafe.SliceData(x), b, unsafe.SliceData(y), len(x))
}

// saxpbyAVX512Asm is the assembly of saxpbyAVX512, on n elements from each pointer.
//
//go:noescape
func saxpbyAVX512Asm(a float32, x *float32, b float32, y *float32, n int)

func reluAVX512(dst, x []float32) {
	reluAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// reluAVX512Asm is the assembly of reluAVX512, on n elements from each pointer.
//
//go:noescape
func reluAVX512Asm(dst, x *float32, n int)

func reluBackwardAVX512(dx, dy, x []float32) {
	reluBackwardAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

// reluBackwardAVX512Asm is the assembly of reluBackwardAVX512, on n elements from each pointer.
//
//go:noescape
func reluBackwardAVX512Asm(dx, dy, x *float32, n int)

func leakyAVX512(dst, x []float32, slope float32) {
	leakyAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), slope)
}

// leakyAVX512Asm is the assembly of leakyAVX512, on n elements from each pointer.
//
//go:noescape
func leakyAVX512Asm(dst, x *float32, n int, slope float32)

func leakyBackwardAVX512(dx, dy, x []float32, slope float32) {
	leakyBackwardAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), slope)
}

// leakyBackwardAVX512Asm is the assembly of leakyBackwardAVX512, on n elements from each pointer.
//
//go:noescape
func leakyBackwardAVX512Asm(dx, dy, x *float32, n int, slope float32)

// Non-temporal variants: the same kernels with VMOVNTPS stores, for slices
// far larger than the caches (see stream2, stream3). dst must be 64-byte
// aligned except for the masked tail.

func addNTAVX512(dst, a, b []float32) {
	addNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// addNTAVX512Asm is the assembly of addNTAVX512, on n elements from each pointer.
//
//go:noescape
func addNTAVX512Asm(dst, a, b *float32, n int)

func subNTAVX512(dst, a, b []float32) {
	subNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// subNTAVX512Asm is the assembly of subNTAVX512, on n elements from each pointer.
//
//go:noescape
func subNTAVX512Asm(dst, a, b *float32, n int)

func mulNTAVX512(dst, a, b []float32) {
	mulNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// mulNTAVX512Asm is the assembly of mulNTAVX512, on n elements from each pointer.
//
//go:noescape
func mulNTAVX512Asm(dst, a, b *float32, n int)

func addsNTAVX512(dst, a []float32, s float32) {
	addsNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

// addsNTAVX512Asm is the assembly of addsNTAVX512, on n elements from each pointer.
//
//go:noescape
func addsNTAVX512Asm(dst, a *float32, n int, s float32)

func reluNTAVX512(dst, x []float32) {
	reluNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// reluNTAVX512Asm is the assembly of reluNTAVX512, on n elements from each pointer.
//
//go:noescape
func reluNTAVX512Asm(dst, x *float32, n int)

func reluBackwardNTAVX512(dx, dy, x []float32) {
	reluBackwardNTAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

// reluBackwardNTAVX512Asm is the assembly of reluBackwardNTAVX512, on n elements from each pointer.
//
//go:noescape
func reluBackwardNTAVX512Asm(dx, dy, x *float32, n int)

func leakyNTAVX512(dst, x []float32, slope float32) {
	leakyNTAVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), slope)
}

// leakyNTAVX512Asm is the assembly of leakyNTAVX512, on n elements from each pointer.
//
//go:noescape
func leakyNTAVX512Asm(dst, x *float32, n int, slope float32)

func leakyBackwardNTAVX512(dx, dy, x []float32, slope float32) {
	leakyBackwardNTAVX512Asm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), slope)
}

// leakyBackwardNTAVX512Asm is the assembly of leakyBackwardNTAVX512, on n elements from each pointer.
//
//go:noescape
func leakyBackwardNTAVX512Asm(dx, dy, x *float32, n int, slope float32)
