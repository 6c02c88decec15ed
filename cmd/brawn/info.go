package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/kernels"
)

// cpuInfo describes the machine for info; a variable so that tests can
// give a CPU without a model name.
var cpuInfo = kernels.Info

func newInfoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "info",
		Short: "Print the CPU's features, cache sizes, kernel level and threads",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ci := cpuInfo()
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "cpu:       %s (%s, %d logical CPUs)\n", ci.Model(), ci.Arch, ci.Cores)
			fmt.Fprintf(w, "features:  %s\n", strings.Join(ci.Features, " "))
			fmt.Fprintf(w, "caches:    L1d %s, L2 %s, L3 %s\n", size(ci.L1D), size(ci.L2), size(ci.L3))
			levels := make([]string, len(ci.Levels))
			for i, l := range ci.Levels {
				levels[i] = l.String()
			}
			if best := ci.Levels[len(ci.Levels)-1]; ci.Level != best { // Levels ascend
				fmt.Fprintf(w, "kernels:   %s (forced by BRAWN_KERNELS; the best here: %s; available: %s)\n", ci.Level, best, strings.Join(levels, ", "))
			} else {
				fmt.Fprintf(w, "kernels:   %s (available: %s; set BRAWN_KERNELS to force)\n", ci.Level, strings.Join(levels, ", "))
			}
			if err := kernelsEnvProblem(); err != nil {
				fmt.Fprintf(w, "warning:   %s\n", kernelsEnvWarning(err))
			}
			fmt.Fprintf(w, "threads:   %d (GOMAXPROCS)\n", runtime.GOMAXPROCS(0))
			return nil
		},
	}
}

func size(b int) string {
	switch {
	case b <= 0:
		return "unknown"
	case b >= 1<<20:
		return fmt.Sprintf("%d MiB", b>>20)
	default:
		return fmt.Sprintf("%d KiB", b>>10)
	}
}
