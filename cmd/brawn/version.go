package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/kernels"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print brawn's version, VCS revision, Go version and kernel level",
		Long: `Print brawn's module version, the VCS revision it was built from, the Go
version and platform, and the kernel level chosen for this CPU (what
brawn --version prints).

The revision is recorded by go build and go install inside a git checkout;
go run, go test, builds with -buildvcs=false and go install of a released
version (whose module version names it) record none. A build from a source
archive names its version with go build -ldflags "-X main.version=v1.2.3".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText())
			return err
		},
	}
}

// version is the version a packager's build names, with go build -ldflags
// "-X main.version=v1.2.3": a build outside a module download (a source
// archive, a checkout) records only "(devel)".
var version string

// versionText describes the running binary, one "name: value" line per item
// after the first.
func versionText() string {
	bi, _ := debug.ReadBuildInfo() // nil when the binary carries none
	return formatVersion(version, bi, kernels.Active(), kernelsEnvProblem())
}

// formatVersion describes a build from the version set at link time
// (preferred when not empty), its build information (nil when the binary
// carries none), the active kernel level and what is wrong with
// BRAWN_KERNELS (envProblem, nil when nothing is), which would otherwise
// go unseen: the level printed is the best one, which commands that
// compute refuse to use until BRAWN_KERNELS is mended.
func formatVersion(stamped string, bi *debug.BuildInfo, level kernels.Level, envProblem error) string {
	name := "unknown"
	var revision, when string
	modified := false
	if bi != nil {
		name = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if stamped != "" {
		name = stamped
	}
	var b strings.Builder
	fmt.Fprintf(&b, "brawn %s\n", name)
	if revision == "" {
		b.WriteString("revision: not recorded (go build records it inside a git checkout, unless -buildvcs=false)\n")
	} else {
		var notes []string
		if when != "" {
			notes = append(notes, when)
		}
		if modified {
			notes = append(notes, "with uncommitted changes")
		}
		fmt.Fprintf(&b, "revision: %s", revision)
		if len(notes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(notes, ", "))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "go:       %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "kernels:  %s\n", level)
	if envProblem != nil {
		fmt.Fprintf(&b, "warning:  %s\n", kernelsEnvWarning(envProblem))
	}
	return b.String()
}
