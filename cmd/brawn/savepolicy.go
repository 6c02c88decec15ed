package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/model"
)

// monitors are the quantities --save-best can watch, with Keras's names:
// val_loss improves downwards, val_accuracy upwards.
var monitors = []string{"val_loss", "val_accuracy"}

// saveFlags are train's flags that say how often and what to save besides
// --save: they are outputs, not part of the recorded configuration.
type saveFlags struct {
	SaveEvery   int
	SaveBest    string
	Monitor     string
	SaveWeights string
}

func (s *saveFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&s.SaveEvery, "save-every", 1, "write --save every N epochs (and when the run ends or is interrupted)")
	fs.StringVar(&s.SaveBest, "save-best", "", "write the run here (a full checkpoint, as --save) after each epoch whose --monitor is the best so far, as Keras's ModelCheckpoint(save_best_only=True); needs --val-split")
	fs.StringVar(&s.Monitor, "monitor", "val_loss", "what --save-best watches: val_loss (lower is better) or val_accuracy (higher is better)")
	fs.StringVar(&s.SaveWeights, "save-weights", "", "when training ends, write the weights only here: the PyTorch state_dict with the architecture, scaling and class names, without the optimizer and resume state (about 1/3 of --save's size with adam); eval and predict read it, --resume does not")
}

// validate checks the save flags; t gives the rest of train's flags.
func (s *saveFlags) validate(t *trainFlags, changed func(string) bool) error {
	if s.SaveEvery <= 0 {
		return badFlag("save-every", s.SaveEvery, "must be a positive number of epochs")
	}
	if changed("save-every") && t.Save == "" {
		return badFlag("save-every", s.SaveEvery, "says how often --save writes; add --save FILE")
	}
	var err error
	if s.Monitor, err = oneOf("monitor", s.Monitor, append(monitors, "val_acc")...); err != nil {
		return err
	}
	if s.Monitor == "val_acc" {
		s.Monitor = "val_accuracy"
	}
	if changed("monitor") && s.SaveBest == "" {
		return badFlag("monitor", s.Monitor, "says what --save-best watches; add --save-best FILE")
	}
	if s.SaveBest != "" && t.ValSplit == 0 {
		return badFlag("save-best", s.SaveBest, "watches the validation %s: add --val-split, e.g. --val-split 0.1", s.Monitor)
	}
	outs := []struct{ name, path string }{{"save", t.Save}, {"save-best", s.SaveBest}, {"save-weights", s.SaveWeights}, {"json", t.JSON}, {"plot", t.Plot}}
	for _, a := range outs[1:3] {
		if a.path == "" {
			continue
		}
		if err := checkOutputDir(a.name, a.path); err != nil {
			return err
		}
		for _, b := range outs {
			if b.name != a.name && b.path != "" && samePath(a.path, b.path) {
				return badFlag(a.name, a.path, "is also the --%s file; give each output its own file", b.name)
			}
		}
	}
	if s.SaveWeights != "" && t.Resume != "" && samePath(s.SaveWeights, t.Resume) {
		return badFlag("save-weights", s.SaveWeights, "is the --resume checkpoint; a weights-only file in its place could not be resumed")
	}
	return nil
}

// checkInputs refuses a --save-best or --save-weights that is one of
// the data files.
func (s *saveFlags) checkInputs(df *dataFlags) error {
	for _, out := range []struct{ name, path string }{{"save-best", s.SaveBest}, {"save-weights", s.SaveWeights}} {
		for _, in := range []struct{ name, path string }{{"train", df.Train}, {"test", df.Test}, {"train-labels", df.TrainLabels}, {"test-labels", df.TestLabels}} {
			if out.path != "" && in.path != "" && samePath(out.path, in.path) {
				return badFlag(out.name, out.path, "is the --%s data file; writing it would overwrite the data", in.name)
			}
		}
	}
	return nil
}

// saveWeights writes --save-weights, the weights-only file, at the end of
// a run.
func (r *trainRun) saveWeights() error {
	if r.tf.SaveWeights == "" {
		return nil
	}
	if err := model.Save(r.tf.SaveWeights, model.WeightsOnly(r.snapshot())); err != nil {
		return fmt.Errorf("--save-weights: %w", err)
	}
	if !r.tf.Quiet {
		fmt.Fprintf(r.out, "saved the weights to %s\n", r.tf.SaveWeights)
	}
	return nil
}
