//go:build !purego

package kernels

// avx2BatchNorm and avx512BatchNorm are the amd64 levels' batch
// normalisation kernels (batchnorm_amd64.s, batchnorm_avx512_amd64.s):
// float64 arithmetic on 4 and 8 lanes, each vector converted from 4 and 8
// float32 inputs, the last elements of a slice (1..15, or 1..7 of a sum,
// at the avx512 level; 1..7, or 1..3 of a sum, at the avx2 level) read
// and written with masked moves.
var (
	avx2BatchNorm   = batchNormOf(bnAsm{dssumAVX2Asm, dsdotAVX2Asm, dssqdevAVX2Asm, normalizeAVX2Asm, normalizeBackwardAVX2Asm})
	avx512BatchNorm = batchNormOf(bnAsm{dssumAVX512Asm, dsdotAVX512Asm, dssqdevAVX512Asm, normalizeAVX512Asm, normalizeBackwardAVX512Asm})
)

// dssumAVX2Asm is the avx2 level's Dssum on n elements from x.
//
//go:noescape
func dssumAVX2Asm(x *float32, n int) float64

// dsdotAVX2Asm is the avx2 level's Dsdot on n elements from x and y.
//
//go:noescape
func dsdotAVX2Asm(x, y *float32, n int) float64

// dssqdevAVX2Asm is the avx2 level's Dssqdev on n elements from x.
//
//go:noescape
func dssqdevAVX2Asm(x *float32, n int, mu float64) float64

// normalizeAVX2Asm is the avx2 level's BatchNorm on n elements; y nil
// skips the affine output.
//
//go:noescape
func normalizeAVX2Asm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)

// normalizeBackwardAVX2Asm is the avx2 level's BatchNormBackward on n
// elements.
//
//go:noescape
func normalizeBackwardAVX2Asm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)

// dssumAVX512Asm is dssumAVX2Asm at the avx512 level.
//
//go:noescape
func dssumAVX512Asm(x *float32, n int) float64

// dsdotAVX512Asm is dsdotAVX2Asm at the avx512 level.
//
//go:noescape
func dsdotAVX512Asm(x, y *float32, n int) float64

// dssqdevAVX512Asm is dssqdevAVX2Asm at the avx512 level.
//
//go:noescape
func dssqdevAVX512Asm(x *float32, n int, mu float64) float64

// normalizeAVX512Asm is normalizeAVX2Asm at the avx512 level.
//
//go:noescape
func normalizeAVX512Asm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)

// normalizeBackwardAVX512Asm is normalizeBackwardAVX2Asm at the avx512
// level.
//
//go:noescape
func normalizeBackwardAVX512Asm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
