package kernels

import (
	"fmt"
	"math"
	"testing"
)

// BenchmarkAdamStepDenormal measures AdamStep on 784-256-128-10's 235k
// parameters at every level with normal moments and with a quarter of
// them as a network's dead units leave them: rows of 784 weights whose
// gradient is 0 and whose first moment has decayed to a few times the
// smallest denormal, where b1·m rounds back to m, so it stays denormal
// for good. Every vector of such a row costs the core microcode assists
// in its multiplications: on an Intel Xeon (Sapphire Rapids class) the
// step took 439 µs against 129 µs at avx512, 710 µs against 131 µs at
// avx2, which is the time Adam took in 784-256-128-10's steps at batch 128
// once about 60k of its first moments had gone denormal (on a fixed
// batch, after about 1000 steps). Run:
//
//	go test ./kernels -run '^$' -bench AdamStepDenormal
func BenchmarkAdamStepDenormal(b *testing.B) {
	const n, row = 235146, 784
	prev := Active()
	defer func() { _ = SetLevel(prev) }()
	for _, dead := range []bool{false, true} {
		w, g, m, v := benchVec(n, 1), benchVec(n, 2), benchVec(n, 3), benchVec(n, 4)
		for i := range v {
			g[i] *= 1e-3
			m[i] *= 1e-3
			v[i] = v[i]*v[i]*1e-6 + 1e-12
			if dead && (i/row)%4 == 0 {
				g[i], m[i] = 0, math.Float32frombits(3)
			}
		}
		p := AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 1000}
		for _, l := range Available() {
			if err := SetLevel(l); err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("dead=%v/%s", dead, l), func(b *testing.B) {
				b.SetBytes(28 * n)
				measureCPU(b, func() { AdamStep(w, g, m, v, p) })
			})
		}
	}
}
