package main

import (
	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "brawn",
		Short:         "Train neural networks fast on the CPU",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionText(),
	}
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(suggestFlag)
	root.AddCommand(newInfoCmd(), newVersionCmd())
	root.AddCommand(newTrainCmd(), newEvalCmd(), newPredictCmd(), newPlotCmd())
	root.AddCommand(newExportCmd())
	root.AddCommand(newBenchCmd())
	return root
}
