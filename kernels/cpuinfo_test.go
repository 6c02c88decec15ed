package kernels

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCPUInfoModel(t *testing.T) {
	assert.Equal(t, "unknown CPU", CPUInfo{Arch: "arm64"}.Model(), "no model name (arm64 under qemu)")
	assert.Equal(t, "Neoverse-N1", CPUInfo{Brand: "Neoverse-N1"}.Model())
}
