//go:build !purego

package kernels

import "unsafe"

// Direct entry points for short slices. When the active level is avx2 or
// avx512 (the tables with direct set) and the operands are at most
// directMax elements (one chunk, so no preemption concern), the exported
// elementwise functions call these instead of going through the table:
// each inlines to one call of a selector in assembly
// (direct_amd64.s), which jumps to the avx2 or the avx512 kernel, saving
// the table's function value, its closure and the ABI wrapper, which at
// 64 elements cost about as much as the work itself. (Choosing between
// the two kernels in Go makes the entry points too large to inline.)
// Lengths are checked by the exported functions before.
const (
	directLevel = AVX2
	directMax   = x86Chunk
)

// The selectors compare the level with 3: fail to build if AVX512 moves.
var _ [AVX512 - 3]struct{}
var _ [3 - AVX512]struct{}

func saxpyDirect(a float32, x, y []float32) {
	saxpyDirectAsm(a, unsafe.SliceData(x), unsafe.SliceData(y), len(x), active.Load().level)
}

// saxpyDirectAsm runs saxpyAVX512Asm when level is AVX512, else saxpyAVX2Asm.
//
//go:noescape
func saxpyDirectAsm(a float32, x, y *float32, n int, level Level)

func sscalDirect(a float32, x []float32) {
	sscalDirectAsm(a, unsafe.SliceData(x), len(x), active.Load().level)
}

// sscalDirectAsm runs sscalAVX512Asm when level is AVX512, else sscalAVX2Asm.
//
//go:noescape
func sscalDirectAsm(a float32, x *float32, n int, level Level)

func addDirect(dst, a, b []float32) {
	addDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst), active.Load().level)
}

// addDirectAsm runs addAVX512Asm when level is AVX512, else addAVX2Asm.
//
//go:noescape
func addDirectAsm(dst, a, b *float32, n int, level Level)

func subDirect(dst, a, b []float32) {
	subDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst), active.Load().level)
}

// subDirectAsm runs subAVX512Asm when level is AVX512, else subAVX2Asm.
//
//go:noescape
func subDirectAsm(dst, a, b *float32, n int, level Level)

func mulDirect(dst, a, b []float32) {
	mulDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), len(dst), active.Load().level)
}

// mulDirectAsm runs mulAVX512Asm when level is AVX512, else mulAVX2Asm.
//
//go:noescape
func mulDirectAsm(dst, a, b *float32, n int, level Level)

func addsDirect(dst, a []float32, s float32) {
	addsDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(a), len(dst), s, active.Load().level)
}

// addsDirectAsm runs addsAVX512Asm when level is AVX512, else addsAVX2Asm.
//
//go:noescape
func addsDirectAsm(dst, a *float32, n int, s float32, level Level)

func reluDirect(dst, x []float32) {
	reluDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), active.Load().level)
}

// reluDirectAsm runs reluAVX512Asm when level is AVX512, else reluAVX2Asm.
//
//go:noescape
func reluDirectAsm(dst, x *float32, n int, level Level)

func reluBackwardDirect(dx, dy, x []float32) {
	reluBackwardDirectAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), active.Load().level)
}

// reluBackwardDirectAsm runs reluBackwardAVX512Asm when level is AVX512, else reluBackwardAVX2Asm.
//
//go:noescape
func reluBackwardDirectAsm(dx, dy, x *float32, n int, level Level)

func leakyDirect(dst, x []float32, s float32) {
	leakyDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), s, active.Load().level)
}

// leakyDirectAsm runs leakyAVX512Asm when level is AVX512, else leakyAVX2Asm.
//
//go:noescape
func leakyDirectAsm(dst, x *float32, n int, slope float32, level Level)

func sigmoidDirect(dst, x []float32) {
	sigmoidDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), active.Load().level)
}

// sigmoidDirectAsm runs sigmoidAVX512Asm when level is AVX512, else sigmoidAVX2Asm.
//
//go:noescape
func sigmoidDirectAsm(dst, x *float32, n int, level Level)

func tanhDirect(dst, x []float32) {
	tanhDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), active.Load().level)
}

// tanhDirectAsm runs tanhAVX512Asm when level is AVX512, else tanhAVX2Asm.
//
//go:noescape
func tanhDirectAsm(dst, x *float32, n int, level Level)

func expDirect(dst, x []float32) {
	expDirectAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), active.Load().level)
}

// expDirectAsm runs expAVX512Asm when level is AVX512, else expAVX2Asm.
//
//go:noescape
func expDirectAsm(dst, x *float32, n int, level Level)

func saxpbyDirect(a float32, x []float32, b float32, y []float32) {
	saxpbyDirectAsm(a, unsafe.SliceData(x), b, unsafe.SliceData(y), len(y), active.Load().level)
}

// saxpbyDirectAsm runs saxpbyAVX512Asm when level is AVX512, else saxpbyAVX2Asm.
//
//go:noescape
func saxpbyDirectAsm(a float32, x *float32, b float32, y *float32, n int, level Level)

func leakyBackwardDirect(dx, dy, x []float32, s float32) {
	leakyBackwardDirectAsm(unsafe.SliceData(dx), unsafe.SliceData(dy), unsafe.SliceData(x), len(dx), s, active.Load().level)
}

// leakyBackwardDirectAsm runs leakyBackwardAVX512Asm when level is AVX512, else leakyBackwardAVX2Asm.
//
//go:noescape
func leakyBackwardDirectAsm(dx, dy, x *float32, n int, slope float32, level Level)

// setK1 sets the opmask register K1 to v, and getK1 returns it: the tests
// use them to see which kernel a selector ran (the avx512 kernels leave
// their tail mask in K1). Only CPUs with AVX-512 may call them.
func setK1(v uint16)

func getK1() uint16
