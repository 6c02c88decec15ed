// Package kernels holds brawn's float32 compute kernels: BLAS level 1
// routines, elementwise activations, row-wise reductions over row-major
// matrices, 2×2 pooling over NCHW planes, batch normalisation's passes
// (float32 sums accumulated in float64: Dssum, Dsdot, Dssqdev; BatchNorm
// and BatchNormBackward), fused optimizer updates, the conversion of
// bytes to float32 (BytesToFloat32) and SGEMM, with an entry point for an operand that is
// packed by the caller as it is gathered (SgemmPackedB and
// SgemmPackedBBlocks, ShiftedRows: a convolution's implicit im2col
// matrix).
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
// are the avx2 level's, and so, on AMD Zen 4 (whose 512-bit FMAs run at
// half the rate), are products of few rows (9 to 12, or up to 6), which
// its 6-row tiles fit better than the 8-row ones; elsewhere products of 9
// to 12 rows run on a 12×32 avx512 tile. Its
// elementwise kernels and optimizer steps give the avx2 level's bits (the
// same arithmetic per element); its reductions
// (Sdot, Sum, Sasum, SumSquares, row sums, the softmax sums) add in
// another order and may differ in the last bits. Results are
// bit-identical from run to run and for any thread count at one level on
// one CPU, not across levels, nor at one level across CPUs whose caches
// cut products into other k slices (see Signature). The generic level's
// are also the same on every CPU, architecture and GOAMD64 setting: its
// k slices are fixed (genericKC), and its kernels round each product
// before the sum it feeds (see gemmMicroGo), so that no compiler fuses
// them into FMAs; only its Exp, Sigmoid, Tanh and softmax go through Go's
// math package, whose float64 results may differ in the last bit between
// architectures, which changes their float32 result only when the two
// straddle a rounding boundary (about once in 2^29).
//
// The level is chosen once at start-up from the CPU's
// features, can be read with Active and forced with SetLevel or the
// BRAWN_KERNELS environment variable (generic, avx2, avx512, neon). A
// BRAWN_KERNELS the package cannot apply leaves it on Best, says so in
// EnvError and in a line on stderr at the first kernel call (not at
// start-up, so that a program that reports EnvError itself can silence
// it with SetEnvWarning).
//
// All slices are float32 and row-major. Unless a function says otherwise,
// output slices may alias their inputs element for element (dst and a may
// be the same slice) but must not partially overlap. Length mismatches are
// programming errors and panic with a message naming the argument, as
// gonum's BLAS does. As there, functions that take sizes check the sizes
// and leading dimensions first and, when their result is empty, return
// without looking at the slices, which may then be nil.
//
// Layer 1: the bottom of brawn's compute, below data, nn, blas32, model,
// bench and callbacks. It may import internal/workpool,
// github.com/klauspost/cpuid/v2 and the standard library.
//
// # Levels and dispatch files
//
// From the bottom up (no file uses one listed below it):
//
//	level.go              Level, its names and ParseLevel
//	table.go              table, the registry of one level's kernels, and the active one
//	generic.go            the generic level's table; *_generic.go its kernels
//	x86_amd64.go          the amd64 levels' table builder and chunking
//	avx2_amd64.go         the avx2 level's table; avx512_amd64.go the avx512 level's
//	neon_chunk_arm64.go   the neon level's chunking; neon_arm64.go its table
//	dispatch_*.go         the assembly tables this CPU can run (archTables)
//	direct_*.go           the direct entry points of short elementwise calls
//	envwarn.go            the warning of an unapplied BRAWN_KERNELS, at the first kernel call
//	dispatch.go           registering the levels, choosing the active one (Active, SetLevel, BRAWN_KERNELS)
//
// The exported functions (blas1.go, elementwise.go, rowwise.go, optim.go,
// sgemm.go, sgemv.go) check their arguments and call through the active
// table (use, which first writes envwarn.go's warning if it is due), or a
// direct entry point. Every assembly function takes pointers
// and element counts, never slices; most are named after the Go function
// that passes them its slices, with an Asm suffix (saxpyAVX2 calls
// saxpyAVX2Asm, addNEON calls addNEONAsm).
//
// # SGEMM and Sgemv files
//
// Sgemm follows Goto and van de Geijn, "Anatomy of high-performance matrix
// multiplication" (ACM TOMS 34(3), 2008): loops over cache blocks, packing
// of the blocks into micro-panels, and a register-blocked micro-kernel.
// One file per job:
//
//	sgemm.go              Sgemm and SgemmThreads: argument checks and the choice of route
//	gemm_table.go         gemmImpl and panelPackers (a level's SGEMM: kernels, packers, tile shape), PanelPacker, the block sizes from cache sizes
//	gemm.go               the blocked loops (nc, kc, mc, then tiles), scaling C, writing edge tiles back
//	gemm_pack.go          packing op(A) and op(B) into zero-padded micro-panels (generic packers, and a level's panelPackers)
//	gemm_packer.go        SgemmPackedB: the packed route with op(B) packed by the caller's PanelPacker; SgemmPackedBBlocks, C in blocks of columns, with a bias
//	shifted*.go/.s        ShiftedRows: a panel of B whose rows are masked shifted runs of one slice (avx512, avx2, Go)
//	gemm_parallel.go      the split of C's tiles between workpool goroutines
//	gemm_arena.go         each goroutine's reused packing buffers
//	gemm_narrow.go        few columns, many rows: compute Cᵀ and transpose it into C; few rows: another level's tiles
//	transpose.go          Transpose: a matrix transposed on the narrow route's 8×8 transposer
//	prefetch*.go/.s       Prefetch: a cache hint (PREFETCHT0, PRFM; nothing under purego)
//	gemm_dot.go           few columns, A not transposed: dot-product micro-kernels along k
//	gemm_gemv.go          m = 1 or n = 1: the product as an Sgemv
//	sgemv.go              Sgemv: checks and the row-group loops over a level's dot4/axpy4
//	gemm_generic.go       the generic level's 4×4 micro-kernel
//	sgemv_generic.go      the generic level's Sgemv kernels
//	sgemv_asm.go          Go wrappers of the avx2 and neon Sgemv kernels
//	gemm_amd64.go/.s      the avx2 level: 6×16 micro-kernel (column, strided), dot 3×4 and 2×5 wrappers
//	gemm_dot_amd64.s      the avx2 dot-product micro-kernels
//	gemm_pack_amd64.go/.s the avx2 packers (8×8 transposes) and the narrow route's transpose
//	sgemv_amd64.s         the avx2 Sgemv kernels
//	gemm_avx512_amd64.go/.s  the avx512 level: 8×32 micro-kernel (column, partial, strided) and packers
//	sgemv_avx512_amd64.go/.s the avx512 Sgemv kernels (whole products, masked tails)
//	gemm_arm64.go/.s      the neon level: 8×12 micro-kernel and the Sgemv kernels
package kernels
