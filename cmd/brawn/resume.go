package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

// freeOnResume are recorded flags that a resumed run may change: how long
// to train and the cosine schedule's horizon with it (resumeSchedule), how
// the run is executed (the threads, on which results do not depend, and
// --distributed, see distributedLeaves), and where the data files are now.
var freeOnResume = map[string]bool{
	"epochs": true, "t-max": true, "threads": true, "distributed": true, "mnist-dir": true,
	"train": true, "test": true, "train-labels": true, "test-labels": true, "val": true, "val-labels": true,
}

// notRestored are the freeOnResume flags that a resumed run does not take
// from its checkpoint when they are not given: the saved thread count may
// exceed this machine's CPUs, and a run saved on MPI ranks resumes in one
// process as well (without an MPI build).
var notRestored = map[string]bool{"threads": true, "distributed": true}

// distributedLeaves returns the leaf size (run.Config.Leaf) of a resumed
// run that is not given --distributed: nn.DefaultLeaf when its checkpoint
// records --distributed, so that one process computes each batch in the
// leaves the ranks computed and the run continues as on any number of
// ranks; 0 (whole batches) otherwise.
func distributedLeaves(m *model.Model, distributed bool) int {
	if saved, _ := strconv.ParseBool(m.Config["distributed"]); saved && !distributed {
		return nn.DefaultLeaf
	}
	return 0
}

// applySavedFlags makes a resumed run use the configuration recorded in
// its checkpoint: flags not given take the saved value; a flag given with a
// different value is refused, since the run could not continue exactly.
func applySavedFlags(fs *pflag.FlagSet, m *model.Model, path string) error {
	if m.WeightsOnly {
		return errWeightsOnly(path)
	}
	if m.Config == nil {
		return fmt.Errorf("%s records no training configuration (metadata %q), so it cannot be resumed", path, model.MetaConfig)
	}
	if err := testFileOnResume(fs, m, path); err != nil {
		return err
	}
	if err := valFileOnResume(fs, m, path); err != nil {
		return err
	}
	if f := fs.Lookup("model"); f != nil && f.Changed && m.Config["model"] == "" {
		return fmt.Errorf("%s holds the --layers network %s (%s); resume it without --model: a resumed run keeps its network", path, m.ArchString(), m.PyTorch())
	}
	for _, name := range slices.Sorted(maps.Keys(m.Config)) {
		f := fs.Lookup(name)
		if f == nil || run.OutputFields[name] {
			continue
		}
		saved := m.Config[name]
		if notRestored[name] && !f.Changed {
			continue
		}
		if f.Changed {
			if name == "model" {
				// The same network may be spelled many ways (print(model)'s
				// keywords, @FILE, (3, 3) for 3): run's setup compares the
				// network --model builds with the checkpoint's.
				continue
			}
			given := f.Value.String()
			if saved == f.DefValue && noWeights(name, given, m.NumClasses()) {
				if err := fs.Set(name, saved); err != nil {
					return err
				}
				f.Changed = false
				continue
			}
			if !freeOnResume[name] && !sameFlagValue(given, saved) {
				return fmt.Errorf("--%s %q differs from the run saved in %s (%s); a resumed run keeps its configuration, so drop --%s or start a new run", name, f.Value.String(), path, savedValue(f, saved), name)
			}
			continue
		}
		if saved == f.Value.String() {
			continue
		}
		if err := fs.Set(name, saved); err != nil {
			why, ok := mustBe(f)
			if !ok {
				why = err.Error()
			}
			return fmt.Errorf("%s: metadata %q records --%s %q, which is not valid: %s", path, model.MetaConfig, name, saved, why)
		}
		if err := run.RecordedFileMissing(path, name, saved); err != nil {
			return err
		}
	}
	return unrecordedFlagGiven(fs, m, path)
}

// newerFlags are recorded flags added to brawn train after it first
// wrote checkpoints: one that records no value for such a flag was
// written by a brawn without it, whose run went as the flag's default
// goes.
var newerFlags = map[string]bool{
	"early-stop-monitor": true, "early-stop-mode": true, "early-stop-min-delta": true,
	"early-stop-baseline": true, "early-stop-start-from-epoch": true, "early-stop-restore": true,
	"plateau-cooldown": true, "plateau-min-lr": true, "plateau-threshold": true, "plateau-threshold-mode": true,
	"val": true, "val-labels": true, "clip-value": true,
}

// unrecordedFlagGiven refuses one of newerFlags given, other than its
// default, that the checkpoint records no value for (--early-stop-restore
// for a checkpoint of an older brawn): another value would change the run
// that is resumed.
func unrecordedFlagGiven(fs *pflag.FlagSet, m *model.Model, path string) error {
	var err error
	fs.Visit(func(f *pflag.Flag) {
		_, recorded := m.Config[f.Name]
		if err != nil || recorded || !newerFlags[f.Name] || sameFlagValue(f.Value.String(), f.DefValue) {
			return
		}
		err = fmt.Errorf("--%s %q: the run saved in %s records no --%s (a brawn before the flag was written it), so it ran as the default %q does; a resumed run keeps its configuration, so drop --%s or start a new run",
			f.Name, f.Value.String(), path, f.Name, f.DefValue, f.Name)
	})
	return err
}

// testFileOnResume refuses a --test for a run that held its test set out
// of --train: --test may say where a run's test file is now, but not
// replace the recorded --test-split.
func testFileOnResume(fs *pflag.FlagSet, m *model.Model, path string) error {
	f := fs.Lookup("test")
	split := m.Config["test-split"]
	if f == nil || !f.Changed || f.Value.String() == "" || split == "" || sameFlagValue(split, "0") {
		return nil
	}
	return fmt.Errorf("--test %q: the run saved in %s holds out its test set from --train with --test-split %s; a resumed run keeps its configuration, so drop --test or start a new run", f.Value.String(), path, split)
}

// valFileOnResume refuses a --val that adds or drops the validation file:
// --val may say where a run's validation file is now, as --train and
// --test may, but a run without one (none, or --val-split) keeps having
// none, and one with one keeps it.
func valFileOnResume(fs *pflag.FlagSet, m *model.Model, path string) error {
	f := fs.Lookup("val")
	saved, recorded := m.Config["val"]
	if f == nil || !f.Changed || !recorded || (saved == "") == (f.Value.String() == "") {
		return nil
	}
	if saved == "" {
		return fmt.Errorf("--val %q: the run saved in %s has no validation file (--val-split %s); a resumed run keeps its configuration, so drop --val or start a new run", f.Value.String(), path, m.Config["val-split"])
	}
	return fmt.Errorf("--val \"\": the run saved in %s validates on --val %s; a resumed run keeps its configuration, so give the file's path now with --val FILE, or drop --val", path, saved)
}

// blameCheckpoint says that the value a flag error reports came from the
// configuration recorded in the resumed checkpoint path, when it did (m
// nil: not resuming), since the user did not type it.
func blameCheckpoint(err error, m *model.Model, path string) error {
	var fe *run.FieldError
	if m == nil || !errors.As(err, &fe) {
		return err
	}
	if v, ok := m.Config[fe.Field]; !ok || v != fe.Value {
		return err
	}
	return fmt.Errorf("%s: metadata %q records --%s %q, which is not valid: %s", path, model.MetaConfig, fe.Field, fe.Value, fe.Want)
}
