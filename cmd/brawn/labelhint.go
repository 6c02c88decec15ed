package main

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
)

// labelColumnMistake explains a feature count error (err, from
// Dataset.CheckFeatures) that a regression's target columns account for:
// a test set read with fewer or more target columns than the model
// predicts. Other errors are returned as they are.
func labelColumnMistake(m *model.Model, d *data.Dataset, err error) error {
	if !m.Regression() || m.Targets == nil {
		return err
	}
	want := m.NumOutputs()
	if d.Outputs > 0 && d.Outputs != want && d.Features+d.Outputs == m.Net.InFeatures()+want {
		return fmt.Errorf("%s: %s, but the model predicts %d (%s); give them with --label-col",
			d.Source, plural(d.Outputs, "target column"), want, strings.Join(m.Targets.Names, ", "))
	}
	return err
}

// checkData verifies that d fits the model (features, labels) and scales
// it in place as the training data were.
func checkData(m *model.Model, d *data.Dataset) error {
	if err := d.CheckFeatures(m.Net.InFeatures()); err != nil {
		return labelColumnMistake(m, d, err)
	}
	if d.Labelled() {
		if err := d.CheckClasses(m.NumClasses()); err != nil {
			return err
		}
	}
	if m.Scaler != nil {
		return m.Scaler.Apply(d)
	}
	return nil
}
