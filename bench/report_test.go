package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

// A CPU that reports no model name (arm64 under qemu) is an unknown CPU
// in the reports, not an empty name before a comma.
func TestReportsNameAnUnknownCPU(t *testing.T) {
	defer func(f func() kernels.CPUInfo) { cpuInfo = f }(cpuInfo)
	cpuInfo = func() kernels.CPUInfo {
		return kernels.CPUInfo{Arch: "arm64", Cores: 2, Level: kernels.NEON, Levels: []kernels.Level{kernels.Generic, kernels.NEON}}
	}
	s := NewSuite(Config{Samples: 3})
	var text, md bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.True(t, strings.HasPrefix(text.String(), "unknown CPU, 2 logical CPUs, kernels neon."), text.String())
	require.NoError(t, s.WriteMarkdown(&md, time.Now(), nil, ""))
	assert.Contains(t, md.String(), "\n- CPU: unknown CPU (")
	assert.Contains(t, md.String(), "/arm64), 2 logical CPUs\n")
}
