package kernels

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envLevel, the start-up choice: the level BRAWN_KERNELS names when the
// CPU and build run it, else the best one with the reason.
func TestEnvLevel(t *testing.T) {
	x86 := []Level{Generic, AVX2, AVX512}
	for _, c := range []struct {
		value string
		avail []Level
		want  Level
		err   string // "" when applied
		known bool
	}{
		{"", x86, AVX512, "", false},
		{"generic", x86, Generic, "", false},
		{" AVX2-FMA ", x86, AVX2, "", false},
		{"avx512", []Level{Generic, AVX2}, AVX2, `BRAWN_KERNELS="avx512": kernels: level avx512 is not available on this CPU/build (available: [generic avx2-fma])`, true},
		{"neon", x86, AVX512, `BRAWN_KERNELS="neon": kernels: level neon is not available on this CPU/build (available: [generic avx2-fma avx512])`, true},
		{"bogus", []Level{Generic}, Generic, `BRAWN_KERNELS="bogus": kernels: unknown level "bogus" (available: [generic])`, false},
		{"bogus", x86, AVX512, `BRAWN_KERNELS="bogus": kernels: unknown level "bogus" (available: [generic avx2-fma avx512])`, false},
	} {
		got, err := envLevel(c.value, c.avail)
		assert.Equal(t, c.want, got, "%q on %v", c.value, c.avail)
		if c.err == "" {
			assert.Nil(t, err, "%q on %v", c.value, c.avail)
			continue
		}
		require.NotNil(t, err, "%q on %v", c.value, c.avail)
		assert.True(t, strings.HasPrefix(err.Error(), c.err), "%q on %v: %v", c.value, c.avail, err)
		assert.Equal(t, c.value, err.Value)
		assert.Equal(t, c.known, err.Known, "%q", c.value)
	}
}

// An unapplied BRAWN_KERNELS is said once, on stderr, at the first kernel
// call rather than at start-up, whichever kernel that is (one that goes
// through use, a reduction that inlines, SGEMM); not at all when the
// program silenced it with SetEnvWarning(nil), as cmd/brawn does, or
// chose its level with SetLevel first. EnvError reports it either way.
func TestEnvWarningAtFirstKernelCall(t *testing.T) {
	warning := "brawn: BRAWN_KERNELS: kernels: unknown level"
	for _, mode := range []string{"saxpy", "sum", "sgemm", "quiet", "setlevel"} {
		out, stderr := runKernelsChild(t, "^TestEnvWarningChild$", "BRAWN_KERNELS=bogus", "BRAWN_KERNELS_WARN_MODE="+mode)
		assert.Contains(t, out, `env-error=BRAWN_KERNELS="bogus": kernels: unknown level`, mode)
		lines := strings.SplitAfter(stderr, "\n")
		if mode == "quiet" || mode == "setlevel" {
			assert.Equal(t, "before the first kernel call\nafter it\nend\n", stderr, mode)
			continue
		}
		require.Len(t, lines, 5, "%s: stderr:\n%s", mode, stderr)
		assert.Equal(t, "before the first kernel call\n", lines[0], mode)
		assert.True(t, strings.HasPrefix(lines[1], warning), "%s: %q", mode, lines[1])
		assert.True(t, strings.HasSuffix(lines[1], "; using "+Best().String()+"\n"), "%s: %q", mode, lines[1])
		assert.Equal(t, []string{"after it\n", "end\n", ""}, lines[2:], mode)
	}
}

// TestEnvWarningChild is TestEnvWarningAtFirstKernelCall's child: it makes
// a first kernel call as BRAWN_KERNELS_WARN_MODE says, then more.
func TestEnvWarningChild(t *testing.T) {
	mode := os.Getenv("BRAWN_KERNELS_WARN_MODE")
	if os.Getenv("BRAWN_KERNELS_CHILD") == "" || mode == "" {
		t.Skip("run by TestEnvWarningAtFirstKernelCall")
	}
	fmt.Printf("env-error=%v\n", EnvError())
	x, y, c := []float32{1, 2}, []float32{3, 4}, make([]float32, 4)
	fmt.Fprintln(os.Stderr, "before the first kernel call")
	switch mode {
	case "saxpy":
		Saxpy(2, x, y)
	case "sum":
		Sum(x)
	case "sgemm":
		Sgemm(false, false, 2, 2, 1, 1, x, 1, y, 2, 0, c, 2)
	case "quiet":
		SetEnvWarning(nil)
		Saxpy(2, x, y)
	case "setlevel":
		require.NoError(t, SetLevel(Best()))
		Sum(x)
	}
	fmt.Fprintln(os.Stderr, "after it")
	Saxpy(2, x, y)
	Sum(x)
	Sgemm(false, false, 2, 2, 1, 1, x, 1, y, 2, 0, c, 2)
	fmt.Fprintln(os.Stderr, "end")
}
