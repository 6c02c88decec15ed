package model

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
)

// Prediction is a model's output for n samples.
type Prediction struct {
	// Probs [n, classes] row-major are a classifier's class probabilities:
	// the softmax of the logits, or for one logit z (a binary classifier)
	// 1−σ(z) and σ(z), computed in float64. nil for a regression.
	Probs []float32
	// Class [n] is a classifier's predicted class index: the first of
	// equal maxima (torch.argmax), or 1 where a binary classifier's logit
	// is > 0. nil for a regression.
	Class []int
	// Targets [n, outputs] row-major are a regression's predictions in
	// the targets' own units (the training standardization undone). nil
	// for a classifier.
	Targets []float32
}

// NonFiniteError is a sample (row, counted from 0) whose network output
// is NaN or infinite: its features, though finite, are too large for the
// weights; or, Unstandardized, a regression's finite output that
// overflows float32 in the targets' units.
type NonFiniteError struct {
	Row, Output    int
	Value          float32
	Unstandardized bool
}

// Error implements error.
func (e *NonFiniteError) Error() string {
	if e.Unstandardized {
		return fmt.Sprintf("row %d: the model's output %d is %v in the targets' units", e.Row, e.Output, e.Value)
	}
	return fmt.Sprintf("row %d: the model's output %d is %v", e.Row, e.Output, e.Value)
}

// Predict runs the model on raw features x [n, Inputs] row-major, in
// evaluation mode, batch rows per forward pass, on Net's threads (every
// core unless Net.SetThreads says otherwise): it scales a copy of x as
// the training data were (Scaler) and returns class probabilities or a
// regression's targets in their units. It fails if len(x) is not a
// multiple of Inputs, batch < 1, a scaled feature is not a finite float32
// (the error names its row and column) or an output is not finite
// (*NonFiniteError).
func (m *Model) Predict(x []float32, batch int) (*Prediction, error) {
	in := m.Net.InFeatures()
	if len(x)%in != 0 {
		return nil, fmt.Errorf("%d input values are not a whole number of rows of %d features", len(x), in)
	}
	if m.Scaler != nil {
		d := &data.Dataset{X: append([]float32(nil), x...), Features: in, Source: "input"}
		if err := m.Scaler.Apply(d); err != nil {
			return nil, err
		}
		x = d.X
	}
	return m.PredictScaled(x, batch)
}

// PredictScaled is Predict for features that are already scaled as the
// training data were (by Scaler.Apply, as brawn eval and predict do to
// report a bad value's file position).
func (m *Model) PredictScaled(x []float32, batch int) (*Prediction, error) {
	out, err := m.Net.Predict(x, batch)
	if err != nil {
		return nil, err
	}
	w := m.Net.OutFeatures()
	n := len(out) / w
	for k, v := range out {
		if nonFinite32(v) {
			return nil, &NonFiniteError{Row: k / w, Output: k % w, Value: v}
		}
	}
	switch {
	case m.Regression():
		if m.Targets != nil {
			m.Targets.Scaler().Inverse(out)
			for k, v := range out {
				if nonFinite32(v) {
					return nil, &NonFiniteError{Row: k / w, Output: k % w, Value: v, Unstandardized: true}
				}
			}
		}
		return &Prediction{Targets: out}, nil
	case w == 1:
		p := &Prediction{Probs: make([]float32, 2*n), Class: make([]int, n)}
		for i, z := range out {
			p1 := 1 / (1 + math.Exp(-float64(z)))
			p.Probs[2*i], p.Probs[2*i+1] = float32(1-p1), float32(p1)
			if z > 0 {
				p.Class[i] = 1
			}
		}
		return p, nil
	}
	p := &Prediction{Probs: make([]float32, n*w), Class: make([]int, n)}
	kernels.Softmax(p.Probs, out, n, w)
	kernels.RowArgmax(p.Class, out, n, w)
	return p, nil
}
