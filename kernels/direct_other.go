//go:build purego || !(amd64 || arm64)

package kernels

import "math"

// Without assembly the only level is Generic: the exported functions call
// the pure-Go kernels directly (see direct_amd64.go), which need no
// chunking.
const (
	directLevel = Generic
	directMax   = math.MaxInt
)

func saxpyDirect(a float32, x, y []float32)   { saxpyGo(a, x, y) }
func sscalDirect(a float32, x []float32)      { sscalGo(a, x) }
func addDirect(dst, a, b []float32)           { addGo(dst, a, b) }
func subDirect(dst, a, b []float32)           { subGo(dst, a, b) }
func mulDirect(dst, a, b []float32)           { mulGo(dst, a, b) }
func addsDirect(dst, a []float32, s float32)  { addsGo(dst, a, s) }
func reluDirect(dst, x []float32)             { reluGo(dst, x) }
func reluBackwardDirect(dx, dy, x []float32)  { reluBackwardGo(dx, dy, x) }
func leakyDirect(dst, x []float32, s float32) { leakyGo(dst, x, s) }
func sigmoidDirect(dst, x []float32)          { sigmoidGo(dst, x) }
func tanhDirect(dst, x []float32)             { tanhGo(dst, x) }
func expDirect(dst, x []float32)              { expGo(dst, x) }
func saxpbyDirect(a float32, x []float32, b float32, y []float32) {
	saxpbyGo(a, x, b, y)
}
func leakyBackwardDirect(dx, dy, x []float32, s float32) {
	leakyBackwardGo(dx, dy, x, s)
}
