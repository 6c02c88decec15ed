package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
)

// registerSkipRows adds --skip-rows (train, eval, predict).
func registerSkipRows(fs *pflag.FlagSet, n *int) {
	fs.IntVar(n, "skip-rows", 0, "CSV lines to skip at the start of each file, before the header or first row (e.g. 1 for scikit-learn's CSV files, whose first line holds counts)")
}

// registerTestSplit adds --test-split (train).
func registerTestSplit(fs *pflag.FlagSet, fraction *float64) {
	fs.Float64Var(fraction, "test-split", 0, "without --test: hold out this fraction of --train as the test set, stratified by class (not for --task regression) and drawn with --seed (scikit-learn's train_test_split(stratify=y)); recorded in the checkpoint, so eval can evaluate the same rows")
}

// validateTestSplit checks --test-split against the other data flags.
func (d *dataFlags) validateTestSplit() error {
	if d.TestSplit == 0 {
		return nil
	}
	if !(d.TestSplit > 0 && d.TestSplit < 1) {
		return badFlag("test-split", formatFloat(d.TestSplit), "must be a fraction in (0, 1), e.g. 0.2")
	}
	if d.Data != "" {
		return badFlag("test-split", formatFloat(d.TestSplit), "holds out part of --train; --data %s has its own test set", d.Data)
	}
	if d.Test != "" {
		return badFlag("test-split", formatFloat(d.TestSplit), "holds out part of --train as the test set, but --test %s is given: use one or the other", d.Test)
	}
	return nil
}

// holdOutTest splits the test set off the training set (--test-split).
func (d *dataFlags) holdOutTest(train *data.Dataset, seed uint64) (rest, test *data.Dataset, err error) {
	rest, test, err = train.SplitStratified(d.TestSplit, seed)
	if err != nil {
		return nil, nil, fmt.Errorf("--test-split %g: %w", d.TestSplit, err)
	}
	test.Source = heldOutSource(train.Source, d.TestSplit, seed)
	return rest, test, nil
}

func heldOutSource(train string, fraction float64, seed uint64) string {
	return fmt.Sprintf("%s (the part held out by --test-split %g, --seed %d)", train, fraction, seed)
}

// heldOutFlags are the training run's data flags that eval takes from the
// model's recorded configuration, unless given, to read the training file
// as training did and hold out the same test rows.
var heldOutFlags = []string{"train", "train-labels", "label-col", "header", "delimiter", "skip-rows"}

// registerHeldOut adds eval's flags for the held-out test set.
func (d *dataFlags) registerHeldOut(fs *pflag.FlagSet) {
	d.heldOutOK, d.flags = true, fs
	fs.StringVar(&d.Train, "train", "", "for a model trained with --test-split and no --test here: the training file to take the held-out rows from (default: the --train recorded in the model)")
	fs.StringVar(&d.TrainLabels, "train-labels", "", "IDX labels for --train (default: recorded in the model, else derived from its name)")
}

// loadEvalData reads eval's data: --data or --test, else the test rows
// the model held out of its training file (--test-split).
func (d *dataFlags) loadEvalData(m *model.Model, modelPath string) (*data.Dataset, error) {
	useTask(m, d)
	if d.Data != "" || d.Test != "" {
		if d.Train != "" {
			return nil, badFlag("train", d.Train, "is for the held-out rows of a model trained with --test-split; --%s gives the data already", map[bool]string{true: "data", false: "test"}[d.Data != ""])
		}
		return d.loadTest(m)
	}
	return d.loadHeldOut(m, modelPath)
}

// loadHeldOut reads the rows a model trained with --test-split held out
// as its test set: the training file read with the recorded CSV flags
// (those not given on fs), cut to the recorded --train-limit and split with
// the recorded --test-split and --seed.
func (d *dataFlags) loadHeldOut(m *model.Model, modelPath string) (*data.Dataset, error) {
	fs := d.flags
	fraction, err := strconv.ParseFloat(m.Config["test-split"], 64)
	if err != nil || fraction == 0 {
		return nil, errors.New("no data: give --data mnist or --test FILE (CSV or IDX); " + modelPath + " was not trained with --test-split, so it has no held-out test set")
	}
	for _, name := range heldOutFlags {
		if v, ok := m.Config[name]; ok && !fs.Changed(name) {
			if err := fs.Set(name, v); err != nil {
				return nil, fmt.Errorf("%s: metadata %q records --%s %q, which is not valid: %v", modelPath, model.MetaConfig, name, v, err)
			}
			if err := recordedFileMissing(modelPath, name, v); err != nil {
				return nil, err
			}
		}
	}
	if d.Train == "" {
		return nil, fmt.Errorf("%s records no --train file; give it with --train FILE", modelPath)
	}
	if err := d.validate(false); err != nil {
		return nil, err
	}
	seed, errSeed := strconv.ParseUint(m.Config["seed"], 10, 64)
	trainLimit, errLimit := strconv.Atoi(m.Config["train-limit"])
	if err := errors.Join(errSeed, errLimit); err != nil {
		return nil, fmt.Errorf("%s: metadata %q: --seed %q or --train-limit %q is not valid: %v", modelPath, model.MetaConfig, m.Config["seed"], m.Config["train-limit"], err)
	}
	train, err := loadFile(d.Train, d.TrainLabels, d.csvOptions(m.NumClasses(), m.ClassNames))
	if err != nil {
		return nil, err
	}
	if train, err = limit(train, trainLimit); err != nil {
		return nil, err
	}
	d.TestSplit = fraction
	rest, test, err := d.holdOutTest(train, seed)
	if err != nil {
		return nil, err
	}
	if err := checkHeldOutSource(m, modelPath, rest, seed); err != nil {
		return nil, err
	}
	return d.fitTest(test, m)
}

// checkHeldOutSource refuses to evaluate rows held out of a training file
// that is not the one the model was trained on (edited, grown, another
// file): the split would then hold out other rows, some of which the model
// trained on, and score them too well. The rows left for training are
// brought to the state training identified them in (the validation split
// taken, scaled) and compared with the model's record; a model that records
// none is not checked.
func checkHeldOutSource(m *model.Model, modelPath string, rest *data.Dataset, seed uint64) error {
	if m.TrainData == nil {
		return nil
	}
	valSplit, err := strconv.ParseFloat(m.Config["val-split"], 64)
	if err != nil {
		return fmt.Errorf("%s: metadata %q: --val-split %q is not valid: %v", modelPath, model.MetaConfig, m.Config["val-split"], err)
	}
	train, _, err := rest.SplitValidation(valSplit, seed)
	if err != nil {
		return err
	}
	if m.Scaler != nil {
		if err := m.Scaler.Apply(train); err != nil {
			return err
		}
	}
	now := model.Identify(train)
	if m.TrainData.Matches(now) {
		return nil
	}
	return fmt.Errorf("%s does not hold the data %s was trained on: the rows left for training were %d (checksum %s) and are now %d (checksum %s), so the rows --test-split holds out are not those training held out and may include rows the model trained on; give the training file as it was with --train FILE, or evaluate on other data with --test FILE",
		rest.Source, modelPath, m.TrainData.Samples, m.TrainData.Checksum, now.Samples, now.Checksum)
}
