//go:build !purego

package bench

import "github.com/klauspost/cpuid/v2"

// fmaChains runs iters rounds of 12 independent VFMADD231PS chains on ymm
// registers: 12·8·2 = 192 float32 FLOPs per round.
//
//go:noescape
func fmaChains(iters int)

const fmaFlopsPerIter = 12 * 8 * 2

func hasFMAProbe() bool { return cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) }

// fmaProbeName names the instruction the probe runs.
const fmaProbeName = "VFMADD231PS ymm, 12 chains"
