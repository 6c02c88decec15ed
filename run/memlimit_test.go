package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The limits are read from the texts Linux gives: MemAvailable's line,
// the cgroup v2 path, memory.max ("max": none) less memory.current, and
// the smallest limit is the one kept, with what sets it.
func TestMemoryLimitTexts(t *testing.T) {
	b, ok := memAvailable("MemTotal:       24000000 kB\nMemFree:         1000 kB\nMemAvailable:   20000000 kB\n")
	assert.True(t, ok)
	assert.Equal(t, 20000000*1024.0, b)
	_, ok = memAvailable("MemTotal: 1 kB\n")
	assert.False(t, ok)

	dir, ok := cgroupDir("0::/user.slice/user-0.slice/session-1.scope\n")
	assert.True(t, ok)
	assert.Equal(t, "/user.slice/user-0.slice/session-1.scope", dir)
	dir, ok = cgroupDir("0::/\n")
	assert.True(t, ok)
	assert.Equal(t, "/", dir)
	_, ok = cgroupDir("12:memory:/docker/abc\n") // cgroup v1 only
	assert.False(t, ok)

	b, ok = cgroupRoom("2147483648\n", "536870912\n")
	assert.True(t, ok)
	assert.Equal(t, 1610612736.0, b)
	_, ok = cgroupRoom("max\n", "536870912\n")
	assert.False(t, ok)
	_, ok = cgroupRoom("", "")
	assert.False(t, ok)
	b, ok = cgroupRoom("100\n", "200\n") // over its limit already
	assert.True(t, ok)
	assert.Zero(t, b)

	l, ok := tightest([]memoryLimit{{3e9, "a"}, {1e9, "b"}, {2e9, "c"}})
	assert.True(t, ok)
	assert.Equal(t, memoryLimit{1e9, "b"}, l)
	_, ok = tightest(nil)
	assert.False(t, ok)
}

// The room under an address-space limit is the limit less VmSize.
func TestRoomUnder(t *testing.T) {
	b, ok := roomUnder(6e9, "Name:\tbrawn\nVmPeak:\t 2000000 kB\nVmSize:\t 1000000 kB\n")
	assert.True(t, ok)
	assert.Equal(t, 6e9-1000000*1024, b)
	_, ok = roomUnder(6e9, "Name:\tbrawn\n")
	assert.False(t, ok)
	b, ok = roomUnder(1e6, "VmSize:\t 1000000 kB\n")
	assert.True(t, ok)
	assert.Zero(t, b)
}
