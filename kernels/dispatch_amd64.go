//go:build !purego

package kernels

// registerArch registers the AVX2 level and, above it, the AVX-512 level,
// each when the CPU has its instructions and the operating system saves
// its registers on context switches (see x86Features and amd64Levels).
func registerArch() {
	if hasAMD64Level(AVX2) {
		register(avx2Table())
	}
	if hasAMD64Level(AVX512) {
		register(avx512Table())
	}
}
