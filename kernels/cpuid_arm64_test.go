//go:build !purego

package kernels

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNEONLevelThisCPU checks that the NEON level is registered, for both
// the elementwise kernels and SGEMM, on every arm64 Linux system (all of
// which have Advanced SIMD): a failure to read the CPU's features would
// otherwise only show as skipped NEON tests.
func TestNEONLevelThisCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("ASIMD is not guaranteed on %s", runtime.GOOS)
	}
	assert.True(t, hasNEON, "ASIMD not reported")
	assert.Equal(t, []Level{Generic, NEON}, Available())
	assert.Equal(t, NEON, tables[NEON].gemm.level, "SGEMM of neon registered")
}
