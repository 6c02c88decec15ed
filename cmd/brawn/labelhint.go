package main

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/data"
)

// labelColumnMistake explains a feature count error (err, from
// Dataset.CheckFeatures) that the model's label columns account for: a
// regression's test set read with fewer or more target columns than the
// model predicts, or prediction input that still holds the label
// column(s) but was read without --label-col. Other errors are returned
// as they are.
func (m *savedModel) labelColumnMistake(d *data.Dataset, err error) error {
	labels, what := 1, "label column"
	if m.Arch.regression() && m.Targets != nil {
		labels, what = m.Arch.Outputs, "target column"
		if d.Outputs > 0 && d.Outputs != labels && d.Features+d.Outputs == m.Arch.Inputs+labels {
			return fmt.Errorf("%s: %s, but the model predicts %d (%s); give them with --label-col",
				d.Source, plural(d.Outputs, what), labels, strings.Join(m.Targets.Names, ", "))
		}
	}
	if d.Labelled() || d.Features != m.Arch.Inputs+labels {
		return err
	}
	flag := "--label-col"
	if lc := m.Flags["label-col"]; lc != "" {
		flag += " " + lc
	}
	if labels == 1 {
		return fmt.Errorf("%w (if the file holds the model's %s, name it with %s)", err, what, flag)
	}
	return fmt.Errorf("%w (if the file holds the model's %d %ss, name them with %s)", err, labels, what, flag)
}
