package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

func newPredictCmd() *cobra.Command {
	var df run.DataConfig
	var modelPath, input, output string
	var batch int
	var probs bool
	cmd := &cobra.Command{
		Use:   "predict",
		Short: "Predict the class of every row of a file with a saved model, as CSV",
		Long: `Predict with a model saved by brawn train: one CSV line per input row with
the row number (from 0), the predicted class and, unless --probs=false, the
probability of every class (the softmax of the model's outputs, or the
outputs as they are when its last layer is a Softmax: they are
probabilities already; for a binary model trained with --loss bce,
p_<class 0> = 1−sigmoid(logit) and p_<class 1> = sigmoid(logit), class 1
when the logit is > 0). For a regression model, the row number and each
target in its own units.

The input is a CSV file of features only, or of features and a label column
named by --label-col (the labels are then ignored, unread: they may be
empty or unknown; a regression's target columns as a comma list), or an
IDX images file. Every other column is read as a feature, in order, and
there is no flag to leave one out: cut any other column (an id) from the
file first. It is scaled as the training data were. A CSV input is read,
predicted and written a block of rows at a time, so that the memory
predict takes does not grow with the file (but for a model whose batch norm
keeps no running statistics, which normalises each batch with its own
statistics: it reads the file whole, its batches as one pass makes them); an error met in a later block
(a bad cell) leaves the lines of the rows before it on standard output,
while a file named by --output is written whole or not at all. The input
is read once, raw or gzip-compressed, so it may be a pipe (/dev/stdin).`,
		Example: `  brawn predict --model mnist.safetensors --input data/mnist/t10k-images-idx3-ubyte.gz --output pred.csv
  brawn predict --model iris.safetensors --input new-flowers.csv
  cut -d, -f1-4 flowers.csv | brawn predict --model iris.safetensors --input /dev/stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if modelPath == "" {
				return errors.New("--model FILE is required: a model saved by brawn train --save")
			}
			if input == "" {
				return errors.New("--input FILE is required: a CSV file of features or an IDX images file")
			}
			if batch <= 0 {
				return run.BadField("batch", batch, "must be a positive integer")
			}
			df.Data, df.Test = "", input // validate the CSV flags only
			if err := df.Validate(false); err != nil {
				return err
			}
			if err := checkPredictOutput(output, modelPath, input); err != nil {
				return err
			}
			out := func(fill func(io.Writer) error) error { return fill(cmd.OutOrStdout()) }
			if output != "" {
				out = func(fill func(io.Writer) error) error {
					return atomicfile.Write(output, 0o666, gzipIfNamed(output, fill))
				}
			}
			return runPredict(out, cmd.ErrOrStderr(), &df, cmd.Flags().Changed, modelPath, input, batch, probs)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&modelPath, "model", "", "the model file (safetensors, from brawn train --save)")
	fs.StringVar(&input, "input", "", "rows to predict: CSV (features, optionally a --label-col column) or an IDX images file")
	fs.StringVarP(&output, "output", "o", "", "write the CSV here, gzip-compressed when the name ends in .gz (default: standard output)")
	intVar(fs, &batch, "batch", run.EvalBatch, evalBatchHelp)
	fs.BoolVar(&probs, "probs", true, "include each class's probability")
	fs.StringVar(&df.LabelCol, "label-col", "", "CSV column holding labels to ignore (name or 0-based index); default: every column is a feature")
	registerCSV(fs, &df, true)
	return cmd
}

// predictBlock is how many feature values (rows times features, 16 MiB
// as float32) of a CSV input predict reads, predicts and writes at a
// time; the rows they make are rounded up to a multiple of --batch, so
// that the forward passes are those of the whole file at once (a variable
// for tests).
var predictBlock = 1 << 22

// runPredict writes m's predictions for input through out, which calls
// fill with the writer to write them to, and notes to errw; the CSV
// settings given does not
// report are the ones m's training recorded. The model, the input's
// header and its first block of rows are read, checked and predicted
// before out is called, so that their errors come before any output.
func runPredict(out func(fill func(io.Writer) error) error, errw io.Writer, df *run.DataConfig, given func(string) bool, modelPath, input string, batch int, withProbs bool) error {
	m, err := model.Load(modelPath)
	if err != nil {
		return err
	}
	if err := df.UseRecordedCSV(m, modelPath, given); err != nil {
		return err
	}
	// predictSet checks d against m (hint explains a mismatch) and
	// predicts it, noting a last batch evened out.
	predictSet := func(d *data.Dataset, hint func(error) error) (*model.Prediction, error) {
		if err := run.CheckData(m, d); err != nil {
			return nil, hint(err)
		}
		pred, err := m.PredictData(d, batch)
		if err != nil {
			return nil, run.InferenceError(d, err)
		}
		evenedBatchNote(errw, m, d.Len(), batch)
		return pred, nil
	}
	r, images, err := openUnlabelled(df, input, m)
	if err != nil {
		return explainUnlabelled(err, df, input, m, modelPath, given)
	}
	if images != nil {
		pred, err := predictSet(images, func(err error) error { return err })
		if err != nil {
			return err
		}
		return out(func(w io.Writer) error { return m.WritePredictionsCSV(w, pred, withProbs) })
	}
	defer r.Close()
	rows := max(1, predictBlock/max(1, r.Features()))
	switch {
	case m.Net.BatchStatistics():
		// Its outputs depend on the batches, and the file's last batch
		// may take rows of the one before it (nn.Sequential.EvalBatchEnd): a
		// block would end a batch where the file does not.
		rows = math.MaxInt
	case batch < rows:
		rows = (rows + batch - 1) / batch * batch
	default:
		rows = batch // a batch larger than a block: the whole file in one pass, as before
	}
	block := func() (*model.Prediction, error) {
		d, err := r.Read(rows)
		if err != nil {
			if err == io.EOF {
				return nil, err
			}
			return nil, explainUnlabelled(err, df, input, m, modelPath, given)
		}
		// Only the last block, whose rows need not be whole batches, can
		// have its last batch evened out.
		return predictSet(d, func(err error) error { return withLabelColHint(err, df, d, m) })
	}
	pred, err := block()
	if err != nil {
		return err
	}
	return out(func(w io.Writer) error {
		pw := m.NewPredictionsCSVWriter(w, withProbs)
		for {
			pw.Write(pred)
			if err := pw.Flush(); err != nil { // each block's lines out before the next is read
				return err
			}
			if pred, err = block(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	})
}

// explainUnlabelled adds to an error reading prediction input that the
// column training took its labels from, read as a feature, may be to
// leave out, or else the recorded CSV settings it was read with.
func explainUnlabelled(err error, df *run.DataConfig, input string, m *model.Model, modelPath string, given func(string) bool) error {
	var fe *data.FeatureError
	if used := m.Config["label-col"]; df.LabelCol == "" && errors.As(err, &fe) && fe.Names(used) {
		return fmt.Errorf("%w; training took its labels from that column: name it with --label-col %s to leave it out", err, used)
	}
	return df.ExplainRecordedCSV(err, input, m, modelPath, given)
}

// openUnlabelled opens a file of prediction input: a CSV file, whose
// --label-col, if given, is dropped, to read in blocks, or an IDX image
// file, read whole (data.OpenFile).
func openUnlabelled(df *run.DataConfig, path string, m *model.Model) (*data.CSVReader, *data.Dataset, error) {
	// Labels, if any, are dropped unread: whatever they are, or missing.
	opts := df.CSVOptions(0, nil)
	opts.Task = data.TaskClassification
	if m.Regression() {
		opts.Task = data.TaskRegression // a list of target columns to drop
	}
	opts.Unlabelled, opts.DropLabels = df.LabelCol == "", df.LabelCol != ""
	return data.OpenFile(path, opts)
}

// withLabelColHint adds to a feature-count error what to do with a CSV
// input's columns beyond the model's inputs. predict reads every column
// but the --label-col one(s) as a feature and has no flag to leave out
// others: a label column (a regression's target columns) can be named
// with --label-col, any other (an id) must be cut from the file. With a
// header and the model's recorded feature names, the hint names the
// columns; else it counts them.
func withLabelColHint(err error, df *run.DataConfig, d *data.Dataset, m *model.Model) error {
	extra := d.Features - m.Net.InFeatures()
	if extra <= 0 {
		return err
	}
	const noFlag = "predict reads every column but the --label-col one as a feature, and has no flag to leave out others"
	if hint := namedExtraColumns(df, d, m, extra); hint != "" {
		return fmt.Errorf("%w; %s (%s)", err, hint, noFlag)
	}
	used := m.Config["label-col"]
	if used != "" {
		used = " (training used --label-col " + used + ")"
	}
	switch {
	case df.LabelCol != "":
		return fmt.Errorf("%w; remove the %s from the file (%s)", err, run.Plural(extra, "extra column"), noFlag)
	case m.Regression():
		return fmt.Errorf("%w; if extra columns are the model's targets, name them with --label-col%s (a comma list for several), and remove any other extra column from the file (%s)",
			err, used, noFlag)
	case extra == 1:
		return fmt.Errorf("%w; if the extra column is the label, name it with --label-col%s; else remove it from the file (%s)", err, used, noFlag)
	}
	others := "the others"
	if extra == 2 {
		others = "the other"
	}
	return fmt.Errorf("%w; the file has %d columns more than the model's inputs: if one is the label, name it with --label-col%s, and remove %s from the file (%s)",
		err, extra, used, others, noFlag)
}

// namedExtraColumns names, when the input's header holds every feature
// the model records and extra columns besides, what to do with each of
// them: the training run's label (target) columns to name with
// --label-col, the others to remove from the file; "" when the names do
// not tell.
func namedExtraColumns(df *run.DataConfig, d *data.Dataset, m *model.Model, extra int) string {
	if d.FeatureNames == nil || m.FeatureNames == nil {
		return ""
	}
	want := make(map[string]bool, len(m.FeatureNames))
	for _, n := range m.FeatureNames {
		want[n] = true
	}
	labels := map[string]bool{}
	if m.Regression() {
		for _, n := range m.TargetNames() {
			labels[strings.ToLower(n)] = true
		}
	} else if used := m.Config["label-col"]; used != "" {
		labels[strings.ToLower(used)] = true
	} else {
		labels["label"] = true // the default label column
	}
	var label, other []string
	for _, n := range d.FeatureNames {
		switch {
		case want[n]:
			delete(want, n)
		case df.LabelCol == "" && labels[strings.ToLower(n)]:
			label = append(label, n)
		default:
			other = append(other, strconv.Quote(n))
		}
	}
	if len(want) > 0 || len(label)+len(other) != extra {
		return "" // not the model's columns plus others
	}
	var hint []string
	if len(label) > 0 {
		what, it := "label column", "it"
		if m.Regression() {
			what = "target column"
		}
		if len(label) > 1 {
			what, it = what+"s", "them"
		}
		hint = append(hint, fmt.Sprintf("name the %s with --label-col %s to leave %s out", what, strings.Join(label, ","), it))
	}
	if len(other) > 0 {
		what := "column"
		if len(other) > 1 {
			what = "columns"
		}
		hint = append(hint, fmt.Sprintf("remove the %s %s from the file", what, strings.Join(other, ", ")))
	}
	return fmt.Sprintf("the model reads the columns %s; %s", strings.Join(m.FeatureNames, ", "), strings.Join(hint, ", and "))
}

// checkPredictOutput refuses an --output that cannot be written, or that is
// the --model or --input file, which writing it would destroy; before the
// predictions are computed.
func checkPredictOutput(output, modelPath, input string) error {
	if output == "" {
		return nil
	}
	if err := run.CheckOutputFile("output", output); err != nil {
		return err
	}
	for _, in := range []struct{ name, path string }{{"model", modelPath}, {"input", input}} {
		if run.SamePath(output, in.path) {
			return run.BadField("output", output, "is the --%s file; writing it would overwrite it", in.name)
		}
	}
	return nil
}

// gzipIfNamed returns fill writing through a gzip compressor when name
// ends in ".gz" (in any case), as pandas' to_csv infers compression from
// the name and brawn reads such a file back; else fill itself.
func gzipIfNamed(name string, fill func(io.Writer) error) func(io.Writer) error {
	if !strings.HasSuffix(strings.ToLower(name), ".gz") {
		return fill
	}
	return func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		if err := fill(zw); err != nil {
			return err
		}
		return zw.Close()
	}
}
