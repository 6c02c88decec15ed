package run

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// memoryLimit is an amount of memory a process may still take, in bytes,
// and what sets it, for a message.
type memoryLimit struct {
	bytes  float64
	source string
}

// availableMemory returns the tightest of the limits on the memory this
// process may still take: the system's (Linux's MemAvailable), its
// cgroup's (memory.max less memory.current, as a container's --memory
// sets them) and its address-space limit (ulimit -v, less the address
// space it has). Past any of them the process dies of the out-of-memory
// killer or a runtime fatal error. It reports false where none is known.
func availableMemory() (memoryLimit, bool) {
	var limits []memoryLimit
	if b, ok := memAvailable(readText("/proc/meminfo")); ok {
		limits = append(limits, memoryLimit{b, "MemAvailable in /proc/meminfo"})
	}
	if dir, ok := cgroupDir(readText("/proc/self/cgroup")); ok {
		dir = filepath.Join("/sys/fs/cgroup", dir)
		if b, ok := cgroupRoom(readText(filepath.Join(dir, "memory.max")), readText(filepath.Join(dir, "memory.current"))); ok {
			limits = append(limits, memoryLimit{b, "the cgroup's memory.max less its memory.current, " + dir})
		}
	}
	if lim, ok := addressSpaceLimit(); ok {
		if b, ok := roomUnder(lim, readText("/proc/self/status")); ok {
			limits = append(limits, memoryLimit{b, "the address-space limit, ulimit -v, less what the process has"})
		}
	}
	return tightest(limits)
}

// tightest returns the smallest of limits, or false when there is none.
func tightest(limits []memoryLimit) (memoryLimit, bool) {
	if len(limits) == 0 {
		return memoryLimit{}, false
	}
	t := limits[0]
	for _, l := range limits[1:] {
		if l.bytes < t.bytes {
			t = l
		}
	}
	return t, true
}

// readText returns the file's text, or "" when it cannot be read.
func readText(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// memAvailable returns MemAvailable from the text of /proc/meminfo.
func memAvailable(meminfo string) (float64, bool) { return kbField(meminfo, "MemAvailable:") }

// kbField returns the value of the "name value kB" line of text, in
// bytes.
func kbField(text, name string) (float64, bool) {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == name && f[2] == "kB" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

// cgroupDir returns the process's cgroup v2 directory, relative to the
// cgroup root, from the text of /proc/self/cgroup (its "0::/path" line).
func cgroupDir(text string) (string, bool) {
	for line := range strings.Lines(text) {
		if path, ok := strings.CutPrefix(strings.TrimSpace(line), "0::"); ok && path != "" {
			return path, true
		}
	}
	return "", false
}

// cgroupRoom returns memory.max less memory.current, from their texts;
// false when there is no limit ("max") or either cannot be read.
func cgroupRoom(max, current string) (float64, bool) {
	m, err := strconv.ParseFloat(strings.TrimSpace(max), 64)
	if err != nil {
		return 0, false // "max", or unreadable
	}
	c, err := strconv.ParseFloat(strings.TrimSpace(current), 64)
	if err != nil {
		return 0, false
	}
	return math.Max(m-c, 0), true
}

// roomUnder returns limit less VmSize in status (the text of
// /proc/self/status), at least 0.
func roomUnder(limit float64, status string) (float64, bool) {
	size, ok := kbField(status, "VmSize:")
	if !ok {
		return 0, false
	}
	return math.Max(limit-size, 0), true
}
