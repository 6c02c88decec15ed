// Package kernels holds brawn's float32 compute kernels: BLAS level 1
// routines, elementwise activations, row-wise reductions over row-major
// matrices, fused optimizer updates and SGEMM.
//
// Every kernel exists at up to three levels: hand-written Go assembly for
// AVX2+FMA on amd64, NEON on arm64, and a pure-Go version that every
// platform builds (the only one under the purego build tag). On amd64 CPUs
// with AVX-512 (F, BW, VL and DQ, with the OS saving the opmask and ZMM
// registers) a fourth level, avx512, has its own SGEMM (an 8×32
// micro-kernel and its packing) and Sgemv kernels, and uses the avx2
// level's assembly for every other kernel (elementwise, row-wise,
// optimizer, BLAS level 1 and the dot-product kernels of narrow products). The level is chosen once at start-up from the CPU's
// features, can be read with Active and forced with SetLevel or the
// BRAWN_KERNELS environment variable (generic, avx2, avx512, neon).
//
// All slices are float32 and row-major. Unless a function says otherwise,
// output slices may alias their inputs element for element (dst and a may
// be the same slice) but must not partially overlap. Length mismatches are
// programming errors and panic with a message naming the argument, as
// gonum's BLAS does. As there, functions that take sizes check the sizes
// and leading dimensions first and, when their result is empty, return
// without looking at the slices, which may then be nil.
package kernels
