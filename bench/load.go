package bench

import (
	"os"
	"strings"
)

// loadAverage returns the 1-, 5- and 15-minute load averages as Linux's
// /proc/loadavg gives them ("0.52 0.58 0.59"), or "" where there is no
// such file. A load above the number of CPUs means the figures were taken
// on a busy machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
