package main

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Tasks --task accepts. "" (the default) reads class labels and refuses
// labels that look continuous (data.TaskAuto).
const (
	taskClassification = "classification"
	taskRegression     = "regression"
)

// validateTask checks --task and what it needs of the data.
func (d *dataFlags) validateTask() error {
	if d.Task == "" {
		return nil
	}
	var err error
	if d.Task, err = oneOf("task", d.Task, taskClassification, taskRegression); err != nil {
		return err
	}
	if d.Task == taskRegression && d.Data != "" {
		return badFlag("task", d.Task, "needs CSV files (--train, --test) with numeric target columns; --data %s is classification", d.Data)
	}
	return nil
}

// csvTask maps --task to the CSV reader's task.
func csvTask(task string) data.Task {
	switch task {
	case taskClassification:
		return data.TaskClassification
	case taskRegression:
		return data.TaskRegression
	}
	return data.TaskAuto
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
	if task != taskRegression {
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

// useTask makes the data flags read a test set as the model was trained:
// a regression model's targets from the training run's --label-col, unless
// one is given.
func useTask(m *model.Model, d *dataFlags) {
	if !m.Regression() {
		return
	}
	d.Task = taskRegression
	if d.LabelCol == "" {
		d.LabelCol = m.Config["label-col"]
	}
}

// checkTaskLoss fits --loss to --task: a regression takes mse (its
// default), l1 or huber; a classification cross-entropy, mse (on one-hot
// targets) or bce (two classes, one logit).
func checkTaskLoss(df *dataFlags, tf *trainFlags, changed func(string) bool) error {
	if df.Task == taskRegression {
		if !changed("loss") {
			tf.Loss = "mse"
		}
		switch tf.Loss {
		case "cross-entropy", "bce":
			return badFlag("loss", tf.Loss, "is a classification loss; --task regression takes mse, l1 or huber")
		}
		if tf.Smoothing > 0 {
			return badFlag("label-smoothing", formatFloat(tf.Smoothing), "applies to --loss cross-entropy only; a regression has no classes to smooth")
		}
		if tf.SaveBest != "" && tf.Monitor == "val_accuracy" {
			return badFlag("monitor", tf.Monitor, "a regression has no accuracy: watch val_loss")
		}
	} else if tf.Loss == "l1" || tf.Loss == "huber" {
		return badFlag("loss", tf.Loss, "is a regression loss: add --task regression, or use cross-entropy, mse or bce for classes")
	}
	if changed("huber-delta") && tf.Loss != "huber" {
		return fmt.Errorf("--huber-delta applies to --loss huber, not %s", tf.Loss)
	}
	if !(tf.HuberDelta > 0) || !finite(tf.HuberDelta) {
		return badFlag("huber-delta", formatFloat(tf.HuberDelta), "must be a finite number > 0")
	}
	return nil
}

// setTask sizes the output layer for the task: a regression's targets, or
// one logit for --loss bce, which needs exactly two classes.
func setTask(a *model.MLP, loss string, train *data.Dataset) error {
	switch {
	case train.Outputs > 0:
		a.Classes, a.Outputs = 0, train.Outputs
	case loss == "bce":
		if train.Classes != 2 {
			if occur := distinctLabels(train.Y); train.ClassNames == nil && occur == 2 {
				return badFlag("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d: its integer labels are the class indices 0..%d, and 2 of them occur (relabel the two classes 0 and 1, or use cross-entropy)",
					train.Source, train.Classes, train.Classes-1)
			}
			return badFlag("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d (use cross-entropy)", train.Source, train.Classes)
		}
		a.Outputs = 1
	}
	return nil
}

// distinctLabels counts the distinct class labels in y.
func distinctLabels(y []int) int {
	seen := map[int]bool{}
	for _, c := range y {
		seen[c] = true
	}
	return len(seen)
}

// regressionLoss builds the losses without a classification wrapper:
// a regression's mse, l1 and huber (classes 0) and bce's
// BCEWithLogitsLoss on the class labels 0 and 1; nil otherwise.
func regressionLoss(t *trainFlags, classes int) nn.Loss {
	switch {
	case t.Loss == "bce":
		return nn.NewBCEWithLogitsLoss()
	case classes > 0:
		return nil
	case t.Loss == "l1":
		return nn.NewL1Loss()
	case t.Loss == "huber":
		return &nn.HuberLoss{Delta: t.HuberDelta}
	}
	return nn.NewMSELoss()
}
