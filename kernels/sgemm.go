package kernels

import (
	"fmt"
	"runtime"
)

// Sgemm computes C = alpha*op(A)*op(B) + beta*C on row-major float32
// matrices, with exactly the semantics of cblas_sgemm(CblasRowMajor, ...):
// op(A) is m×k (A is m×k, or k×m when transA), op(B) is k×n (B is k×n, or
// n×k when transB), C is m×n. lda, ldb and ldc are row strides (leading
// dimensions) and may exceed the logical row widths; elements beyond a row's
// width are neither read nor written.
//
// When beta is 0, C is only written, never read, so NaN or Inf already in C
// does not leak into the result. When alpha is 0 or k is 0, A and B are not
// read, but their lengths are checked all the same, as gonum's BLAS does:
// a matrix of r rows ld apart and c columns needs (r-1)·ld + c elements,
// even when c is 0 (an m×0 A, or with transB an n×0 B), and none when r
// is 0. When m or n is 0 it returns at once after checking the sizes and
// leading dimensions, before looking at any slice (as the reference BLAS
// and gonum's do), so the slices may then be nil or short.
//
// The implementation follows Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication" (ACM TOMS 2008) and BLIS: panels
// of op(A) and op(B) are packed into contiguous, cache-line-aligned
// buffers, blocked for L1, L2 and L3 from the cache sizes cpuid reports,
// and fed to a register-blocked micro-kernel of the active level (AVX-512
// 8×32, AVX2/FMA 6×16, NEON 8×12, pure Go 4×4). Narrow and short products read an
// operand in place where packing would not pay, a C with only a few
// columns (up to two micro-kernel rows' worth) is computed as its
// transpose so that its long side fills the kernel's vector lanes, and
// m = 1 or n = 1 is computed by Sgemv. Packing buffers are reused, so steady-state calls do
// not allocate.
//
// It runs on up to GOMAXPROCS goroutines; see SgemmThreads. Bad arguments
// (negative sizes, a leading dimension smaller than the row width, a slice
// too short) panic with a message that names the argument, as gonum's BLAS
// does.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemm("Sgemm", 0, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmThreads is Sgemm on at most threads goroutines (threads <= 0 means
// runtime.GOMAXPROCS(0)). The result is bit-identical for every thread
// count, because the work is split over blocks of C, never over k, at tile
// boundaries. Products under a few MFLOP per goroutine stay on the calling
// goroutine; larger ones are shared with a pool of persistent workers that
// block (never spin) while idle.
func SgemmThreads(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemm("SgemmThreads", threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// sgemm is SgemmThreads called as the entry point fn, which its panics name.
func sgemm(fn string, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkSgemm(fn, transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	x := gemmArgs{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc}
	sgemmWith(use().gemm, threads, &x)
}

// sgemmWith computes a validated Sgemm with g on up to threads goroutines
// (threads <= 0 means GOMAXPROCS).
func sgemmWith(g *gemmImpl, threads int, x *gemmArgs) {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	if x.m == 0 || x.n == 0 {
		return
	}
	if x.alpha == 0 || x.k == 0 {
		for j := 0; j < x.n; { // a block of C at a time
			n := x.n - j
			if x.cBlock > 0 {
				n = min(n, x.cBlock)
			}
			if x.bias != nil { // beta is 0
				x.presetBias(0, x.m, j, n)
			} else {
				gemmScaleC(x.m, n, x.beta, x.c[x.cOff(0, j):], x.ldc)
			}
			j += n
		}
		return
	}
	// The routes that read B in place need a B: SgemmPackedB's only exists
	// packed.
	if x.packB == nil && (x.m == 1 || x.n == 1) {
		gemmViaGemv(g, x)
		return
	}
	if x.packB == nil && gemmUseDot(g, x) {
		gemmDot(g, x)
		return
	}
	if x.packB == nil && gemmUseOuter(g, x) {
		gemmOuter(g, x)
		return
	}
	if x.packB == nil && gemmUseTransposed(g, x) {
		gemmTransposed(gemmForRows(g, x.n), threads, x)
		return
	}
	g = gemmForRows(g, x.m)
	if t := gemmThreads(g, threads, x.m, x.n, x.k); t > 1 {
		gemmParallel(g, t, x)
		return
	}
	ar := gemmArenas.Get()
	gemmBlocked(g, ar, x, 0, x.m, 0, x.n)
	gemmArenas.Put(ar)
}

// checkSgemm panics on arguments that cblas_sgemm would reject, naming the
// entry point fn and the first bad argument. Like the reference BLAS it
// checks the sizes and leading dimensions first and the slice lengths only
// when C is not empty.
func checkSgemm(fn string, transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkGemmArgs(fn, transA, m, n, k, a, lda, c, ldc, func() (rows, cols int) {
		if transB {
			return n, k
		}
		return k, n
	}, b, ldb)
}

// checkGemmArgs is checkSgemm for the entry point fn; opB, when not nil,
// returns the shape of B (ldb and b are then checked, in cblas_sgemm's
// order), else the entry point takes no B.
func checkGemmArgs(fn string, transA bool, m, n, k int, a []float32, lda int, c []float32, ldc int, opB func() (rows, cols int), b []float32, ldb int) {
	for _, d := range [...]struct {
		name string
		v    int
	}{{"m", m}, {"n", n}, {"k", k}} {
		if d.v < 0 {
			panic(fmt.Sprintf("kernels.%s: %s < 0 (%s = %d)", fn, d.name, d.name, d.v))
		}
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	if lda < max(1, ac) {
		panic(fmt.Sprintf("kernels.%s: lda = %d, want at least %d", fn, lda, max(1, ac)))
	}
	var br, bc int
	if opB != nil {
		br, bc = opB()
		if ldb < max(1, bc) {
			panic(fmt.Sprintf("kernels.%s: ldb = %d, want at least %d", fn, ldb, max(1, bc)))
		}
	}
	if ldc < max(1, n) {
		panic(fmt.Sprintf("kernels.%s: ldc = %d, want at least %d", fn, ldc, max(1, n)))
	}
	if m == 0 || n == 0 {
		return // C is empty: sgemmWith returns at once without reading a slice.
	}
	checkMatLen(fn, "a", len(a), ar, ac, lda)
	if opB != nil {
		checkMatLen(fn, "b", len(b), br, bc, ldb)
	}
	checkMatLen(fn, "c", len(c), m, n, ldc)
}
