package model

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// Prediction is a model's output for n samples.
type Prediction struct {
	// Probs [n, classes] row-major are a classifier's class probabilities:
	// the softmax of the logits, or for one logit z (a binary classifier)
	// 1−σ(z) and σ(z), computed in float64. A network whose last layer is
	// a Softmax (EndsInSoftmax) gives probabilities already: they are its
	// outputs as they are, not their softmax again. nil for a regression.
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
	Row, Output    int     // the sample's row and the output's index in it, from 0
	Value          float32 // the NaN or infinite output
	Unstandardized bool    // Value is in the targets' units, after undoing the standardization
}

// Error implements error.
func (e *NonFiniteError) Error() string {
	if e.Unstandardized {
		return fmt.Sprintf("row %d: the model's output %d is %v in the targets' units", e.Row, e.Output, e.Value)
	}
	return fmt.Sprintf("row %d: the model's output %d is %v", e.Row, e.Output, e.Value)
}

// Predict runs the model on raw features x [n, Inputs] row-major, in
// evaluation mode, as PredictData: it scales a copy of x as the training
// data were (Scaler) and returns class probabilities or a regression's
// targets in their units. It fails if len(x) is not a multiple of Inputs,
// batch < 1, a feature is not a finite number, or does not scale to one
// (the error names its sample and feature), or an output is not finite
// (*NonFiniteError).
//
// Like every call of Infer it runs the network on whole blocks of
// BlockRows rows, padded with zero rows, so that a row's outputs are the
// same bits in any batch: one row costs as much as a block (1024 rows of
// the default MLP). For the latency of one row, call Net.Predict on
// scaled features instead, whose outputs may then differ from a batch's
// in the last bits. A Model is not safe for concurrent use (see
// nn.Sequential): give each goroutine its own, from Load or Clone.
func (m *Model) Predict(x []float32, batch int) (*Prediction, error) {
	in := m.Net.InFeatures()
	if len(x)%in != 0 {
		return nil, fmt.Errorf("%d input values are not a whole number of rows of %d features", len(x), in)
	}
	d := &data.Dataset{X: x, Features: in, Source: "input"}
	if m.Scaler == nil || m.Scaler.Method == data.NormNone { // Apply checks nothing then
		if err := finiteFeatures(d); err != nil {
			return nil, err
		}
		return m.PredictScaled(x, batch)
	}
	if err := m.Scaler.Apply(d); err != nil { // into a new d.X: x is not written
		return nil, err
	}
	return m.PredictScaled(d.X, batch)
}

// finiteFeatures returns an error naming the first feature of d that is
// NaN or infinite.
func finiteFeatures(d *data.Dataset) error {
	for i, v := range d.X {
		if nonFinite32(v) {
			return fmt.Errorf("%s: %v is not a finite number", d.Position(i/d.Features, i%d.Features), v)
		}
	}
	return nil
}

// PredictScaled is Predict for features that are already scaled as the
// training data were: PredictData of x [n, Inputs] row-major. It fails if
// len(x) is not a multiple of the network's input features, and as
// PredictData does.
func (m *Model) PredictScaled(x []float32, batch int) (*Prediction, error) {
	in := m.Net.InFeatures()
	if len(x)%in != 0 {
		return nil, fmt.Errorf("%d input values are not a whole number of rows of %d features", len(x), in)
	}
	return m.PredictData(&data.Dataset{X: x, Features: in, Source: "input"}, batch)
}

// PredictData returns the model's predictions for every sample of d,
// whose features are already scaled as the training data were
// (Scaler.Apply, as brawn eval and predict do to report a bad value's
// file position): class probabilities and classes, or a regression's
// targets in their units. It runs Infer (see there for batch, threads and
// why the results are the same bits for any of them), so the memory it
// takes besides d is one batch of float32 rows and the Prediction. It
// fails if batch < 1, d's rows are not the model's inputs, or an output is
// not finite (*NonFiniteError, naming the sample's row in d).
func (m *Model) PredictData(d *data.Dataset, batch int) (*Prediction, error) {
	n, w := d.Len(), m.Net.OutFeatures()
	p := &Prediction{}
	softmaxed := m.EndsInSoftmax() // the outputs are probabilities already
	var ts *data.TargetScaler
	switch {
	case m.Regression():
		p.Targets = make([]float32, n*w)
		if m.Targets != nil {
			ts = m.Targets.Scaler()
		}
	case w == 1:
		p.Probs, p.Class = make([]float32, 2*n), make([]int, n)
	default:
		p.Probs, p.Class = make([]float32, n*w), make([]int, n)
	}
	err := m.Infer(d, batch, func(lo int, out *nn.Tensor) error {
		if err := checkFinite(out.Data, lo, w, false); err != nil {
			return err
		}
		k := out.Rows()
		switch {
		case p.Targets != nil:
			t := p.Targets[lo*w : (lo+k)*w]
			copy(t, out.Data)
			if ts != nil {
				ts.Inverse(t)
				return checkFinite(t, lo, w, true)
			}
		case w == 1:
			for i, z := range out.Data {
				p1 := 1 / (1 + math.Exp(-float64(z)))
				p.Probs[2*(lo+i)], p.Probs[2*(lo+i)+1] = float32(1-p1), float32(p1)
			}
			predictClasses(p.Class[lo:lo+k], out.Data, w)
		case softmaxed:
			copy(p.Probs[lo*w:(lo+k)*w], out.Data)
			predictClasses(p.Class[lo:lo+k], out.Data, w)
		default:
			kernels.Softmax(p.Probs[lo*w:(lo+k)*w], out.Data, k, w)
			predictClasses(p.Class[lo:lo+k], out.Data, w)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// EndsInSoftmax reports whether the network's last layer is a Softmax, as
// a Keras model's often is: its outputs are then class probabilities, not
// logits. PredictData reports them as they are; Evaluate's loss still
// takes them as logits, as training did (cross-entropy applies its own
// log-softmax, as PyTorch's CrossEntropyLoss does), and brawn train warns
// of such a network. A one-output network never counts: the softmax of
// one value is 1.
func (m *Model) EndsInSoftmax() bool {
	layers := m.Net.Layers
	if len(layers) == 0 || m.Net.OutFeatures() < 2 {
		return false
	}
	_, ok := layers[len(layers)-1].(*nn.Softmax)
	return ok
}

// predictClasses sets each row's class from the logits out [len(dst), w]:
// the first of equal maxima (torch.argmax), or for one logit (a binary
// classifier) 1 where it is > 0.
func predictClasses(dst []int, out []float32, w int) {
	if w > 1 {
		kernels.RowArgmax(dst, out, len(dst), w)
		return
	}
	for i, z := range out {
		dst[i] = 0
		if z > 0 {
			dst[i] = 1
		}
	}
}

// checkFinite returns a *NonFiniteError for the first value of out
// ([rows, w] outputs of the rows from lo) that is NaN or infinite.
func checkFinite(out []float32, lo, w int, unstandardized bool) error {
	for k, v := range out {
		if nonFinite32(v) {
			return &NonFiniteError{Row: lo + k/w, Output: k % w, Value: v, Unstandardized: unstandardized}
		}
	}
	return nil
}
