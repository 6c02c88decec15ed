//go:build !purego

package kernels

// archTables returns the AVX2 level and, above it, the AVX-512 level, each
// when the CPU has its instructions and the operating system saves its
// registers on context switches (see x86Features and amd64Levels).
func archTables() []*table {
	var ts []*table
	if hasAMD64Level(AVX2) {
		ts = append(ts, avx2Table())
	}
	if hasAMD64Level(AVX512) {
		ts = append(ts, avx512Table())
	}
	return ts
}
