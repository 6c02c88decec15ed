package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

func errWeightsOnly(path string) error {
	return fmt.Errorf("%s holds weights only (written by --save-weights or brawn export), without the optimizer state and position a run needs to continue; resume from the full checkpoint that --save wrote", path)
}

func newExportCmd() *cobra.Command {
	var modelPath, output string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the weights of a checkpoint without its training state",
		Long: `Write a weights-only copy of a checkpoint saved by brawn train: the PyTorch
state_dict with the metadata eval and predict need (the architecture and
its PyTorch module string, the feature scaling, the class names, the
training flags and the training data's checksum), without the optimizer, schedule and generator state
(the "brawn.state." entries) and the per-epoch history. With adam the
state holds two tensors per weight, so the copy is about a third of the
size. eval and predict read it; --resume does not.`,
		Example: `  brawn export --model run.safetensors -o weights.safetensors`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if modelPath == "" {
				return errors.New("--model FILE is required: a model saved by brawn train --save")
			}
			if output == "" {
				return errors.New("--output FILE is required: where to write the weights")
			}
			if run.SamePath(modelPath, output) {
				return run.BadField("output", output, "is the --model file; writing the weights over it would lose its training state")
			}
			if err := run.CheckOutputFile("output", output); err != nil {
				return err
			}
			lock, err := run.LockOutput("output", output)
			if err != nil {
				return err
			}
			defer lock.Unlock()
			m, err := model.Load(modelPath)
			if err != nil {
				return err
			}
			if err := model.Save(output, model.WeightsOnly(m)); err != nil {
				return err
			}
			before, errB := os.Stat(modelPath)
			after, errA := os.Stat(output)
			if errB == nil && errA == nil {
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d bytes (%s: %d bytes)\n", output, after.Size(), modelPath, before.Size())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&modelPath, "model", "", "the checkpoint (safetensors, from brawn train --save)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "the weights-only file to write")
	return cmd
}
