package main

import (
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
)

// datasets are the data of one run, scaled: Val is nil without --val-split,
// Train nil for eval.
type datasets struct {
	Train, Val, Test *data.Dataset
	Scaler           *data.Scaler
	Targets          *data.TargetScaler // regression only: the training targets' standardization
}

// csvOptions turns the CSV flags into the reader's options; classes and
// names impose the training set's label mapping (0/nil: infer).
func (d *dataFlags) csvOptions(classes int, names []string) data.CSVOptions {
	h := data.HeaderAuto
	switch d.Header {
	case "yes":
		h = data.HeaderPresent
	case "no":
		h = data.HeaderAbsent
	}
	return data.CSVOptions{Comma: []rune(d.Delimiter)[0], Header: h, LabelColumn: d.LabelCol, Classes: classes, ClassNames: names, SkipRows: d.SkipRows, Task: csvTask(d.Task)}
}

// loadFile reads a CSV or IDX file (told apart by content); labels, when
// given, is the IDX labels file of an IDX images file.
func loadFile(path, labels string, opts data.CSVOptions) (*data.Dataset, error) {
	if labels != "" {
		return data.LoadIDX(path, labels, opts.Classes)
	}
	return data.LoadFile(path, opts)
}

func limit(d *data.Dataset, n int) (*data.Dataset, error) {
	if n <= 0 || n >= d.Len() {
		return d, nil
	}
	return d.Slice(0, n)
}

// loadMNIST reads MNIST from --mnist-dir, or where data.MNISTDir finds it.
func (d *dataFlags) loadMNIST() (train, test *data.Dataset, err error) {
	dir, err := d.mnistDir()
	if err != nil {
		return nil, nil, err
	}
	return data.LoadMNIST(dir)
}

// mnistDir is --mnist-dir, else where data.MNISTDir finds the files.
func (d *dataFlags) mnistDir() (string, error) {
	if d.MNISTDir != "" {
		return d.MNISTDir, nil
	}
	return data.MNISTDir()
}

// loadTrain reads the training and test sets, holds out the validation
// split, and fits the normalisation on the (remaining) training set only.
func (d *dataFlags) loadTrain(valSplit float64, seed uint64) (*datasets, error) {
	var train, test *data.Dataset
	var err error
	if d.Data == "mnist" {
		if train, test, err = d.loadMNIST(); err != nil {
			return nil, err
		}
	} else {
		if train, err = loadFile(d.Train, d.TrainLabels, d.csvOptions(0, nil)); err != nil {
			return nil, taskHint(err)
		}
		if d.TestSplit > 0 {
			test = train // split off below, after the class and limit checks
		} else if test, err = loadFile(d.Test, d.TestLabels, d.csvOptions(train.Classes, train.ClassNames)); err != nil {
			return nil, err
		}
		if err := test.CheckFeatures(train.Features); err != nil {
			return nil, fmt.Errorf("test set does not match the training set %s: %w", train.Source, err)
		}
		if err := test.CheckClasses(train.Classes); err != nil {
			return nil, err
		}
		if err := checkTestTargets(d.Task, train, test); err != nil {
			return nil, err
		}
	}
	if train.Classes < 2 && d.Task != "regression" {
		return nil, fmt.Errorf("%s: the training set has %d class(es); classification needs at least 2", train.Source, train.Classes)
	}
	if train, err = limit(train, d.TrainLimit); err != nil {
		return nil, err
	}
	if d.TestSplit > 0 {
		if train, test, err = d.holdOutTest(train, seed); err != nil {
			return nil, err
		}
	}
	if test, err = limit(test, d.TestLimit); err != nil {
		return nil, err
	}
	ds := &datasets{Test: test}
	if ds.Train, ds.Val, err = train.SplitValidation(valSplit, seed); err != nil {
		return nil, err
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
	if d.Task == "regression" {
		if ds.Targets, err = data.FitTargetScaler(ds.Train); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// loadTest reads the test set only (eval), with the label mapping of the
// model's training set, and applies the model's scaler.
func (d *dataFlags) loadTest(m *model.Model) (*data.Dataset, error) {
	var test *data.Dataset
	var err error
	useTask(m, d)
	if d.Data == "mnist" {
		dir, err := d.mnistDir()
		if err != nil {
			return nil, err
		}
		if test, err = data.LoadMNISTTest(dir); err != nil {
			return nil, err
		}
	} else if test, err = loadFile(d.Test, d.TestLabels, d.csvOptions(m.NumClasses(), m.ClassNames)); err != nil {
		return nil, err
	}
	return d.fitTest(test, m)
}

// fitTest cuts a test set to --test-limit, checks it against the model and
// scales it as the training data were.
func (d *dataFlags) fitTest(test *data.Dataset, m *model.Model) (*data.Dataset, error) {
	test, err := limit(test, d.TestLimit)
	if err != nil {
		return nil, err
	}
	if err := checkData(m, test); err != nil {
		return nil, err
	}
	return test, nil
}
