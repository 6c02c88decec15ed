package main

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// predictions runs net (in evaluation mode) over x [n, features] in batches
// and returns the softmax probabilities [n, classes] and the predicted
// class of each row (the first of equal maxima, as torch.argmax); for a
// single logit (a binary classifier), the probabilities [n, 2] are
// 1−sigmoid and sigmoid and the class is 1 where the logit is > 0. It stops
// with a *nonFiniteOutput error at the first row whose outputs are not
// finite, whose prediction would be meaningless.
func predictions(net *nn.Sequential, x []float32, features, batch int) (probs []float32, class []int, err error) {
	n := len(x) / features
	c := net.OutFeatures()
	if c == 1 {
		return binaryPredictions(net, x, features, batch)
	}
	probs = make([]float32, n*c)
	class = make([]int, n)
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		in := nn.FromSlice(x[lo*features:hi*features], hi-lo, features)
		out := net.Forward(in)
		for k, v := range out.Data[:(hi-lo)*c] {
			if !finite(float64(v)) {
				return nil, nil, &nonFiniteOutput{row: lo + k/c, output: k % c, value: v}
			}
		}
		p := probs[lo*c : hi*c]
		kernels.Softmax(p, out.Data, hi-lo, c)
		kernels.RowArgmax(class[lo:hi], out.Data, hi-lo, c)
	}
	return probs, class, nil
}

// nonFiniteOutput is a row (counted from 0) whose network output is NaN or
// infinite: its features, though finite, are too large for the weights; or
// a regression's finite output that overflows in the targets' units.
type nonFiniteOutput struct {
	row, output int
	value       float32
	// unstandardized: the output was finite, but not once a regression's
	// target standardization was undone.
	unstandardized bool
}

func (e *nonFiniteOutput) Error() string {
	return fmt.Sprintf("row %d: the model's output %d is %v", e.row, e.output, e.value)
}

// inferenceError names the file and line of a *nonFiniteOutput in d, and
// its cause.
func inferenceError(d *data.Dataset, err error) error {
	var nf *nonFiniteOutput
	if !errors.As(err, &nf) {
		return err
	}
	if nf.unstandardized {
		return fmt.Errorf("%s: the model's output %d is %v in the targets' units for this row: its standardized value times the training targets' std plus their mean overflows float32",
			d.SamplePosition(nf.row), nf.output, nf.value)
	}
	return fmt.Errorf("%s: the model's output %d is %v for this row: its features, scaled as the training data were, are too large for the network",
		d.SamplePosition(nf.row), nf.output, nf.value)
}

// confusion counts rows by true class (first index) and predicted class.
func confusion(labels, pred []int, classes int) [][]int {
	m := make([][]int, classes)
	for i := range m {
		m[i] = make([]int, classes)
	}
	for i, y := range labels {
		m[y][pred[i]]++
	}
	return m
}
