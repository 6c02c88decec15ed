//go:build !purego

package bench

import (
	"slices"

	"github.com/brawn-ml/brawn/kernels"
)

// fmaChainsYMM runs iters rounds of 12 independent VFMADD231PS chains on
// ymm registers: 12·8·2 = 192 float32 FLOPs per round.
//
//go:noescape
func fmaChainsYMM(iters int)

// fmaChainsZMM is fmaChainsYMM on zmm registers: 12·16·2 = 384 FLOPs per
// round.
//
//go:noescape
func fmaChainsZMM(iters int)

// fmaProbes returns a ymm probe when the avx2 level can run and a zmm
// probe when the avx512 level can (the kernels package has checked the
// CPUID bits and that the OS saves the YMM and ZMM state). Both are
// measured because the widths differ in rate from CPU to CPU: a CPU that
// splits a 512-bit FMA into two 256-bit halves (AMD Zen 4) runs both at
// one rate, one with two 512-bit FMA units (Intel Xeon since Skylake-SP,
// AMD Zen 5) runs the zmm probe at twice the ymm probe's rate.
func fmaProbes() []fmaProbe {
	var ps []fmaProbe
	levels := kernels.Available()
	if slices.Contains(levels, kernels.AVX2) {
		ps = append(ps, fmaProbe{name: "VFMADD231PS ymm, 12 chains", impl: "fma-ymm", flopsPerIter: 12 * 8 * 2, run: fmaChainsYMM})
	}
	if slices.Contains(levels, kernels.AVX512) {
		ps = append(ps, fmaProbe{name: "VFMADD231PS zmm, 12 chains", impl: "fma-zmm", flopsPerIter: 12 * 16 * 2, run: fmaChainsZMM})
	}
	return ps
}
