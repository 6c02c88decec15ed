package main

import (
	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
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
	for _, c := range root.Commands() {
		if run := c.RunE; run != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error { return flagAdvice(run(cmd, args)) }
		}
	}
	return root
}

// flagAdvice spells the library's advice in an error as brawn's flags.
func flagAdvice(err error) error {
	if err == nil {
		return nil
	}
	return run.FlagAdvice(err)
}
