package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

// A CPU that reports no model name (arm64 under qemu) is an unknown CPU.
func TestInfoNamesAnUnknownCPU(t *testing.T) {
	defer func(f func() kernels.CPUInfo) { cpuInfo = f }(cpuInfo)
	cpuInfo = func() kernels.CPUInfo {
		return kernels.CPUInfo{Arch: "arm64", Cores: 2, Level: kernels.NEON, Levels: []kernels.Level{kernels.Generic, kernels.NEON}}
	}
	out, _, err := runCLI(context.Background(), "info")
	require.NoError(t, err)
	assert.Contains(t, out, "cpu:       unknown CPU (arm64, 2 logical CPUs)\n")
}

// A level below the best (BRAWN_KERNELS=avx2 on an AVX-512 CPU) is said
// to be forced, with the best; the best is said to be forceable.
func TestInfoSaysALevelIsForced(t *testing.T) {
	defer func(f func() kernels.CPUInfo) { cpuInfo = f }(cpuInfo)
	levels := []kernels.Level{kernels.Generic, kernels.AVX2, kernels.AVX512}
	for _, c := range []struct {
		level kernels.Level
		want  string
	}{
		{kernels.AVX2, "kernels:   avx2-fma (forced by BRAWN_KERNELS; the best here: avx512; available: generic, avx2-fma, avx512)\n"},
		{kernels.AVX512, "kernels:   avx512 (available: generic, avx2-fma, avx512; set BRAWN_KERNELS to force)\n"},
	} {
		cpuInfo = func() kernels.CPUInfo {
			return kernels.CPUInfo{Arch: "amd64", Cores: 2, Level: c.level, Levels: levels}
		}
		out, _, err := runCLI(context.Background(), "info")
		require.NoError(t, err)
		assert.Contains(t, out, c.want)
	}
}
