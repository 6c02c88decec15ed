//go:build !purego

package kernels

// Direct entry points for short slices. When the active level is
// directLevel (or avx512, which uses these AVX2 kernels) and the operands
// are at most directMax elements (one chunk, so no preemption concern),
// the exported elementwise functions call these instead of going through
// the table: each inlines to a direct call of the assembly, saving the table's function value, its closure and the ABI
// wrapper, which at 64 elements cost about as much as the work itself.
// Lengths are checked by the exported functions before.
const (
	directLevel = AVX2
	directMax   = avx2Chunk
)

func saxpyDirect(a float32, x, y []float32)   { saxpyAVX2(a, x, y) }
func sscalDirect(a float32, x []float32)      { sscalAVX2(a, x) }
func addDirect(dst, a, b []float32)           { addAVX2(dst, a, b) }
func subDirect(dst, a, b []float32)           { subAVX2(dst, a, b) }
func mulDirect(dst, a, b []float32)           { mulAVX2(dst, a, b) }
func addsDirect(dst, a []float32, s float32)  { addsAVX2(dst, a, s) }
func reluDirect(dst, x []float32)             { reluAVX2(dst, x) }
func reluBackwardDirect(dx, dy, x []float32)  { reluBackwardAVX2(dx, dy, x) }
func leakyDirect(dst, x []float32, s float32) { leakyAVX2(dst, x, s) }
func sigmoidDirect(dst, x []float32)          { sigmoidAVX2(dst, x) }
func tanhDirect(dst, x []float32)             { tanhAVX2(dst, x) }
func expDirect(dst, x []float32)              { expAVX2(dst, x) }
func axpbyDirect(a float32, x []float32, b float32, y []float32) {
	axpbyAVX2(a, x, b, y)
}
func leakyBackwardDirect(dx, dy, x []float32, s float32) {
	leakyBackwardAVX2(dx, dy, x, s)
}
