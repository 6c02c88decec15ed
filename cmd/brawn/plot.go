package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
	"github.com/brawn-ml/brawn/runplot"
	"github.com/brawn-ml/brawn/tensorboard"
)

func newPlotCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "plot RUN",
		Short: "Draw a run's loss/accuracy curves and weight histograms as PNG",
		Long: `Draw the loss and accuracy curves per epoch of a run (for a regression,
the loss and the R², MSE and MAE curves) and a histogram of each of its
weight and bias tensors into a PNG file. RUN is one of:

  a directory written by brawn train --logdir (its TensorBoard event files;
  the histograms are the last epoch's);
  a model saved by brawn train --save (its checkpoint records every epoch's
  metrics; the histograms are of its tensors);
  a directory of such models (the newest is drawn).

An event file whose last record is incomplete (the run was killed, or is
still running, while writing it) is drawn up to that record, with a warning;
an epoch recorded only in part is drawn with the metrics it has; a weight
histogram holding a count, limit, min, max or num that is not finite (or a
negative count) is left out with a warning. A record that does not match its
checksum is an error naming the file and its byte offset.`,
		Example: `  brawn plot runs/mnist                  # writes runs/mnist/brawn.png
  brawn plot run.safetensors              # writes run.png
  brawn plot runs/mnist --output curves.png`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("brawn plot needs one RUN, got %d: a --logdir directory, a model saved by --save, or a directory of models (e.g. brawn plot run.safetensors)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "" && !strings.EqualFold(filepath.Ext(output), ".png") {
				return run.BadField("output", output, "must name a .png file")
			}
			if err := run.CheckOutputFile("output", output); err != nil {
				return err
			}
			scalars, hists, defaultOut, err := loadRun(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if output == "" {
				output = defaultOut
				setOutputPath(cmd.Context(), output) // for an interrupt's line
			}
			epochs := len(tensorboard.EpochSteps(scalars))
			if epochs == 0 {
				return fmt.Errorf("%s records no finished epoch to plot", args[0])
			}
			if err := runplot.Write(output, scalars, hists); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%s, %s)\n", output, run.Plural(epochs, "epoch"), run.Plural(len(hists), "histogram"))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "the PNG file (default: brawn.png in a log directory, else the model's name with .png)")
	return cmd
}

// loadRun reads what brawn plot draws from a log directory or a model:
// the curves as scalars by TensorBoard tag, the histograms, and the
// default output path. Warnings go to warn.
func loadRun(path string, warn io.Writer) (map[string][]tensorboard.Scalar, []runplot.Histogram, string, error) {
	if events, _ := filepath.Glob(filepath.Join(path, "events.out.tfevents.*")); len(events) > 0 {
		scalars, hists, err := readLogdir(path, warn)
		return scalars, hists, filepath.Join(path, "brawn.png"), err
	}
	modelPath, err := newestModel(path)
	if err != nil {
		return nil, nil, "", err
	}
	m, err := model.Load(modelPath)
	if err != nil {
		return nil, nil, "", err
	}
	return callbacks.HistoryScalars(m.History), run.ParamHistograms(m.Net), strings.TrimSuffix(modelPath, filepath.Ext(modelPath)) + ".png", nil
}

// readLogdir reads the event files brawn train --logdir wrote in dir: the
// scalars, and the last epoch's weight histograms in state_dict order,
// titled "<name> (epoch <n>)". Warnings (an incomplete last record, a
// histogram that cannot be drawn) go to warn.
func readLogdir(dir string, warn io.Writer) (map[string][]tensorboard.Scalar, []runplot.Histogram, error) {
	run, err := tensorboard.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	last, skipped := run.LastHistograms(tensorboard.WeightsPrefix)
	for _, w := range append(run.Warnings, skipped...) {
		fmt.Fprintf(warn, "warning: %s\n", w)
	}
	names := make([]string, 0, len(last))
	for tag := range last {
		names = append(names, strings.TrimPrefix(tag, tensorboard.WeightsPrefix))
	}
	slices.SortFunc(names, model.CompareTensorNames)
	hists := make([]runplot.Histogram, len(names))
	for i, name := range names {
		p := last[tensorboard.WeightsPrefix+name]
		hists[i] = runplot.Histogram{Title: fmt.Sprintf("%s (epoch %d)", name, p.Step), Binned: p.Histogram}
	}
	return run.Scalars, hists, nil
}

// newestModel returns path itself, or for a directory its most recently
// modified .safetensors file.
func newestModel(path string) (string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("RUN %s does not exist: give a --logdir directory, a model saved by --save, or a directory of models", path)
	}
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
		return "", errors.New(path + ": neither TensorBoard event files nor .safetensors models to plot (train with --logdir DIR or --save FILE)")
	}
	mod := func(f string) int64 {
		if s, err := os.Stat(f); err == nil {
			return s.ModTime().UnixNano()
		}
		return 0
	}
	return slices.MaxFunc(files, func(a, b string) int { return cmp.Compare(mod(a), mod(b)) }), nil
}
