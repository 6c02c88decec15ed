//go:build !purego

package kernels

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/cpu"
)

// TestAMD64LevelsThisCPU checks the features read on this machine against
// golang.org/x/sys/cpu, whose AVX and AVX-512 flags are set only when the
// OS enables the matching XCR0 state, and that the registered levels
// follow from them. It logs the levels this machine cannot test.
func TestAMD64LevelsThisCPU(t *testing.T) {
	f := readX86Features()
	x := cpu.X86
	assert.Equal(t, x.HasAVX && x.HasAVX2 && x.HasFMA, f.hasAVX2(), "avx2-fma: %+v", f)
	assert.Equal(t, x.HasAVX && x.HasAVX2 && x.HasFMA && x.HasAVX512F && x.HasAVX512BW && x.HasAVX512VL && x.HasAVX512DQ,
		f.hasAVX512(), "avx512: %+v", f)
	assert.Equal(t, append([]Level{Generic}, f.levels()...), Available())
	for _, l := range []Level{AVX2, AVX512} {
		assert.Equal(t, contains(Available(), l), gemmImpls[l] != nil, "SGEMM of %s registered", l)
	}
	t.Logf("xcr0 %#x, available levels %v", f.xcr0, Available())
	for l := range numLevels {
		if !contains(Available(), l) {
			t.Logf("level %s: not available on this CPU/build, its tests are skipped", l)
		}
	}
}
