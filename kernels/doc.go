// Package kernels holds brawn's float32 compute kernels: BLAS level 1
// routines, elementwise activations, row-wise reductions over row-major
// matrices, fused optimizer updates and SGEMM.
//
// Every kernel exists at up to three levels: hand-written Go assembly for
// AVX2+FMA on amd64, NEON on arm64, and a pure-Go version that every
// platform builds (the only one under the purego build tag). On amd64 CPUs
// with AVX-512 (F, BW, VL and DQ, with the OS saving the opmask and ZMM
// registers) a fourth level, avx512, has its own SGEMM (an 8×32
// micro-kernel and its packing), Sgemv, BLAS level 1, elementwise (Exp,
// Sigmoid and Tanh included), row-wise and optimizer kernels, on 16 lanes
// with the last 1..15 elements of a slice read and written through masked
// moves; only the dot-product and transposing kernels of narrow products
// are the avx2 level's. Its elementwise kernels and optimizer steps give
// the avx2 level's bits (the same arithmetic per element); its reductions
// (Sdot, Sum, Sasum, SumSquares, row sums, the softmax sums) add in
// another order and may differ in the last bits. Results are
// bit-identical from run to run and for any thread count at one level,
// not across levels. The level is chosen once at start-up from the CPU's
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
