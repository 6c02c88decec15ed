package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

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
probability of every class (the softmax of the model's outputs; for a
binary model trained with --loss bce, p_<class 0> = 1−sigmoid(logit) and
p_<class 1> = sigmoid(logit), class 1 when the logit is > 0). For a
regression model, the row number and each target in its own units.

The input is a CSV file of features only, or of features and a label column
named by --label-col (the labels are then ignored, unread: they may be
empty or unknown), or an IDX images file.
It is scaled as the training data were.`,
		Example: `  brawn predict --model mnist.safetensors --input data/mnist/t10k-images-idx3-ubyte.gz --output pred.csv
  brawn predict --model iris.safetensors --input new-flowers.csv`,
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
			var out bytes.Buffer
			if err := runPredict(&out, &df, cmd.Flags().Changed, modelPath, input, batch, probs); err != nil {
				return err // before any output file is created
			}
			if output == "" {
				_, err := cmd.OutOrStdout().Write(out.Bytes())
				return err
			}
			return atomicfile.WriteFile(output, out.Bytes(), 0o666)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&modelPath, "model", "", "the model file (safetensors, from brawn train --save)")
	fs.StringVar(&input, "input", "", "rows to predict: CSV (features, optionally a --label-col column) or an IDX images file")
	fs.StringVarP(&output, "output", "o", "", "write the CSV here (default: standard output)")
	intVar(fs, &batch, "batch", run.EvalBatch, "rows per forward pass; the results do not depend on it, except for a model whose batch norm keeps no running statistics (track_running_stats=False), which normalises each batch of this many rows with its own statistics")
	fs.BoolVar(&probs, "probs", true, "include each class's probability")
	fs.StringVar(&df.LabelCol, "label-col", "", "CSV column holding labels to ignore (name or 0-based index); default: every column is a feature")
	registerCSV(fs, &df, true)
	return cmd
}

// runPredict writes m's predictions for input to w; the CSV settings given
// does not report are the ones m's training recorded.
func runPredict(w io.Writer, df *run.DataConfig, given func(string) bool, modelPath, input string, batch int, withProbs bool) error {
	m, err := model.Load(modelPath)
	if err != nil {
		return err
	}
	if err := df.UseRecordedCSV(m, modelPath, given); err != nil {
		return err
	}
	d, err := loadUnlabelled(df, input, m)
	if err != nil {
		var fe *data.FeatureError
		if used := m.Config["label-col"]; df.LabelCol == "" && errors.As(err, &fe) && fe.Names(used) {
			return fmt.Errorf("%w; training took its labels from that column: name it with --label-col %s to leave it out", err, used)
		}
		return df.ExplainRecordedCSV(err, input, m, modelPath, given)
	}
	if err := run.CheckData(m, d); err != nil {
		return withLabelColHint(err, df, input, d, m)
	}
	return predict(w, m, d, batch, withProbs)
}

// predict writes m's prediction for each sample of d (already checked
// against m and scaled by checkData) as CSV (Model.WritePredictionsCSV):
// row,class and, withProbs, a probability column per class, or a
// regression model's targets.
func predict(w io.Writer, m *model.Model, d *data.Dataset, batch int, withProbs bool) error {
	pred, err := m.PredictData(d, batch)
	if err != nil {
		return run.InferenceError(d, err)
	}
	return m.WritePredictionsCSV(w, pred, withProbs)
}

// loadUnlabelled reads prediction input: an IDX images file (its labels, if
// any, are not needed) or a CSV file whose --label-col, if given, is
// dropped.
func loadUnlabelled(df *run.DataConfig, path string, m *model.Model) (*data.Dataset, error) {
	idx, err := data.IsIDX(path)
	if err != nil {
		return nil, err
	}
	if idx {
		return data.LoadIDXImages(path)
	}
	// Labels, if any, are dropped unread: whatever they are, or missing.
	opts := df.CSVOptions(0, nil)
	opts.Task = data.TaskClassification
	if m.Regression() {
		opts.Task = data.TaskRegression // a list of target columns to drop
	}
	opts.Unlabelled, opts.DropLabels = df.LabelCol == "", df.LabelCol != ""
	return data.ReadCSV(path, opts)
}

// withLabelColHint adds to a feature-count error that a CSV input with
// more columns than the model's inputs may hold its labels, which predict
// reads as features unless --label-col names them (eval's test files do).
func withLabelColHint(err error, df *run.DataConfig, input string, d *data.Dataset, m *model.Model) error {
	extra := d.Features - m.Net.InFeatures()
	if idx, _ := data.IsIDX(input); idx || df.LabelCol != "" || extra <= 0 {
		return err
	}
	hint := "; if one column is the label, name it with --label-col"
	if extra > 1 {
		hint = fmt.Sprintf("; if %d columns are labels, name them with --label-col", extra)
	}
	if used := m.Config["label-col"]; used != "" {
		hint += " (training used --label-col " + used + ")"
	}
	return fmt.Errorf("%w%s", err, hint)
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
