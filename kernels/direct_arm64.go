//go:build !purego

package kernels

import "unsafe"

// Direct entry points for short slices at the NEON level, in the style of
// direct_amd64.go: when NEON is active and the operands are at most
// directMax elements (one chunk), the exported elementwise functions call
// these, and each inlines to one call of the NEON assembly with pointers
// and a length. arm64 has one assembly level, so no selector is needed.
// Lengths are checked by the exported functions before.
const (
	directLevel = NEON
	directMax   = neonChunk
)

func saxpyDirect(a float32, x, y []float32) {
	saxpyNEONAsm(a, unsafe.SliceData(x), unsafe.SliceData(y), len(x))
}

func sscalDirect(a float32, x []float32) {
	sscalNEONAsm(a, unsafe.SliceData(x), len(x))
}

func addDirect(dst, a, b []float32) {
	addNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

func subDirect(dst, a, b []float32) {
	subNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

func mulDirect(dst, a, b []float32) {
	mulNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst))
}

func addsDirect(dst, a []float32, s float32) {
	addsNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s)
}

func reluDirect(dst, x []float32) {
	reluNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

func reluBackwardDirect(dx, dy, x []float32) {
	reluBackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx))
}

func leakyDirect(dst, x []float32, s float32) {
	leakyNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), s)
}

func sigmoidDirect(dst, x []float32) {
	sigmoidNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

func tanhDirect(dst, x []float32) {
	tanhNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

func expDirect(dst, x []float32) {
	expNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst))
}

func saxpbyDirect(a float32, x []float32, b float32, y []float32) {
	saxpbyNEONAsm(a, unsafe.SliceData(x), b, unsafe.SliceData(y), len(y))
}

func leakyBackwardDirect(dx, dy, x []float32, s float32) {
	leakyBackwardNEONAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), s)
}
