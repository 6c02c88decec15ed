//go:build !purego

package kernels

// avx512Table returns the AVX-512 level's elementwise, row-wise and
// optimizer kernels. It has no AVX-512 versions of these yet: they are the
// avx2-fma level's (memory-bound, they gain little from wider vectors),
// and so are the direct entry points for short slices. What the level
// adds is its SGEMM and Sgemv (gemm_avx512_amd64.go,
// sgemv_avx512_amd64.go).
func avx512Table() *table {
	t := avx2Table()
	t.level = AVX512
	t.direct = true
	return t
}
