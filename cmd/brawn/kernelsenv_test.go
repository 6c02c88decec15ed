package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

// BRAWN_KERNELS naming no level, or one this CPU and build lack, makes
// train, eval, predict and bench exit with status 1 before they do any
// work (each is given arguments it would otherwise fail on, or an output
// it would write), naming the variable, its value and the levels there
// are, in their refusal alone: not after the library's warning that it
// runs on the best level, which brawn silences. info still runs and shows
// the problem. The library only warns (kernels' TestEnvWarningAtFirstKernelCall).
func TestUnappliedBrawnKernelsRefused(t *testing.T) {
	bin := brawnBinary(t)
	var lacking kernels.Level
	for _, l := range []kernels.Level{kernels.NEON, kernels.AVX2, kernels.AVX512} {
		if !slices.Contains(kernels.Available(), l) {
			lacking = l
			break
		}
	}
	require.NotEqual(t, kernels.Generic, lacking, "every level is available")
	levels := make([]string, 0, len(kernels.Available()))
	for _, l := range kernels.Available() {
		levels = append(levels, l.String())
	}
	have := fmt.Sprintf("; this CPU and build run %s: set one of those, or unset BRAWN_KERNELS for the best (%s)\n", strings.Join(levels, ", "), kernels.Best())
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	commands := [][]string{
		{"train", "--train", filepath.Join(dir, "missing.csv"), "--test-split", "0.2"},
		{"eval", "--model", filepath.Join(dir, "missing.safetensors"), "--data", "mnist"},
		{"predict", "--model", filepath.Join(dir, "missing.safetensors"), "--input", filepath.Join(dir, "missing.csv"), "--output", out},
		{"bench", "peak", "--samples", "0"},
	}
	for _, env := range []struct{ value, problem string }{
		{"none", `BRAWN_KERNELS="none" names no kernel level`},
		{strings.ToUpper(lacking.String()), fmt.Sprintf("BRAWN_KERNELS=%q asks for the %s kernels, which this CPU and build cannot run", strings.ToUpper(lacking.String()), lacking)},
	} {
		for _, args := range commands {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "BRAWN_KERNELS="+env.value)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "%v with BRAWN_KERNELS=%s: %v; stderr:\n%s", args, env.value, err, stderr.String())
			assert.Equal(t, 1, ee.ExitCode(), "%v with BRAWN_KERNELS=%s", args, env.value)
			refusal := "brawn: " + args[0] + " refused (it computes only on the kernel level asked for): "
			assert.Equal(t, refusal+env.problem+have, stderr.String(), "%v with BRAWN_KERNELS=%s", args, env.value)
			assert.Empty(t, stdout.String(), "%v with BRAWN_KERNELS=%s", args, env.value)
			assert.NoFileExists(t, out)
		}
		cmd := exec.Command(bin, "info")
		cmd.Env = append(os.Environ(), "BRAWN_KERNELS="+env.value)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		info, err := cmd.Output()
		require.NoError(t, err, "info with BRAWN_KERNELS=%s", env.value)
		assert.Empty(t, stderr.String(), "info with BRAWN_KERNELS=%s", env.value)
		assert.Contains(t, string(info), "\nwarning:   "+env.problem+strings.TrimSuffix(have, "\n")+"; until then train, eval, predict and bench refuse to run\n")
	}

	// An applied setting, and none, leave info without the warning.
	for _, env := range []string{"BRAWN_KERNELS=generic", "BRAWN_KERNELS="} {
		cmd := exec.Command(bin, "info")
		cmd.Env = append(os.Environ(), env)
		info, err := cmd.Output()
		require.NoError(t, err, env)
		assert.NotContains(t, string(info), "warning:", env)
	}
}
