//go:build openblas && cgo

// Package openblas calls OpenBLAS's cblas_sgemm through cgo, for the
// comparison column of the GEMM benchmark. It is built only with the
// openblas build tag and needs Debian's libopenblas-dev (or any OpenBLAS
// with cblas.h and libopenblas). It is its own package because a package
// using cgo cannot also hold Go assembly.
//
// Layer 0: a leaf of bench. It may import the standard library. (The
// test of the layers counts cgo's "C" as standard.)
package openblas

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import "unsafe"

// SetThreads sets the number of threads OpenBLAS uses for later calls.
func SetThreads(n int) { C.openblas_set_num_threads(C.int(n)) }

// Sgemm calls cblas_sgemm(CblasRowMajor, ...): C = alpha*op(A)*op(B) +
// beta*C with op(A) m×k, op(B) k×n, C m×n, and row strides lda, ldb, ldc,
// the semantics of kernels.Sgemm. It checks nothing beyond non-empty
// slices; the caller passes consistent sizes.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if len(a) == 0 || len(b) == 0 || len(c) == 0 {
		panic("openblas.Sgemm: empty operand")
	}
	C.cblas_sgemm(C.CblasRowMajor, trans(transA), trans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.float(alpha), (*C.float)(unsafe.Pointer(&a[0])), C.blasint(lda),
		(*C.float)(unsafe.Pointer(&b[0])), C.blasint(ldb),
		C.float(beta), (*C.float)(unsafe.Pointer(&c[0])), C.blasint(ldc))
}

func trans(t bool) C.enum_CBLAS_TRANSPOSE {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}
