package run

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// datasets are the data of one run, scaled: Val is nil without a
// validation split.
type datasets struct {
	Train, Val, Test *data.Dataset
	Scaler           *data.Scaler
	Targets          *data.TargetScaler // regression only: the training targets' standardization
	// Kept counts the samples of each class in the training rows kept
	// (after --train-limit), before the splits; Limited says whether
	// --train-limit may have left rows out.
	Kept    []int
	Limited bool
	// IndexWarning is indexColumnWarning of the training file ("" for
	// none).
	IndexWarning string
}

// CSVOptions turns the CSV settings into the reader's options; classes
// and names impose the training set's label mapping (0/nil: infer).
func (d *DataConfig) CSVOptions(classes int, names []string) data.CSVOptions {
	h := data.HeaderAuto
	switch d.Header {
	case "yes":
		h = data.HeaderPresent
	case "no":
		h = data.HeaderAbsent
	}
	o := data.CSVOptions{Header: h, LabelColumn: d.LabelCol, Classes: classes, ClassNames: names, SkipRows: d.SkipRows, Task: csvTask(d.Task)}
	if d.Delimiter == whitespaceDelimiter {
		o.Whitespace = true
	} else {
		o.Comma = []rune(d.Delimiter)[0]
	}
	return o
}

// whitespaceDelimiter is --delimiter's word for fields separated by runs
// of spaces and tabs (data.CSVOptions.Whitespace).
const whitespaceDelimiter = "whitespace"

// parseDelimiter returns --delimiter as DataConfig keeps it: "whitespace"
// (or pandas' `\s+`), else the one character data.ParseDelimiter reads.
func parseDelimiter(s string) (string, error) {
	if strings.EqualFold(s, whitespaceDelimiter) || s == `\s+` {
		return whitespaceDelimiter, nil
	}
	comma, err := data.ParseDelimiter(s)
	if err != nil {
		return "", BadField("delimiter", s, "want a single character other than a quote or newline, e.g. , ; or \\t, or comma, tab, space (each space a delimiter) or whitespace (runs of spaces and tabs)")
	}
	return string(comma), nil
}

// csvTask maps Task to the CSV reader's task.
func csvTask(task string) data.Task {
	switch task {
	case taskClassification:
		return data.TaskClassification
	case taskRegression:
		return data.TaskRegression
	}
	return data.TaskAuto
}

// loadFile reads a CSV or IDX file (told apart by content); labels, when
// given, is the IDX labels file of an IDX images file. A limit > 0 keeps
// the first limit rows, as limit does, holding only those of an IDX file,
// and a CSV file's reader stops parsing features there
// (data.CSVOptions.Limit: its labels are still read to the end when the
// classes are not imposed, so that they are the whole file's). A CSV
// file's reading is told to Progress.
func (d *DataConfig) loadFile(path, labels string, opts data.CSVOptions, limit int) (*data.Dataset, error) {
	opts.Limit = limit
	if labels != "" {
		return data.LoadIDXLimit(path, labels, opts.Classes, limit)
	}
	if d.Progress != nil {
		opts.Progress = d.Progress(path)
	}
	opts.Context = d.ctx
	return data.LoadFile(path, opts)
}

func limit(d *data.Dataset, n int) (*data.Dataset, error) {
	if n <= 0 || n >= d.Len() {
		return d, nil
	}
	return d.Slice(0, n)
}

// loadMNIST reads MNIST from MNISTDir, or where data.MNISTDir finds it,
// keeping only the first TrainLimit training and TestLimit test images:
// what limit would keep, without holding the rest in memory.
func (d *DataConfig) loadMNIST() (train, test *data.Dataset, err error) {
	dir, err := d.mnistDir()
	if err != nil {
		return nil, nil, err
	}
	return data.LoadMNISTLimit(dir, d.TrainLimit, d.TestLimit)
}

// mnistDir is MNISTDir, else where data.MNISTDir finds the files.
func (d *DataConfig) mnistDir() (string, error) {
	if d.MNISTDir != "" {
		return d.MNISTDir, nil
	}
	dir, err := data.MNISTDir()
	if err != nil {
		return "", fmt.Errorf("%w; --mnist-dir DIR reads the four files from DIR", err)
	}
	return dir, nil
}

// taskHint adds the settings to a refusal of continuous-looking or
// identifier-like labels.
func taskHint(err error) error {
	var ce *data.ContinuousLabelsError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: give --task regression to predict these values, or --task classification to make a class of each", err)
	}
	var ie *data.IdentifierLabelsError
	if errors.As(err, &ie) {
		regress := ""
		if ie.Numbers {
			regress = ", --task regression to predict these numbers"
		}
		return fmt.Errorf("%w: give the column of the classes with --label-col NAME%s, or --task classification to make a class of each all the same", err, regress)
	}
	return err
}

// checkTestTargets refuses a regression whose data has no targets (an IDX
// file) or whose test set has other targets than the training set.
func checkTestTargets(task string, train, test *data.Dataset) error {
	if task != taskRegression {
		return nil
	}
	if train.Outputs == 0 {
		return fmt.Errorf("%s: --task regression needs a CSV file with numeric target columns", train.Source)
	}
	if test.Outputs != train.Outputs {
		return fmt.Errorf("%s: %d target columns, but the training set %s has %d", test.Source, test.Outputs, train.Source, train.Outputs)
	}
	return nil
}

// loadTrain reads the training and test sets, holds out the validation
// split, and fits the normalisation on the (remaining) training set only.
// classes and names impose a label mapping on the training file (a resumed
// checkpoint's, which may be an earlier brawn's; 0/nil: infer it).
func (d *DataConfig) loadTrain(valSplit float64, seed uint64, classes int, names []string) (*datasets, error) {
	var train, test *data.Dataset
	var indexWarning string
	var err error
	if d.Data == "mnist" {
		if train, test, err = d.loadMNIST(); err != nil {
			return nil, err
		}
	} else {
		if train, err = d.loadFile(d.Train, d.TrainLabels, d.CSVOptions(classes, names), d.TrainLimit); err != nil {
			return nil, taskHint(err)
		}
		indexWarning = indexColumnWarning(train)
		if d.TestSplit > 0 {
			test = train // split off below, after the class and limit checks
		} else if test, err = d.loadFile(d.Test, d.TestLabels, d.labelOptions(train.Classes, train.ClassNames, d.loss), d.TestLimit); err != nil {
			return nil, err
		}
		if err := d.checkLikeTrain("test", test, train); err != nil {
			return nil, err
		}
	}
	val, err := d.loadVal(train)
	if err != nil {
		return nil, err
	}
	if train.Classes < 2 && d.Task != taskRegression {
		return nil, fmt.Errorf("%s: the training set has %d class(es); classification needs at least 2", train.Source, train.Classes)
	}
	if train, err = limit(train, d.TrainLimit); err != nil {
		return nil, err
	}
	limited := d.TrainLimit > 0 && train.Len() == d.TrainLimit
	kept := train.ClassCounts()
	if d.TestSplit > 0 {
		if train, test, err = d.holdOutTest(train, seed); err != nil {
			return nil, err
		}
	}
	if test, err = limit(test, d.TestLimit); err != nil {
		return nil, err
	}
	ds := &datasets{Test: test, Kept: kept, Limited: limited, IndexWarning: indexWarning}
	if ds.Train, ds.Val, err = train.SplitValidation(valSplit, seed); err != nil {
		return nil, err
	}
	if val != nil {
		ds.Val = val
	}
	method, err := data.ParseNormalization(d.Normalize)
	if err != nil {
		return nil, err
	}
	if ds.Scaler, err = data.FitScaler(method, ds.Train); err != nil {
		return nil, err
	}
	for _, s := range []*data.Dataset{ds.Train, ds.Val, ds.Test} {
		if s == nil {
			continue
		}
		if err := ds.Scaler.Apply(s); err != nil {
			return nil, err
		}
	}
	if d.Task == taskRegression {
		if ds.Targets, err = data.FitTargetScaler(ds.Train); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// checkLikeTrain refuses a test or validation set (what) that does not fit
// the training set: other features, another IDX sample shape, a class
// index beyond the training set's, or a regression's other targets.
func (d *DataConfig) checkLikeTrain(what string, set, train *data.Dataset) error {
	if err := set.CheckFeatures(train.Features); err != nil {
		return fmt.Errorf("%s set does not match the training set %s: %w", what, train.Source, err)
	}
	if set.Shape != nil && train.Shape != nil && !slices.Equal(set.Shape, train.Shape) {
		return fmt.Errorf("%s set does not match the training set: the IDX header of %s gives samples of shape %v, that of %s %v", what, set.Source, set.Shape, train.Source, train.Shape)
	}
	if err := nn.CheckLabels(set, train.Classes, d.loss); err != nil {
		return err
	}
	return checkTestTargets(d.Task, train, set)
}

// labelOptions reads labels into classes (named names, for a file of
// names) and, for a loss that ignores a label (nn.IgnoredLabel), that
// label too: a test, validation or evaluation file.
func (d *DataConfig) labelOptions(classes int, names []string, loss nn.Loss) data.CSVOptions {
	o := d.CSVOptions(classes, names)
	o.IgnoreIndex, o.Ignore = nn.IgnoredLabel(loss)
	return o
}

// loadVal reads the Val file (nil without one) with the training set's
// label mapping, checked against it; loadTrain scales it with the
// training set's statistics, as it scales the test set.
func (d *DataConfig) loadVal(train *data.Dataset) (*data.Dataset, error) {
	if d.Val == "" {
		return nil, nil
	}
	val, err := d.loadFile(d.Val, d.ValLabels, d.labelOptions(train.Classes, train.ClassNames, d.loss), 0)
	if err != nil {
		return nil, fmt.Errorf("--val: %w", err)
	}
	if err := d.checkLikeTrain("validation", val, train); err != nil {
		return nil, err
	}
	return val, nil
}

// holdOutTest splits the test set off the training set (TestSplit).
func (d *DataConfig) holdOutTest(train *data.Dataset, seed uint64) (rest, test *data.Dataset, err error) {
	rest, test, err = train.SplitStratified(d.TestSplit, seed)
	if err != nil {
		return nil, nil, fmt.Errorf("--test-split %g: %w", d.TestSplit, err)
	}
	test.Source = fmt.Sprintf("%s (the part held out by --test-split %g, --seed %d)", train.Source, d.TestSplit, seed)
	return rest, test, nil
}
