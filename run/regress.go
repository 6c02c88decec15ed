package run

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// regressionModel is net predicting targets standardized by ts.
func regressionModel(net *nn.Sequential, ts *data.TargetScaler) *model.Model {
	return &model.Model{Net: net, Outputs: net.OutFeatures(), Targets: &model.Targets{Mean: ts.Mean, Std: ts.Std}}
}

// regressionScores scores net on d in the targets' units.
func regressionScores(net *nn.Sequential, d *data.Dataset, ts *data.TargetScaler, batch int) (model.RegressionScores, error) {
	p, err := regressionModel(net, ts).PredictData(d, batch)
	if err != nil {
		return model.RegressionScores{}, InferenceError(d, err)
	}
	return model.ScoreRegression(p.Targets, d.Targets, d.Outputs), nil
}

// trainingView is d as the network trains on it: its class labels counted
// among classes (the training set's), or a regression's targets
// standardized by ts (a copy; the features are shared).
func trainingView(d *data.Dataset, classes int, ts *data.TargetScaler) *data.Dataset {
	v := *d
	if ts != nil {
		v.Targets = ts.Transform(d.Targets)
	} else {
		v.Classes = classes
	}
	return &v
}

// addScores adds a regression's training, test (and validation) scores
// to an epoch's metrics: those of the weights at the epoch's end, in
// evaluation mode (the training loss is the running mean over the epoch's
// steps, as for classification).
func (r *trainRun) addScores(m *model.EpochMetrics) error {
	if r.ds.Targets == nil {
		return nil
	}
	test, err := regressionScores(r.net, r.ds.Test, r.ds.Targets, evalBatch(r.net))
	if err != nil {
		return err
	}
	m.TestMSE, m.TestMAE, m.TestR2 = &test.MSE, &test.MAE, &test.R2
	train, err := regressionScores(r.net, r.ds.Train, r.ds.Targets, evalBatch(r.net))
	if err != nil {
		return err
	}
	m.TrainMSE, m.TrainMAE, m.TrainR2 = &train.MSE, &train.MAE, &train.R2
	if r.ds.Val != nil {
		val, err := regressionScores(r.net, r.ds.Val, r.ds.Targets, evalBatch(r.net))
		if err != nil {
			return err
		}
		m.ValMSE, m.ValMAE, m.ValR2 = &val.MSE, &val.MAE, &val.R2
	}
	return nil
}

// finalTestScores are a regression's test scores of the model as it ends
// (see finalMetrics); ok is false for classification or before an epoch.
func (r *trainRun) finalTestScores() (s model.RegressionScores, ok bool, err error) {
	if r.ds.Targets == nil {
		return s, false, nil
	}
	if r.stopped == "early-stop" {
		s, err = regressionScores(r.net, r.ds.Test, r.ds.Targets, evalBatch(r.net))
		return s, err == nil, err
	}
	n := len(r.hist.Epochs)
	if n == 0 || r.hist.Epochs[n-1].TestR2 == nil {
		return s, false, nil
	}
	last := r.hist.Epochs[n-1]
	return model.RegressionScores{MSE: *last.TestMSE, MAE: *last.TestMAE, R2: *last.TestR2}, true, nil
}

// predicts says what the network predicts, for the data line: "3 classes",
// "2 classes (one logit)" or "1 target (y)".
func (r *trainRun) predicts() string {
	switch {
	case r.arch.Regression():
		return fmt.Sprintf("%s (%s, standardized for training)", Plural(r.arch.Outputs, "target"), strings.Join(r.ds.Train.TargetNames, ", "))
	case r.arch.Binary():
		return "2 classes (one logit, BCEWithLogitsLoss)"
	}
	return fmt.Sprintf("%d classes", r.arch.Classes)
}

// testResult is the final line's score: the accuracy, or a regression's
// R², MSE and MAE in the targets' units.
func (r *trainRun) testResult(final nn.Metrics) (string, error) {
	s, ok, err := r.finalTestScores()
	if err != nil {
		return "", err
	}
	if !ok {
		return fmt.Sprintf("accuracy %.2f%%", 100*final.Accuracy), nil
	}
	return s.String(), nil
}

// regressionEpochLine is epochLine for a regression: the training loss
// (on standardized targets) and R², and the validation and test loss, R²,
// MSE and MAE (in the targets' units).
func regressionEpochLine(m model.EpochMetrics, val bool) string {
	s := fmt.Sprintf("epoch %d  loss %s", m.Epoch, callbacks.FormatLoss(m.TrainLoss))
	if m.TrainR2 != nil {
		s += fmt.Sprintf("  r2 %.4f", *m.TrainR2)
	}
	if val && m.ValLoss != nil && m.ValR2 != nil {
		s += fmt.Sprintf("  val_loss %s  val_r2 %.4f  val_mse %.5g  val_mae %.5g", callbacks.FormatLoss(*m.ValLoss), *m.ValR2, *m.ValMSE, *m.ValMAE)
	}
	return s + fmt.Sprintf("  test_loss %s  test_r2 %.4f  test_mse %.5g  test_mae %.5g  lr %.3g  %.1fs",
		callbacks.FormatLoss(m.TestLoss), *m.TestR2, *m.TestMSE, *m.TestMAE, m.LR, m.Seconds) + callbacks.FormatRate(m.SamplesPerSec)
}
