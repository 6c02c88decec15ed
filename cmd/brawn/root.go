package main

import (
	"fmt"

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
		inner := c.RunE
		if inner == nil {
			continue
		}
		computes := computingCommands[c.Name()]
		output, writes := writingCommands[c.Name()]
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if writes {
				// Installed before any file is created, so that no
				// signal can end the command between the two.
				path := &outputPath{path: cmd.Flags().Lookup(output).Value.String()}
				cmd.SetContext(withOutputPath(cmd.Context(), path))
				stop := exitOnInterrupt(cmd.ErrOrStderr(), c.Name(), path)
				defer stop()
			}
			if computes {
				// Before any kernel call, which would have the library
				// warn that it runs on the best level instead: the
				// refusal is the one message.
				if err := kernelsEnvProblem(); err != nil {
					return fmt.Errorf("%s refused (it computes only on the kernel level asked for): %w", c.Name(), err)
				}
			}
			// The library's advice in an error, spelled as brawn's flags.
			return run.FlagAdvice(inner(cmd, args))
		}
	}
	return root
}
