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
