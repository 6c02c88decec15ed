package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/model"
)

// writeRegressionPredictions writes a regression's predictions as CSV:
// the row number (from 0) and each target, named as in the training
// data's header, in the targets' units (pred [rows, outputs], from
// Model.Predict).
func writeRegressionPredictions(w io.Writer, m *model.Model, pred []float32, rows int) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("row")
	for _, n := range m.TargetNames() {
		bw.WriteString("," + csvField(n))
	}
	bw.WriteByte('\n')
	o := m.NumOutputs()
	buf := make([]byte, 0, 64)
	for i := range rows {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		for _, v := range pred[i*o : (i+1)*o] {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// csvField quotes a CSV field when it holds a delimiter, quote or newline.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// runEvalRegression is eval for a regression model: the loss it was
// trained with (on standardized targets) and R², MSE and MAE in the
// targets' units.
func runEvalRegression(w io.Writer, df *dataFlags, m *model.Model, modelPath string, batch int, jsonPath string) error {
	test, err := df.loadEvalData(m, modelPath)
	if err != nil {
		return err
	}
	if test.Outputs != m.NumOutputs() {
		return fmt.Errorf("%s: %d target columns, but the model predicts %d (%s); give them with --label-col", test.Source, test.Outputs, m.NumOutputs(), strings.Join(m.TargetNames(), ", "))
	}
	tf := trainFlags{Loss: m.Config["loss"]}
	tf.HuberDelta, _ = strconv.ParseFloat(m.Config["huber-delta"], 64)
	loss := newLoss(&tf, 0)
	metrics, err := m.Evaluate(test, loss, batch)
	if err != nil {
		return inferenceError(test, err)
	}
	scores := metrics.Regression
	fmt.Fprintf(w, "model %s: %s, epochs trained: %d%s\n", modelPath, m.PyTorch(), m.Epoch, restoredBest(m))
	fmt.Fprintf(w, "data  %s: %d samples, %s (%s)\n", test.Source, test.Len(), plural(test.Outputs, "target"), strings.Join(test.TargetNames, ", "))
	fmt.Fprintf(w, "loss  %.4f (%s on standardized targets)\n", metrics.Loss, loss.Name())
	fmt.Fprintf(w, "R²    %.4f\nMSE   %.5g\nMAE   %.5g\n", scores.R2, scores.MSE, scores.MAE)
	if jsonPath == "" {
		return nil
	}
	return writeJSONFile(jsonPath, evalRegressionJSON{
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
