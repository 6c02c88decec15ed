package kernels

import (
	"fmt"
	"strings"
)

// Level is a kernel implementation level.
type Level uint8

const (
	// Generic is the pure-Go level, available everywhere.
	Generic Level = iota
	// AVX2 is hand-written amd64 assembly using AVX2 and FMA3 (256-bit).
	AVX2
	// NEON is hand-written arm64 assembly using Advanced SIMD (128-bit).
	NEON
	// AVX512 is hand-written amd64 assembly using AVX-512 F, BW, VL and DQ
	// (512-bit, 32 vector registers, opmask registers); the narrow
	// products' dot-product and transposing kernels are the AVX2 level's.
	AVX512

	numLevels = AVX512 + 1
)

// String returns the level's name: "generic", "avx2-fma", "neon" or
// "avx512".
func (l Level) String() string {
	switch l {
	case Generic:
		return "generic"
	case AVX2:
		return "avx2-fma"
	case NEON:
		return "neon"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// ParseLevel parses a level name as accepted by BRAWN_KERNELS, ignoring
// case and surrounding spaces: "generic" (or "purego", "go"), "avx2" (or
// "avx2-fma", "avx2fma"), "avx512" (or "avx-512") and "neon" (or
// "asimd"). Any other name is an error listing the four. It does not
// check that the CPU supports the level; SetLevel does.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "generic", "purego", "go":
		return Generic, nil
	case "avx2", "avx2-fma", "avx2fma":
		return AVX2, nil
	case "avx512", "avx-512":
		return AVX512, nil
	case "neon", "asimd":
		return NEON, nil
	}
	return 0, fmt.Errorf("kernels: unknown level %q (want generic, avx2, avx512 or neon)", s)
}
