package model

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// MLP is the architecture brawn train's flags describe, as a checkpoint's
// "brawn.architecture" entry records it (JSON, the field tags below).
//
// Each hidden size h adds Linear(in, h), then BatchNorm1d(h) when
// BatchNorm, then the activation, then Dropout(p) when Dropout > 0; a final
// Linear(in, Classes) gives the logits, or Linear(in, Outputs) when Outputs
// is set: one logit of a binary classifier (Classes 2, BCEWithLogitsLoss)
// or a regression's targets (Classes 0).
type MLP struct {
	Inputs  int   `json:"inputs"`            // features per sample
	Hidden  []int `json:"hidden"`            // the hidden layers' sizes, input side first
	Classes int   `json:"classes"`           // classes; 0 for a regression
	Outputs int   `json:"outputs,omitempty"` // when > 0, the last layer's size instead of Classes (see above)
	// Activation is relu, leakyrelu (with LeakySlope), sigmoid or tanh.
	Activation string  `json:"activation"`
	LeakySlope float64 `json:"leaky_slope,omitempty"` // LeakyReLU's negative_slope; 0 is a slope of 0, not PyTorch's default 0.01
	Dropout    float64 `json:"dropout,omitempty"`     // probability of zeroing a hidden unit; 0 adds no Dropout
	BatchNorm  bool    `json:"batchnorm,omitempty"`   // add BatchNorm1d after each hidden Linear
}

// DefaultMLP returns brawn train's default architecture (its --layers
// 256,128 and --activation relu) for inputs features and classes classes:
// Linear(inputs, 256), ReLU, Linear(256, 128), ReLU, Linear(128, classes),
// without dropout or batch normalization; 784-256-128-10 on MNIST.
func DefaultMLP(inputs, classes int) *MLP {
	return &MLP{Inputs: inputs, Hidden: []int{256, 128}, Classes: classes, Activation: "relu"}
}

// activations are the layers of MLP.Activation's names.
var activations = map[string]string{"relu": "ReLU", "leakyrelu": "LeakyReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}

// Spec returns the architecture's layers. It fails for an unknown
// activation.
func (a MLP) Spec() (Spec, error) {
	act, ok := activations[a.Activation]
	if !ok {
		return Spec{}, fmt.Errorf("unknown activation %q (want relu, leakyrelu, sigmoid or tanh)", a.Activation)
	}
	s := Spec{Inputs: a.Inputs}
	in := a.Inputs
	for _, h := range a.Hidden {
		s.Layers = append(s.Layers, Layer{Type: "Linear", Args: []string{strconv.Itoa(in), strconv.Itoa(h)}})
		if a.BatchNorm {
			s.Layers = append(s.Layers, Layer{Type: "BatchNorm1d", Args: []string{strconv.Itoa(h)}})
		}
		l := Layer{Type: act}
		if act == "LeakyReLU" {
			l.Args = []string{formatFloat(a.LeakySlope)}
		}
		s.Layers = append(s.Layers, l)
		if a.Dropout > 0 {
			s.Layers = append(s.Layers, Layer{Type: "Dropout", Args: []string{formatFloat(a.Dropout)}})
		}
		in = h
	}
	s.Layers = append(s.Layers, Layer{Type: "Linear", Args: []string{strconv.Itoa(in), strconv.Itoa(a.Width())}})
	return s, nil
}

// PyTorch returns the PyTorch module string, e.g.
// "Sequential(Linear(784, 256), ReLU(), Linear(256, 10))", or "" for an
// unknown activation.
func (a MLP) PyTorch() string {
	s, err := a.Spec()
	if err != nil {
		return ""
	}
	return s.String()
}

// Width is the size of the network's last layer: Outputs when set, else
// Classes.
func (a MLP) Width() int {
	if a.Outputs > 0 {
		return a.Outputs
	}
	return a.Classes
}

// Regression reports whether the network predicts float targets.
func (a MLP) Regression() bool { return a.Classes == 0 && a.Outputs > 0 }

// Binary reports whether the network is a binary classifier with one logit.
func (a MLP) Binary() bool { return a.Classes == 2 && a.Outputs == 1 }

// Params counts the Linear layers' weights and biases (in float64, so
// that absurd sizes cannot overflow).
func (a MLP) Params() float64 {
	n, in := 0.0, float64(a.Inputs)
	for _, h := range append(append([]int(nil), a.Hidden...), a.Width()) {
		n += in*float64(h) + float64(h)
		in = float64(h)
	}
	return n
}

// Validate checks that every size is positive, the outputs fit the
// classes, the dropout probability is in [0, 1) and the leaky slope a
// finite float32 >= 0, so that nn's constructors (which panic on such
// programming errors) never see a corrupt one and a slope cannot turn
// every output into NaN. Its errors start "corrupt architecture:".
func (a MLP) Validate() error {
	if a.Inputs <= 0 {
		return fmt.Errorf("corrupt architecture: inputs %d (must be positive)", a.Inputs)
	}
	for _, h := range a.Hidden {
		if h <= 0 {
			return fmt.Errorf("corrupt architecture: hidden size %d (must be positive)", h)
		}
	}
	if err := validateTask(a.Classes, a.Outputs); err != nil {
		return err
	}
	if !(a.Dropout >= 0 && a.Dropout < 1) {
		return fmt.Errorf("corrupt architecture: dropout %g (must be in [0, 1))", a.Dropout)
	}
	if !ValidLeakySlope(a.LeakySlope) {
		return fmt.Errorf("corrupt architecture: leaky_slope %g (must be >= 0 and at most float32's largest value %s)", a.LeakySlope, maxFloat32)
	}
	return nil
}

// validateTask checks the output sizes: classes > 0 logits, one logit for
// two classes, or outputs > 0 targets (classes 0).
func validateTask(classes, outputs int) error {
	switch {
	case classes < 0 || outputs < 0:
		return fmt.Errorf("corrupt architecture: classes %d, outputs %d (must not be negative)", classes, outputs)
	case outputs == 0 && classes == 0:
		return fmt.Errorf("corrupt architecture: classes 0 (must be positive)")
	case outputs > 0 && classes > 0 && !(classes == 2 && outputs == 1):
		return fmt.Errorf("corrupt architecture: %d outputs for %d classes (only a binary classifier, 2 classes, has 1 output)", outputs, classes)
	}
	return nil
}

// ValidLeakySlope reports whether s is usable as LeakyReLU's float32
// negative slope: >= 0 and finite once rounded to float32.
func ValidLeakySlope(s float64) bool { return s >= 0 && s <= math.MaxFloat32 }

// maxFloat32 is math.MaxFloat32 as the shortest float32 spelling.
var maxFloat32 = strconv.FormatFloat(math.MaxFloat32, 'g', -1, 32)

// Build validates the architecture and returns it as a Sequential, its
// weights as nn's constructors initialize them (see Spec.Build). A network of more than
// MaxParams parameters is refused.
func (a MLP) Build() (*nn.Sequential, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if a.Params() > MaxParams {
		return nil, fmt.Errorf("the network %s has more than %d parameters, more than brawn trains in memory; use smaller hidden layers (MLP.Hidden)", a, MaxParams)
	}
	s, err := a.Spec()
	if err != nil {
		return nil, err
	}
	return s.Build()
}

// String gives the sizes like 784-256-128-10.
func (a MLP) String() string {
	s := strconv.Itoa(a.Inputs)
	for _, h := range a.Hidden {
		s += "-" + strconv.Itoa(h)
	}
	return s + "-" + strconv.Itoa(a.Width())
}
