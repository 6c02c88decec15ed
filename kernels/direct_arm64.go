//go:build !purego

package kernels

// Direct entry points for short slices at the NEON level; see
// direct_amd64.go.
const (
	directLevel = NEON
	directMax   = neonChunk
)

func saxpyDirect(a float32, x, y []float32)   { saxpyNEON(a, x, y) }
func sscalDirect(a float32, x []float32)      { sscalNEON(a, x) }
func addDirect(dst, a, b []float32)           { addNEON(dst, a, b) }
func subDirect(dst, a, b []float32)           { subNEON(dst, a, b) }
func mulDirect(dst, a, b []float32)           { mulNEON(dst, a, b) }
func addsDirect(dst, a []float32, s float32)  { addsNEON(dst, a, s) }
func reluDirect(dst, x []float32)             { reluNEON(dst, x) }
func reluBackwardDirect(dx, dy, x []float32)  { reluBackwardNEON(dx, dy, x) }
func leakyDirect(dst, x []float32, s float32) { leakyNEON(dst, x, s) }
func sigmoidDirect(dst, x []float32)          { sigmoidNEON(dst, x) }
func tanhDirect(dst, x []float32)             { tanhNEON(dst, x) }
func expDirect(dst, x []float32)              { expNEON(dst, x) }
func axpbyDirect(a float32, x []float32, b float32, y []float32) {
	axpbyNEON(a, x, b, y)
}
func leakyBackwardDirect(dx, dy, x []float32, s float32) {
	leakyBackwardNEON(dx, dy, x, s)
}
