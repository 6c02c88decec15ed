//go:build !purego

package bench

// fmaChains runs iters rounds of 16 independent VFMLA chains on 128-bit
// vector registers: 16·4·2 = 128 float32 FLOPs per round.
//
//go:noescape
func fmaChains(iters int)

// fmaProbes returns the NEON probe: Advanced SIMD, and with it FMLA on
// .4S vectors, is part of every arm64 CPU Go supports.
func fmaProbes() []fmaProbe {
	return []fmaProbe{{name: "FMLA v.4s, 16 chains", impl: "fma-neon", flopsPerIter: 16 * 4 * 2, run: fmaChains}}
}
