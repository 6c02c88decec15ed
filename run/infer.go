package run

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/runplot"
)

// InferenceError names the file and line of a *model.NonFiniteError in
// d, and its cause; other errors are returned as they are.
func InferenceError(d *data.Dataset, err error) error {
	var nf *model.NonFiniteError
	if !errors.As(err, &nf) {
		return err
	}
	if nf.Unstandardized {
		return fmt.Errorf("%s: the model's output %d is %v in the targets' units for this row: its standardized value times the training targets' std plus their mean overflows float32",
			d.SamplePosition(nf.Row), nf.Output, nf.Value)
	}
	return fmt.Errorf("%s: the model's output %d is %v for this row: its features, scaled as the training data were, are too large for the network",
		d.SamplePosition(nf.Row), nf.Output, nf.Value)
}

// ParamHistograms are histograms of the values of every parameter of net.
func ParamHistograms(net *nn.Sequential) []runplot.Histogram {
	var hists []runplot.Histogram
	for _, p := range net.Params() {
		hists = append(hists, runplot.Histogram{Title: p.Name, Values: p.Value.Data})
	}
	return hists
}
