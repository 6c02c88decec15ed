//go:build !purego

package bench

// fmaChains runs iters rounds of 16 independent VFMLA chains on 128-bit
// vector registers: 16·4·2 = 128 float32 FLOPs per round.
//
//go:noescape
func fmaChains(iters int)

const fmaFlopsPerIter = 16 * 4 * 2

// Advanced SIMD, and with it FMLA on .4S vectors, is part of every arm64
// CPU Go supports.
func hasFMAProbe() bool { return true }

// fmaProbeName names the instruction the probe runs.
const fmaProbeName = "FMLA v.4s, 16 chains"
