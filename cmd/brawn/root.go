package main

import (
	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/nn"
)

// newRootCmd is the brawn command tree; extra callbacks join the list of
// every training run (a program that embeds the commands, and the tests,
// observe and steer the runs with them).
func newRootCmd(extra ...nn.Callback) *cobra.Command {
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
	root.AddCommand(newTrainCmd(extra), newEvalCmd(), newPredictCmd(), newPlotCmd())
	root.AddCommand(newExportCmd())
	root.AddCommand(newBenchCmd())
	return root
}
