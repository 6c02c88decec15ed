package main

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/data"
)

// labelColumnMistake explains a feature count error (err, from
// Dataset.CheckFeatures) that a regression's target columns account for:
// a test set read with fewer or more target columns than the model
// predicts. Other errors are returned as they are.
func (m *savedModel) labelColumnMistake(d *data.Dataset, err error) error {
	if !m.Arch.regression() || m.Targets == nil {
		return err
	}
	want := m.Arch.Outputs
	if d.Outputs > 0 && d.Outputs != want && d.Features+d.Outputs == m.Arch.Inputs+want {
		return fmt.Errorf("%s: %s, but the model predicts %d (%s); give them with --label-col",
			d.Source, plural(d.Outputs, "target column"), want, strings.Join(m.Targets.Names, ", "))
	}
	return err
}
