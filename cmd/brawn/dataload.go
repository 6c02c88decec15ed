package main

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/run"
)

// datasets are the data of one run, scaled: Val is nil without --val-split.
type datasets struct {
	Train, Val, Test *data.Dataset
	Scaler           *data.Scaler
	Targets          *data.TargetScaler // regression only: the training targets' standardization
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
func loadMNIST(d *run.DataConfig) (train, test *data.Dataset, err error) {
	dir := d.MNISTDir
	if dir == "" {
		if dir, err = data.MNISTDir(); err != nil {
			return nil, nil, err
		}
	}
	return data.LoadMNIST(dir)
}

// taskHint adds the flags to a refusal of continuous-looking labels.
func taskHint(err error) error {
	var ce *data.ContinuousLabelsError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: give --task regression to predict these values, or --task classification to make a class of each", err)
	}
	return err
}

// checkTestTargets refuses a regression whose data has no targets (an IDX
// file) or whose test set has other targets than the training set.
func checkTestTargets(task string, train, test *data.Dataset) error {
	if task != "regression" {
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
func loadTrain(d *run.DataConfig, valSplit float64, seed uint64) (*datasets, error) {
	var train, test *data.Dataset
	var err error
	if d.Data == "mnist" {
		if train, test, err = loadMNIST(d); err != nil {
			return nil, err
		}
	} else {
		if train, err = loadFile(d.Train, d.TrainLabels, d.CSVOptions(0, nil)); err != nil {
			return nil, taskHint(err)
		}
		if d.TestSplit > 0 {
			test = train // split off below, after the class and limit checks
		} else if test, err = loadFile(d.Test, d.TestLabels, d.CSVOptions(train.Classes, train.ClassNames)); err != nil {
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
		rest, held, err := train.SplitStratified(d.TestSplit, seed)
		if err != nil {
			return nil, fmt.Errorf("--test-split %g: %w", d.TestSplit, err)
		}
		held.Source = fmt.Sprintf("%s (the part held out by --test-split %g, --seed %d)", train.Source, d.TestSplit, seed)
		train, test = rest, held
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
