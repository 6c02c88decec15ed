package kernels

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{
		"generic": Generic, "purego": Generic, " Go ": Generic,
		"avx2": AVX2, "AVX2-FMA": AVX2, "avx2fma": AVX2,
		"neon": NEON, "asimd": NEON,
		"avx512": AVX512, "AVX-512": AVX512,
	} {
		got, err := ParseLevel(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "sse", "avx512f", "avx1024", "neon2"} {
		_, err := ParseLevel(bad)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "unknown level", bad)
	}
	for _, l := range []Level{Generic, AVX2, NEON, AVX512} {
		back, err := ParseLevel(l.String())
		require.NoError(t, err)
		assert.Equal(t, l, back)
	}
	assert.Equal(t, "Level(9)", Level(9).String())
}

func TestSetLevel(t *testing.T) {
	prev := Active()
	t.Cleanup(func() { require.NoError(t, SetLevel(prev)) })
	avail := Available()
	require.NotEmpty(t, avail)
	assert.Equal(t, Generic, avail[0], "generic is always available and first")
	assert.Equal(t, avail[len(avail)-1], Best())
	for _, l := range avail {
		require.NoError(t, SetLevel(l))
		assert.Equal(t, l, Active())
	}
	// Every build lacks at least one of AVX2 and NEON: forcing a level
	// the CPU or build lacks fails with a clear error and leaves the
	// active level alone.
	require.NoError(t, SetLevel(Generic))
	for _, l := range []Level{AVX2, NEON, AVX512, Level(7)} {
		if contains(avail, l) {
			continue
		}
		err := SetLevel(l)
		require.Error(t, err, l.String())
		assert.Contains(t, err.Error(), "not available", l.String())
		assert.Contains(t, err.Error(), l.String())
		assert.Equal(t, Generic, Active())
	}
	require.Error(t, SetLevelString("bogus"))
	require.NoError(t, SetLevelString("generic"))
	assert.Equal(t, Generic, Active())
}

func contains(ls []Level, l Level) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// TestBrawnKernelsEnv re-runs this test binary with BRAWN_KERNELS set and
// checks the level the child starts on (TestBrawnKernelsChild reports it).
func TestBrawnKernelsEnv(t *testing.T) {
	if os.Getenv("BRAWN_KERNELS_CHILD") != "" {
		t.Skip("in the child")
	}
	cases := []struct {
		env, want, stderr string
	}{
		{"generic", "level=generic", ""},
		{"bogus", "level=" + Best().String(), "BRAWN_KERNELS: kernels: unknown level"},
		{"", "level=" + Best().String(), ""},
	}
	// A level this build lacks falls back to the best one, with a message.
	for _, l := range []Level{AVX2, NEON, AVX512} {
		if !contains(Available(), l) {
			cases = append(cases, struct{ env, want, stderr string }{l.String(), "level=" + Best().String(), "not available"})
		}
	}
	// Every level this build has can be forced.
	for _, l := range Available() {
		cases = append(cases, struct{ env, want, stderr string }{l.String(), "level=" + l.String(), ""})
	}
	for _, c := range cases {
		out, stderr := runKernelsChild(t, "^TestBrawnKernelsChild$", "BRAWN_KERNELS="+c.env)
		assert.Contains(t, out, c.want, "BRAWN_KERNELS=%q", c.env)
		if c.stderr != "" {
			assert.Contains(t, stderr, c.stderr, "BRAWN_KERNELS=%q", c.env)
			assert.Contains(t, out, fmt.Sprintf("env-error=BRAWN_KERNELS=%q: kernels: ", c.env), "BRAWN_KERNELS=%q", c.env)
			// Known (and Level) tell a level this build lacks from no level.
			known := "env-known=false\n"
			if c.stderr == "not available" {
				known = "env-known=true env-level=" + c.env + "\n"
			}
			assert.Contains(t, out, known, "BRAWN_KERNELS=%q", c.env)
		} else {
			assert.NotContains(t, stderr, "BRAWN_KERNELS", "BRAWN_KERNELS=%q", c.env)
			assert.Contains(t, out, "env-error=<nil>\n", "BRAWN_KERNELS=%q", c.env)
		}
	}
}

// TestBrawnKernelsChild prints the level the process started on, then
// computes (after which the library has warned of an unapplied
// BRAWN_KERNELS); it only does something when TestBrawnKernelsEnv runs it.
func TestBrawnKernelsChild(t *testing.T) {
	if os.Getenv("BRAWN_KERNELS_CHILD") == "" {
		t.Skip("run by TestBrawnKernelsEnv")
	}
	fmt.Printf("level=%s\nenv-error=%v\n", Active(), EnvError())
	var e *EnvLevelError
	if errors.As(EnvError(), &e) && e.Known {
		fmt.Printf("env-known=true env-level=%s\n", e.Level)
	} else if e != nil {
		fmt.Println("env-known=false")
	}
	Saxpy(1, []float32{1}, []float32{2})
}

// runKernelsChild runs this test binary's tests matching run in a child
// process with env added to its environment and BRAWN_KERNELS_CHILD set,
// and returns what it printed; it skips t where the binary cannot be run
// again.
func runKernelsChild(t *testing.T, run string, env ...string) (stdout, stderr string) {
	t.Helper()
	argv := []string{os.Args[0], "-test.run=" + run, "-test.v"}
	if err := exec.Command(os.Args[0], "-test.run=^$").Run(); errors.Is(err, syscall.ENOEXEC) && runtime.GOARCH == "arm64" {
		// Under qemu-user without binfmt_misc the binary must be started
		// through the emulator again.
		if q, err := exec.LookPath("qemu-aarch64-static"); err == nil {
			argv = append([]string{q}, argv...)
		}
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append(os.Environ(), "BRAWN_KERNELS_CHILD=1"), env...)
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if errors.Is(err, syscall.ENOEXEC) || errors.Is(err, syscall.EACCES) {
		t.Skipf("cannot re-execute the test binary here (emulated?): %v", err)
	}
	require.NoError(t, err, "child with %v: %s%s", env, out, errb.String())
	return string(out), errb.String()
}
