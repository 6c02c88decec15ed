//go:build !purego

package kernels

import "unsafe"

// NEON versions of the elementwise kernels (elementwise_arm64.s). All
// slices are as long as the first one (the caller's duty); outputs may
// alias inputs element for element. Each Go function passes its slices to
// the assembly as pointers and one length, as the amd64 levels do.

func addNEON(dst, a, b []float32) {
	addNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// addNEONAsm is the assembly of addNEON, on n elements from each pointer.
//
//go:noescape
func addNEONAsm(dst, a, b *float32, n int)

func subNEON(dst, a, b []float32) {
	subNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// subNEONAsm is the assembly of subNEON, on n elements from each pointer.
//
//go:noescape
func subNEONAsm(dst, a, b *float32, n int)

func mulNEON(dst, a, b []float32) {
	mulNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

// mulNEONAsm is the assembly of mulNEON, on n elements from each pointer.
//
//go:noescape
func mulNEONAsm(dst, a, b *float32, n int)

// addsNEON computes dst[i] = a[i] + s.
func addsNEON(dst, a []float32, s float32) {
	addsNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

// addsNEONAsm is the assembly of addsNEON, on n elements from each pointer.
//
//go:noescape
func addsNEONAsm(dst, a *float32, n int, s float32)

// saxpbyNEON computes y[i] = a*x[i] + b*y[i] as fma(b, y, a*x).
func saxpbyNEON(a float32, x []float32, b float32, y []float32) {
	saxpbyNEONAsm(a, unsafe.SliceData(x), b, unsafe.SliceData(y), len(x))
}

// saxpbyNEONAsm is the assembly of saxpbyNEON, on n elements from each pointer.
//
//go:noescape
func saxpbyNEONAsm(a float32, x *float32, b float32, y *float32, n int)

func reluNEON(dst, x []float32) {
	reluNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

// reluNEONAsm is the assembly of reluNEON, on n elements from each pointer.
//
//go:noescape
func reluNEONAsm(dst, x *float32, n int)

func reluBackwardNEON(dx, dy, x []float32) {
	reluBackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

// reluBackwardNEONAsm is the assembly of reluBackwardNEON, on n elements
// from each pointer.
//
//go:noescape
func reluBackwardNEONAsm(dx, dy, x *float32, n int)

func leakyNEON(dst, x []float32, slope float32) {
	leakyNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), slope)
}

// leakyNEONAsm is the assembly of leakyNEON, on n elements from each pointer.
//
//go:noescape
func leakyNEONAsm(dst, x *float32, n int, slope float32)

func leakyBackwardNEON(dx, dy, x []float32, slope float32) {
	leakyBackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), slope)
}

// leakyBackwardNEONAsm is the assembly of leakyBackwardNEON, on n elements
// from each pointer.
//
//go:noescape
func leakyBackwardNEONAsm(dx, dy, x *float32, n int, slope float32)

// addBiasRowsNEON adds bias to each of rows consecutive rows of len(bias)
// elements at the start of c; len(c) must be at least rows*len(bias).
func addBiasRowsNEON(c, bias []float32, rows int) {
	addBiasRowsNEONAsm(unsafe.SliceData(c), unsafe.SliceData(bias), len(bias), rows)
}

// addBiasRowsNEONAsm is the assembly of addBiasRowsNEON: rows rows of cols
// elements from c, bias cols elements.
//
//go:noescape
func addBiasRowsNEONAsm(c, bias *float32, cols, rows int)

// colSumRowsNEON adds rows consecutive rows of len(dst) elements at the
// start of a into dst, in order; len(a) must be at least rows*len(dst).
func colSumRowsNEON(dst, a []float32, rows int) {
	colSumRowsNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), rows)
}

// colSumRowsNEONAsm is the assembly of colSumRowsNEON: rows rows of cols
// elements from a, dst cols elements.
//
//go:noescape
func colSumRowsNEONAsm(dst, a *float32, cols, rows int)
