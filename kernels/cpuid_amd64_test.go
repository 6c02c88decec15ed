//go:build !purego

package kernels

import (
	"testing"

	"github.com/klauspost/cpuid/v2"
	"github.com/stretchr/testify/assert"
)

// TestAMD64LevelsThisCPU checks the features read on this machine against
// github.com/klauspost/cpuid/v2, whose AVX, AVX2 and AVX-512 flags are set only when the
// OS enables the matching XCR0 state, and that the registered levels
// follow from them. It logs the levels this machine cannot test.
func TestAMD64LevelsThisCPU(t *testing.T) {
	f := readX86Features()
	c := cpuid.CPU
	assert.Equal(t, c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3), f.hasAVX2(), "avx2-fma: %+v", f)
	assert.Equal(t, c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL, cpuid.AVX512DQ),
		f.hasAVX512(), "avx512: %+v", f)
	assert.Equal(t, append([]Level{Generic}, f.levels()...), Available())
	for _, l := range []Level{AVX2, AVX512} {
		assert.Equal(t, contains(Available(), l), tables[l] != nil && tables[l].gemm != nil && tables[l].gemm.level == l, "SGEMM of %s registered", l)
	}
	t.Logf("xcr0 %#x, available levels %v", f.xcr0, Available())
	for l := range numLevels {
		if !contains(Available(), l) {
			t.Logf("level %s: not available on this CPU/build, its tests are skipped", l)
		}
	}
}
