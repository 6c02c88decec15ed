package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// binaryPredictions is predictions for a network with one logit: the
// probabilities [n, 2] of class 0 and 1 (1−σ(z), σ(z), computed in
// float64) and the class, 1 where z > 0, as BCEWithLogitsLoss trains it.
func binaryPredictions(net *nn.Sequential, x []float32, features, batch int) (probs []float32, class []int, err error) {
	z, err := net.Predict(x, batch)
	if err != nil {
		return nil, nil, err
	}
	probs = make([]float32, 2*len(z))
	class = make([]int, len(z))
	for i, v := range z {
		if !finite(float64(v)) {
			return nil, nil, &nonFiniteOutput{row: i, output: 0, value: v}
		}
		p1 := 1 / (1 + math.Exp(-float64(v)))
		probs[2*i], probs[2*i+1] = float32(1-p1), float32(p1)
		if v > 0 {
			class[i] = 1
		}
	}
	return probs, class, nil
}

// writeRegressionPredictions writes a regression's predictions as CSV:
// the row number (from 0) and each target, named as in the training
// data's header, in the targets' units.
func writeRegressionPredictions(w io.Writer, net *nn.Sequential, m *savedModel, d *data.Dataset, batch int) error {
	pred, err := predictTargets(net, d.X, m.Targets.scaler(), batch)
	if err != nil {
		return inferenceError(d, err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("row")
	for _, n := range m.Targets.Names {
		bw.WriteString("," + csvField(n))
	}
	bw.WriteByte('\n')
	o := m.Arch.Outputs
	buf := make([]byte, 0, 64)
	for i := range len(pred) / o {
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
func runEvalRegression(w io.Writer, df *dataFlags, m *savedModel, modelPath string, batch int, jsonPath string) error {
	test, err := df.loadEvalData(m, modelPath)
	if err != nil {
		return err
	}
	if test.Outputs != m.Arch.Outputs {
		return fmt.Errorf("%s: %d target columns, but the model predicts %d (%s); give them with --label-col", test.Source, test.Outputs, m.Arch.Outputs, strings.Join(m.Targets.Names, ", "))
	}
	net, err := m.network()
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	ts := m.Targets.scaler()
	scores, err := regressionScores(net, test, ts, batch)
	if err != nil {
		return err
	}
	ds, err := nnDataset(test, 0, ts)
	if err != nil {
		return fmt.Errorf("%s: %w", test.Source, err)
	}
	tf := trainFlags{Loss: m.Flags["loss"]}
	tf.HuberDelta, _ = strconv.ParseFloat(m.Flags["huber-delta"], 64)
	loss := newLoss(&tf, 0)
	metrics, err := nn.Evaluate(net, loss, ds, batch)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "model %s: %s, epochs trained: %d%s\n", modelPath, m.Arch.pytorch(), m.Epoch, m.restoredBest())
	fmt.Fprintf(w, "data  %s: %d samples, %s (%s)\n", test.Source, test.Len(), plural(test.Outputs, "target"), strings.Join(test.TargetNames, ", "))
	fmt.Fprintf(w, "loss  %.4f (%s on standardized targets)\n", metrics.Loss, loss.Name())
	fmt.Fprintf(w, "R²    %.4f\nMSE   %.5g\nMAE   %.5g\n", scores.R2, scores.MSE, scores.MAE)
	if jsonPath == "" {
		return nil
	}
	return writeJSONFile(jsonPath, evalRegressionJSON{
		Model: modelPath, Data: test.Source, Samples: test.Len(), Loss: jfloat(metrics.Loss), Targets: test.TargetNames,
		R2: jfloat(scores.R2), MSE: jfloat(scores.MSE), MAE: jfloat(scores.MAE),
	})
}

// evalRegressionJSON is eval's --json for a regression model: the loss on
// standardized targets, and R², MSE and MAE in the targets' units.
type evalRegressionJSON struct {
	Model   string   `json:"model"`
	Data    string   `json:"data"`
	Samples int      `json:"samples"`
	Loss    jfloat   `json:"loss"`
	Targets []string `json:"targets"`
	R2      jfloat   `json:"r2"`
	MSE     jfloat   `json:"mse"`
	MAE     jfloat   `json:"mae"`
}
