package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

func newEvalCmd() *cobra.Command {
	var df run.DataConfig
	var modelPath string
	var batch int
	var jsonPath string
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Evaluate a saved model: loss, accuracy and a confusion matrix",
		Long: `Evaluate a model saved by brawn train on labelled data: the mean loss (the
loss the model was trained with), the accuracy and the confusion matrix
(rows: true class, columns: predicted class), and each class's precision,
recall, F1 and support with their macro and weighted averages, as
scikit-learn's classification_report (a ratio of 0/0 is 0, as its
zero_division default, with a note). The data are scaled as the training
data were. A model trained with --class-weights or --pos-weight is scored
with them, and the loss line says so; with class weights the loss is the
set's weighted mean, Σ w·loss / Σ w, as PyTorch's
CrossEntropyLoss(weight=w) over the whole set. Rows labelled -100, the
label a cross-entropy model's loss ignores (PyTorch's default
ignore_index), are left out of every score, and counted. For a regression model, the loss (on standardized targets) and
R², MSE and MAE in the targets' units; the targets are read from
--label-col, by default the training run's. Without --test or --data, a model trained with --test-split is
evaluated on the rows it held out of its training file. A line after the
data's says how long the scoring took (the forward passes and the scores,
not loading), its samples/s, and the kernel level and threads it ran on:
every core's, or GOMAXPROCS's.`,
		Example: `  brawn eval --model mnist.safetensors --data mnist
  brawn eval --model iris.safetensors --test iris-test.csv --label-col species`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if modelPath == "" {
				return errors.New("--model FILE is required: a model saved by brawn train --save")
			}
			if batch <= 0 {
				return run.BadField("batch", batch, "must be a positive integer")
			}
			if err := df.Validate(false); err != nil {
				return err
			}
			if err := checkEvalJSON(jsonPath, modelPath, &df); err != nil {
				return err
			}
			// As brawn train shows the loading of a large file, at its
			// default --log-every off a terminal.
			df.ShowLoading(cmd.ErrOrStderr(), run.DefaultConfig().LogEvery)
			return runEval(cmd.OutOrStdout(), cmd.ErrOrStderr(), &df, cmd.Flags().Changed, modelPath, batch, jsonPath)
		},
	}
	cmd.Flags().StringVar(&modelPath, "model", "", "the model file (safetensors, from brawn train --save)")
	intVar(cmd.Flags(), &batch, "batch", run.EvalBatch, evalBatchHelp)
	cmd.Flags().StringVar(&jsonPath, "json", "", "also write the results as JSON to this file: loss, accuracy, samples (and ignored, those labelled -100), confusion_matrix and classification_report (as scikit-learn's output_dict=True); for a regression loss, samples, targets, r2, mse and mae")
	registerData(cmd.Flags(), &df, false)
	return cmd
}

func runEval(w, errw io.Writer, df *run.DataConfig, given func(string) bool, modelPath string, batch int, jsonPath string) error {
	m, err := model.Load(modelPath)
	if err != nil {
		return err
	}
	if m.Regression() {
		return runEvalRegression(w, errw, df, given, m, modelPath, batch, jsonPath)
	}
	test, err := df.LoadEvalData(m, modelPath, given)
	if err != nil {
		return err
	}
	// Checked again: the held-out rows' files may come from the model.
	if err := checkEvalJSON(jsonPath, modelPath, df); err != nil {
		return err
	}
	return evaluate(w, errw, modelPath, m, test, batch, jsonPath)
}

// evaluate prints m's loss, accuracy, confusion matrix and classification
// report on test (already checked against m and scaled by loadEvalData),
// and writes them to jsonPath as JSON unless it is empty; modelPath names m
// in output, and notes go to errw.
func evaluate(w, errw io.Writer, modelPath string, m *model.Model, test *data.Dataset, batch int, jsonPath string) error {
	loss, err := run.ModelLoss(m)
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	start := time.Now()
	ev, err := m.Evaluate(test, loss, batch)
	if err != nil {
		return run.InferenceError(test, err)
	}
	took := time.Since(start)
	evenedBatchNote(errw, m, test.Len(), batch)
	names := m.ClassLabels()
	r := evalResult{Loss: ev.Loss, Accuracy: ev.Accuracy, Samples: ev.Samples, Ignored: ev.Ignored, Confusion: ev.Confusion}
	fmt.Fprintf(w, "model %s: %s, epochs trained: %d%s\n", modelPath, m.PyTorch(), m.Epoch, restoredBest(m))
	fmt.Fprintf(w, "data  %s: %s%s\n", test.Source, run.Plural(r.Samples, "sample"), run.IgnoredNote(r.Ignored, loss))
	writeEvalTime(w, m, test.Len(), took)
	if r.Samples > 0 && r.Ignored == r.Samples {
		// Nothing is scored: the loss is no mean (nn's 0 for a batch of
		// ignored labels only) and the accuracy none.
		r.Loss, r.Accuracy = math.NaN(), math.NaN()
		fmt.Fprintf(w, "loss      -\naccuracy  - (every label is one the loss ignores: nothing to score)\n")
	} else {
		fmt.Fprintf(w, "loss      %s%s\naccuracy  %.2f%% (%d of %d)\n", lossText(r.Loss), lossWeightsNote(m), 100*r.Accuracy, trace(r.Confusion), r.Samples-r.Ignored)
	}
	if err := model.WriteConfusionMatrix(w, r.Confusion, names); err != nil {
		return err
	}
	report := model.NewClassificationReport(r.Confusion, names)
	fmt.Fprintln(w)
	report.Write(w)
	if jsonPath != "" {
		return writeEvalJSON(jsonPath, modelPath, test.Source, names, r, report)
	}
	return nil
}

// lossWeightsNote says, after eval's loss, that the loss weighs the
// classes as the model was trained to (--class-weights, --pos-weight), so
// that it is not taken for the plain cross-entropy; "" without weights.
func lossWeightsNote(m *model.Model) string {
	if v := m.Config["class-weights"]; v != "" {
		return " (class-weighted: --class-weights " + v + ")"
	}
	if v := m.Config["pos-weight"]; v != "" && v != "0" {
		return " (positives weighted: --pos-weight " + v + ")"
	}
	return ""
}

func trace(m [][]int) int {
	t := 0
	for i := range m {
		t += m[i][i]
	}
	return t
}

// runEvalRegression is eval for a regression model: the loss it was
// trained with (on standardized targets) and R², MSE and MAE in the
// targets' units.
func runEvalRegression(w, errw io.Writer, df *run.DataConfig, given func(string) bool, m *model.Model, modelPath string, batch int, jsonPath string) error {
	test, err := df.LoadEvalData(m, modelPath, given)
	if err != nil {
		return err
	}
	if test.Outputs != m.NumOutputs() {
		return fmt.Errorf("%s: %d target columns, but the model predicts %d (%s); give them with --label-col", test.Source, test.Outputs, m.NumOutputs(), strings.Join(m.TargetNames(), ", "))
	}
	loss, err := run.ModelLoss(m)
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	start := time.Now()
	metrics, err := m.Evaluate(test, loss, batch)
	if err != nil {
		return run.InferenceError(test, err)
	}
	took := time.Since(start)
	evenedBatchNote(errw, m, test.Len(), batch)
	scores := metrics.Regression
	fmt.Fprintf(w, "model %s: %s, epochs trained: %d%s\n", modelPath, m.PyTorch(), m.Epoch, restoredBest(m))
	fmt.Fprintf(w, "data  %s: %s, %s (%s)\n", test.Source, run.Plural(test.Len(), "sample"), run.Plural(test.Outputs, "target"), strings.Join(test.TargetNames, ", "))
	writeEvalTime(w, m, test.Len(), took)
	fmt.Fprintf(w, "loss  %s (%s on standardized targets)\n", lossText(metrics.Loss), loss.Name())
	fmt.Fprintf(w, "R²    %.4f\nMSE   %.5g\nMAE   %.5g\n", scores.R2, scores.MSE, scores.MAE)
	if jsonPath == "" {
		return nil
	}
	return run.WriteJSONFile(jsonPath, evalRegressionJSON{
		Model: modelPath, Data: test.Source, Samples: test.Len(), Loss: model.JSONFloat(metrics.Loss), Targets: test.TargetNames,
		R2: model.JSONFloat(scores.R2), MSE: model.JSONFloat(scores.MSE), MAE: model.JSONFloat(scores.MAE),
	})
}

// evalRegressionJSON is eval's --json for a regression model: the loss on
// standardized targets, and R², MSE and MAE in the targets' units.
type evalRegressionJSON struct {
	Model   string          `json:"model"`
	Data    string          `json:"data"`
	Samples int             `json:"samples"`
	Loss    model.JSONFloat `json:"loss"`
	Targets []string        `json:"targets"`
	R2      model.JSONFloat `json:"r2"`
	MSE     model.JSONFloat `json:"mse"`
	MAE     model.JSONFloat `json:"mae"`
}

// writeEvalTime writes eval's time line: the samples scored, how long
// Model.Evaluate took over them (the forward passes, the loss and the
// counts; not loading the model or the data), the rate, and the kernel
// level and threads it ran on (nn.Sequential.EffectiveThreads, as
// Model.Infer takes them), named as train's summary names them.
func writeEvalTime(w io.Writer, m *model.Model, samples int, took time.Duration) {
	rate := "-"
	if took > 0 {
		rate = callbacks.Thousands(int(math.Round(float64(samples) / took.Seconds())))
	}
	fmt.Fprintf(w, "time  %s in %s (%s samples/s); kernels: %s, threads: %d\n",
		run.Plural(samples, "sample"), took.Round(time.Microsecond), rate, kernels.Active(), m.Net.EffectiveThreads())
}

// lossText prints a loss with four decimals, or in exponent form when
// that would spell a huge number digit by digit.
func lossText(v float64) string {
	if math.Abs(v) >= 1e6 {
		return strconv.FormatFloat(v, 'g', 5, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}
