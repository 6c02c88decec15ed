package bench

import (
	"io"
	"runtime"
	"time"
)

// Machine is the first line `brawn bench --json` prints: the machine, the
// kernel levels, the date and the command, as the Markdown report's
// Machine and Commands sections give them, so that a file of results can
// be tied to the run that made it.
type Machine struct {
	Op          string   `json:"op"`           // "machine"
	CPU         string   `json:"cpu"`          // the CPU model
	Arch        string   `json:"arch"`         // GOARCH
	OS          string   `json:"os"`           // GOOS
	LogicalCPUs int      `json:"logical_cpus"` // as the OS reports them
	Features    []string `json:"features"`     // the CPU's SIMD features
	KernelLevel string   `json:"kernel_level"` // the level active when the suite was made
	Levels      []string `json:"levels"`       // the levels the suite times, up to KernelLevel
	Go          string   `json:"go"`           // runtime.Version()
	OpenBLAS    bool     `json:"openblas"`     // whether the build times OpenBLAS
	Date        string   `json:"date"`         // the run's start, RFC 3339 in UTC
	Command     string   `json:"command"`      // the command line
}

// Machine describes s's machine and run for a JSON report: date is when
// the run started, command its command line.
func (s *Suite) Machine(date time.Time, command string) Machine {
	ci := cpuInfo()
	levels := make([]string, len(s.levels))
	for i, l := range s.levels {
		levels[i] = l.String()
	}
	return Machine{Op: "machine", CPU: ci.Model(), Arch: ci.Arch, OS: runtime.GOOS, LogicalCPUs: ci.Cores, Features: ci.Features,
		KernelLevel: s.top().String(), Levels: levels, Go: runtime.Version(), OpenBLAS: OpenBLASAvailable,
		Date: date.UTC().Format(time.RFC3339), Command: command}
}

// WriteMachineJSON writes m as one line of JSON, as WriteJSON writes a
// Result.
func WriteMachineJSON(w io.Writer, m Machine) error { return writeJSONLine(w, m) }
