package model

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// Evaluation is a model's scores on labelled data (Evaluate).
type Evaluation struct {
	// Loss is the mean loss per sample (nn.LossMean; weighted by the
	// labels' class weights for a loss with them): of class labels for a classifier,
	// of the targets standardized as in training for a regression.
	Loss float64
	// Samples is the number of samples evaluated, Ignored included.
	Samples int
	// Ignored counts the samples whose label the loss ignores
	// (nn.IgnoredLabel, PyTorch's ignore_index), which count in none of
	// the scores, as torchmetrics' ignore_index leaves them out.
	Ignored int
	// Accuracy is the fraction of the samples not ignored whose class is
	// predicted right (the trace of Confusion over its total); NaN for a
	// regression, or when every label is ignored.
	Accuracy float64
	// Confusion[i][j] counts the samples of true class i predicted as
	// class j, as scikit-learn's confusion_matrix, the ignored ones left
	// out; nil for a regression.
	Confusion [][]int
	// Regression holds a regression's R², MSE and MAE in the targets'
	// units; nil for a classifier.
	Regression *RegressionScores
}

// Evaluate scores the model on d in one pass of Infer (see there for
// batch, threads, and why the results do not depend on them): the mean of
// loss (the loss the model was trained with) over d, the whole set's
// (nn.LossMean: the class-weighted mean for a loss with class weights)
// and, for a classifier, the accuracy and the confusion matrix, with each
// sample's class predicted as PredictData does; for a regression, R², MSE
// and MAE of the predictions in the targets' units, the loss on targets
// standardized by Targets. d's features must be scaled as the training
// data were (Scaler.Apply). Besides d it holds one batch of float32 rows
// and, for a regression, the predictions and standardized targets.
//
// It fails if d or loss is nil, if d has no samples, if d has no labels, or none the model predicts (a label
// outside the model's classes, but for the one loss ignores, targets of another width), if an output
// is not finite (*NonFiniteError, naming the row of d) or if loss fails.
func (m *Model) Evaluate(d *data.Dataset, loss nn.Loss, batch int) (*Evaluation, error) {
	if d == nil || loss == nil {
		return nil, fmt.Errorf("model: Evaluate needs a data set and a loss")
	}
	if d.Len() == 0 {
		return nil, fmt.Errorf("%s: no samples to evaluate the model on", d.Source)
	}
	if m.Regression() {
		return m.evaluateRegression(d, loss, batch)
	}
	classes := m.NumClasses()
	if d.Y == nil {
		return nil, fmt.Errorf("%s: no class labels to evaluate the model on", d.Source)
	}
	ignored, ignores := nn.IgnoredLabel(loss)
	if err := nn.CheckLabels(d, classes, loss); err != nil {
		return nil, err
	}
	ev := &Evaluation{Samples: d.Len(), Confusion: make([][]int, classes)}
	for i := range ev.Confusion {
		ev.Confusion[i] = make([]int, classes)
	}
	w := m.Net.OutFeatures()
	pred := make([]int, min(d.Len(), BlockRows(m.Net)))
	var b nn.Batch
	var total nn.LossMean
	err := m.Infer(d, batch, func(lo int, out *nn.Tensor) error {
		if err := checkFinite(out.Data, lo, w, false); err != nil {
			return err
		}
		k := out.Rows()
		if k > len(pred) { // the caller's batches, with batch statistics (Infer)
			pred = make([]int, k)
		}
		b.Labels = d.Y[lo : lo+k]
		l, err := loss.Forward(out, &b)
		if err != nil {
			return err
		}
		total.Add(loss, l, k, b.Labels)
		p := pred[:k]
		predictClasses(p, out.Data, w)
		for i, y := range b.Labels {
			if ignores && y == ignored {
				ev.Ignored++
				continue
			}
			ev.Confusion[y][p[i]]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	right := 0
	for i := range classes {
		right += ev.Confusion[i][i]
	}
	ev.Loss, ev.Accuracy = total.Mean(), nn.Accuracy(right, ev.Samples, ev.Ignored)
	return ev, nil
}

// evaluateRegression is Evaluate for a regression model.
func (m *Model) evaluateRegression(d *data.Dataset, loss nn.Loss, batch int) (*Evaluation, error) {
	o := m.Net.OutFeatures()
	if d.Targets == nil || d.Outputs != o {
		return nil, fmt.Errorf("%s: %d target columns, but the model predicts %d", d.Source, d.Outputs, o)
	}
	ts := &data.TargetScaler{Mean: make([]float64, o), Std: make([]float64, o)}
	for j := range ts.Std {
		ts.Std[j] = 1
	}
	if m.Targets != nil {
		ts = m.Targets.Scaler()
	}
	standardized := ts.Transform(d.Targets)
	pred := make([]float32, len(d.Targets))
	b := nn.Batch{Targets: *nn.FromSlice(nil, 0, o)}
	var total nn.LossMean
	err := m.Infer(d, batch, func(lo int, out *nn.Tensor) error {
		if err := checkFinite(out.Data, lo, o, false); err != nil {
			return err
		}
		k := out.Rows()
		b.Targets.Data, b.Targets.Shape[0] = standardized[lo*o:(lo+k)*o], k
		l, err := loss.Forward(out, &b)
		if err != nil {
			return err
		}
		total.Add(loss, l, k, nil)
		p := pred[lo*o : (lo+k)*o]
		copy(p, out.Data)
		ts.Inverse(p)
		return checkFinite(p, lo, o, true)
	})
	if err != nil {
		return nil, err
	}
	n := d.Len()
	s := ScoreRegression(pred, d.Targets, o)
	return &Evaluation{Loss: total.Mean(), Samples: n, Accuracy: math.NaN(), Regression: &s}, nil
}
