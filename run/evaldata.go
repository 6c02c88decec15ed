package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// useTask makes the settings read a test set as the model was trained:
// its labels (a regression's targets) from the training run's label-col,
// unless one is given. It reports whether it took the recorded one.
func (d *DataConfig) useTask(m *model.Model) (recorded bool) {
	if d.LabelCol == "" && m.Config["label-col"] != "" {
		d.LabelCol, recorded = m.Config["label-col"], true
	}
	if m.Regression() {
		d.Task = taskRegression
	}
	return recorded
}

// LoadEvalData reads the data to evaluate m on (brawn eval), checked
// against m and scaled as its training data were: Data or Test, read with
// the label mapping of m's training set (a Test CSV file with the header
// and delimiter m records unless given: see UseRecordedCSV), else the test
// rows m held out of its training file (its recorded test-split), that file read with the
// recorded CSV settings (those given names not), cut to the recorded
// train-limit and split with the recorded seed. modelPath names m in
// errors.
func (d *DataConfig) LoadEvalData(m *model.Model, modelPath string, given func(field string) bool) (*data.Dataset, error) {
	recorded := d.useTask(m)
	if d.Data == "" && d.Test == "" {
		return d.loadHeldOut(m, modelPath, given)
	}
	if d.Train != "" {
		return nil, BadField("train", d.Train, "is for the held-out rows of a model trained with --test-split; --%s gives the data already", map[bool]string{true: "data", false: "test"}[d.Data != ""])
	}
	var test *data.Dataset
	var err error
	if d.Data == "mnist" {
		dir, err := d.mnistDir()
		if err != nil {
			return nil, err
		}
		if test, err = data.LoadMNISTTest(dir); err != nil {
			return nil, err
		}
	} else {
		if err := d.UseRecordedCSV(m, modelPath, given); err != nil {
			return nil, err
		}
		load := func() (*data.Dataset, error) {
			// A loss the recorded settings cannot build ignores no label;
			// eval reports it where it needs the loss.
			loss, _ := ModelLoss(m)
			return d.loadFile(d.Test, d.TestLabels, d.labelOptions(m.NumClasses(), m.ClassNames, loss), d.TestLimit)
		}
		if test, err = load(); err != nil {
			// A classifier's label column recorded by name cannot be found
			// in a file without a header: read it as before, by the default.
			if _, byIndex := strconv.Atoi(strings.TrimSpace(d.LabelCol)); !recorded || m.Regression() || byIndex == nil {
				return nil, d.ExplainRecordedCSV(err, d.Test, m, modelPath, given)
			}
			d.LabelCol = ""
			var retry error
			if test, retry = load(); retry != nil {
				return nil, d.ExplainRecordedCSV(err, d.Test, m, modelPath, given)
			}
		}
	}
	return d.fitTest(test, m)
}

// recordedCSV are the recorded settings a new CSV file is read with when
// they are not given: how the training run's files were written. Not
// skip-rows, which counts the lines before the training file's own table:
// a new file without them would lose its first rows unseen.
var recordedCSV = []string{"header", "delimiter"}

// UseRecordedCSV makes the settings read a new CSV file (brawn eval
// --test, brawn predict) as m's training run read its files: with the
// header and delimiter it records, for each that given does not report. A
// model that records neither leaves the settings as they are. A recorded
// value Validate would refuse is an error naming modelPath's metadata,
// and leaves the settings as they were.
func (d *DataConfig) UseRecordedCSV(m *model.Model, modelPath string, given func(field string) bool) error {
	c := *d
	if err := c.applyRecorded(m, modelPath, given, recordedCSV...); err != nil {
		return err
	}
	if err := c.Validate(false); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && slices.Contains(recordedCSV, fe.Field) && !given(fe.Field) {
			return fmt.Errorf("%s: metadata %q records --%s %q, which is not valid: %s", modelPath, model.MetaConfig, fe.Field, fe.Value, fe.Want)
		}
		return err
	}
	*d = c
	return nil
}

// ExplainRecordedCSV returns err, a failure to read the new CSV file path
// with the settings UseRecordedCSV gave d, noting the recorded header and
// delimiter it was read with (those given does not report, where they
// differ from the defaults), so that a file written another way than the
// training run's is seen to be one. It returns err as it is when no such
// setting applies, when path could not be opened, or when it is an IDX
// file, which has no delimiter or header (told by its content when it is
// a regular file; a pipe or FIFO, which cannot be read again, is taken
// for CSV).
func (d *DataConfig) ExplainRecordedCSV(err error, path string, m *model.Model, modelPath string, given func(field string) bool) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return err
	}
	if st, statErr := os.Stat(path); statErr != nil {
		return err
	} else if st.Mode().IsRegular() { // a pipe was read once, and opening a FIFO again would wait for a writer
		if idx, idxErr := data.IsIDX(path); idx || idxErr != nil {
			return err
		}
	}
	defaults := DefaultConfig().Data
	current := map[string]string{"header": d.Header, "delimiter": d.Delimiter}
	byDefault := map[string]string{"header": defaults.Header, "delimiter": defaults.Delimiter}
	var used []string
	for _, name := range recordedCSV {
		if v, ok := m.Config[name]; ok && !given(name) && v == current[name] && v != byDefault[name] {
			used = append(used, fmt.Sprintf("--%s %q", name, v))
		}
	}
	if len(used) == 0 {
		return err
	}
	return fmt.Errorf("%w (read with %s, as %s records its training files were; give %s to read this file otherwise)",
		err, strings.Join(used, " and "), modelPath, map[bool]string{true: "it", false: "them"}[len(used) == 1])
}

// fitTest cuts a test set to TestLimit, checks it against the model and
// scales it as the training data were.
func (d *DataConfig) fitTest(test *data.Dataset, m *model.Model) (*data.Dataset, error) {
	test, err := limit(test, d.TestLimit)
	if err != nil {
		return nil, err
	}
	if err := CheckData(m, test); err != nil {
		return nil, err
	}
	return test, nil
}

// applyRecorded sets each of the settings names that given does not
// report from m's recorded configuration.
func (d *DataConfig) applyRecorded(m *model.Model, modelPath string, given func(string) bool, names ...string) error {
	fields := map[string]*string{"train": &d.Train, "train-labels": &d.TrainLabels, "label-col": &d.LabelCol, "header": &d.Header, "delimiter": &d.Delimiter}
	for _, name := range names {
		v, ok := m.Config[name]
		if !ok || given(name) {
			continue
		}
		if p := fields[name]; p != nil {
			*p = v
		} else {
			n, err := strconv.ParseInt(v, 0, 64)
			if err != nil {
				return fmt.Errorf("%s: metadata %q records --%s %q, which is not valid: %v", modelPath, model.MetaConfig, name, v, err)
			}
			d.SkipRows = int(n)
		}
		if err := RecordedFileMissing(modelPath, name, v); err != nil {
			return err
		}
	}
	return nil
}

// loadHeldOut reads the rows a model trained with a test split held out
// as its test set.
func (d *DataConfig) loadHeldOut(m *model.Model, modelPath string, given func(string) bool) (*data.Dataset, error) {
	fraction, err := strconv.ParseFloat(m.Config["test-split"], 64)
	if err != nil || fraction == 0 {
		return nil, errors.New("no data: give --data mnist or --test FILE (CSV or IDX); " + modelPath + " was not trained with --test-split, so it has no held-out test set")
	}
	if err := d.applyRecorded(m, modelPath, given, "train", "train-labels", "label-col", "header", "delimiter", "skip-rows"); err != nil {
		return nil, err
	}
	if d.Train == "" {
		return nil, fmt.Errorf("%s records no --train file; give it with --train FILE", modelPath)
	}
	if err := d.Validate(false); err != nil {
		return nil, err
	}
	seed, errSeed := strconv.ParseUint(m.Config["seed"], 10, 64)
	trainLimit, errLimit := strconv.Atoi(m.Config["train-limit"])
	if err := errors.Join(errSeed, errLimit); err != nil {
		return nil, fmt.Errorf("%s: metadata %q: --seed %q or --train-limit %q is not valid: %v", modelPath, model.MetaConfig, m.Config["seed"], m.Config["train-limit"], err)
	}
	train, err := d.loadFile(d.Train, d.TrainLabels, d.CSVOptions(m.NumClasses(), m.ClassNames), trainLimit)
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

// dataFileFields are the recorded settings that name data files.
var dataFileFields = map[string]bool{"train": true, "test": true, "train-labels": true, "test-labels": true, "val": true, "val-labels": true}

// RecordedFileMissing returns an error, for a data file setting (train,
// test, val and their labels) whose value a model records, when that
// file does not exist (moved, or named relative to the directory training
// ran in), saying how to name it; nil otherwise, and for other settings.
func RecordedFileMissing(model, field, value string) error {
	if !dataFileFields[field] || value == "" {
		return nil
	}
	if _, err := os.Stat(value); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	where := ""
	if !filepath.IsAbs(value) {
		where = ", relative to the directory training ran in"
	}
	return fmt.Errorf("%s records --%s %q%s, which does not exist here: give the file's path now with --%s FILE", model, field, value, where, field)
}

// labelColumnMistake explains a feature count error (err, from
// Dataset.CheckFeatures) that a regression's target columns account for:
// a test set read with fewer or more target columns than the model
// predicts. Other errors are returned as they are.
func labelColumnMistake(m *model.Model, d *data.Dataset, err error) error {
	if !m.Regression() || m.Targets == nil {
		return err
	}
	want := m.NumOutputs()
	if d.Outputs > 0 && d.Outputs != want && d.Features+d.Outputs == m.Net.InFeatures()+want {
		return fmt.Errorf("%s: %s, but the model predicts %d (%s); give them with --label-col",
			d.Source, Plural(d.Outputs, "target column"), want, strings.Join(m.Targets.Names, ", "))
	}
	return err
}

// featureNames refuses data whose header names its feature columns
// otherwise than the training file's did (m.FeatureNames), as
// scikit-learn refuses feature names that differ from feature_names_in_:
// columns in another order would be read as the wrong features.
func featureNames(m *model.Model, d *data.Dataset) error {
	if m.FeatureNames == nil || d.FeatureNames == nil || slices.Equal(m.FeatureNames, d.FeatureNames) || len(m.FeatureNames) != len(d.FeatureNames) {
		return nil
	}
	i := 0
	for m.FeatureNames[i] == d.FeatureNames[i] {
		i++
	}
	if sameNames(m.FeatureNames, d.FeatureNames) {
		return fmt.Errorf("%s: the feature columns are the model's in another order: column %d is %q, where training had %q; give them in the training file's order (%s)",
			d.Source, i, d.FeatureNames[i], m.FeatureNames[i], strings.Join(m.FeatureNames, ", "))
	}
	return fmt.Errorf("%s: feature column %d is %q, but the model was trained on %q there (the training file's features: %s); give the columns the model was trained on, in its order",
		d.Source, i, d.FeatureNames[i], m.FeatureNames[i], strings.Join(m.FeatureNames, ", "))
}

// targetOrder refuses a regression's test targets that are the model's
// under the same names in another order: each would be scored against
// another target's predictions.
func targetOrder(m *model.Model, d *data.Dataset) error {
	if !m.Regression() || m.Targets == nil || len(d.TargetNames) != len(m.Targets.Names) || slices.Equal(d.TargetNames, m.Targets.Names) {
		return nil
	}
	if !sameNames(d.TargetNames, m.Targets.Names) {
		return nil // other names (another file's header): taken in order
	}
	return fmt.Errorf("%s: the targets are %s, in this order, but the model predicts %s: give them in its order with --label-col %s",
		d.Source, strings.Join(d.TargetNames, ", "), strings.Join(m.Targets.Names, ", "), strings.Join(m.Targets.Names, ","))
}

// sameNames reports whether a and b hold the same names, in any order.
func sameNames(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// CheckData verifies that d fits the model (features, the image size its
// file's header gives, labels) and scales it as the training data were
// (Scaler.Apply: d's features are replaced by scaled ones, so d must not
// be scaled already). It returns an error, naming the file, for a feature count other
// than the network's inputs, a header's image size other than the
// model's, a class label the model does not predict (but for the label
// its loss ignores, nn.IgnoredLabel), a regression's
// targets that are the model's in another order, feature columns whose
// header names differ from the training file's, or a value that scales to
// a non-finite number (Scaler.Apply).
func CheckData(m *model.Model, d *data.Dataset) error {
	if err := d.CheckFeatures(m.Net.InFeatures()); err != nil {
		return labelColumnMistake(m, d, err)
	}
	if err := headerConflict(fmt.Sprintf("the model's %q", model.MetaInputShape), m.Net.InShape(), d, "give images of the size the model was trained on"); err != nil {
		return err
	}
	if d.Labelled() {
		loss, _ := ModelLoss(m) // nil, ignoring no label, for a loss eval refuses later naming the model
		if err := nn.CheckLabels(d, m.NumClasses(), loss); err != nil {
			return err
		}
	}
	if err := targetOrder(m, d); err != nil {
		return err
	}
	if err := featureNames(m, d); err != nil {
		return err
	}
	if m.Scaler != nil {
		return m.Scaler.Apply(d)
	}
	return nil
}
