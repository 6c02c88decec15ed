package main

import (
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/run"
)

// setTask sizes the output layer for the task: a regression's targets, or
// one logit for --loss bce, which needs exactly two classes.
func setTask(a *model.MLP, loss string, train *data.Dataset) error {
	switch {
	case train.Outputs > 0:
		a.Classes, a.Outputs = 0, train.Outputs
	case loss == "bce":
		if train.Classes != 2 {
			if occur := distinctLabels(train.Y); train.ClassNames == nil && occur == 2 {
				return run.BadField("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d: its integer labels are the class indices 0..%d, and 2 of them occur (relabel the two classes 0 and 1, or use cross-entropy)",
					train.Source, train.Classes, train.Classes-1)
			}
			return run.BadField("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d (use cross-entropy)", train.Source, train.Classes)
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
