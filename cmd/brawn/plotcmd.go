package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

func newPlotCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "plot MODEL.safetensors|DIR",
		Short: "Draw a saved run's loss/accuracy curves and weight histograms as PNG",
		Long: `Draw the loss and accuracy curves of a run saved by brawn train --save (its
checkpoint records every epoch's metrics) and a histogram of each of the
model's tensors, into a PNG file. Given a directory, it plots the newest
.safetensors file in it.`,
		Example: `  brawn plot run.safetensors              # writes run.png
  brawn plot runs/ --output latest.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := newestModel(args[0])
			if err != nil {
				return err
			}
			if output == "" {
				output = strings.TrimSuffix(path, filepath.Ext(path)) + ".png"
			}
			if !strings.EqualFold(filepath.Ext(output), ".png") {
				return badFlag("output", output, "must name a .png file")
			}
			m, err := loadModel(path)
			if err != nil {
				return err
			}
			if len(m.History) == 0 {
				return fmt.Errorf("%s records no finished epoch to plot", path)
			}
			net, err := m.network()
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			var hists []namedValues
			for _, p := range net.Params() {
				hists = append(hists, namedValues{Name: p.Name, Values: p.Value.Data})
			}
			if err := writePlot(output, m.History, hists); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d epochs, %d tensors)\n", output, len(m.History), len(hists))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "the PNG file (default: the model's name with .png)")
	return cmd
}

// newestModel returns path itself, or for a directory its most recently
// modified .safetensors file.
func newestModel(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return path, nil
	}
	files, err := filepath.Glob(filepath.Join(path, "*.safetensors"))
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", errors.New(path + ": no .safetensors file to plot (train with --save DIR/run.safetensors)")
	}
	mod := func(f string) int64 {
		if s, err := os.Stat(f); err == nil {
			return s.ModTime().UnixNano()
		}
		return 0
	}
	return slices.MaxFunc(files, func(a, b string) int { return cmp.Compare(mod(a), mod(b)) }), nil
}
