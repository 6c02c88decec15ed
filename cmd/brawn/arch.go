package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// archSpec is the network's architecture as the checkpoint's metadata
// records it: enough to rebuild the same torch.nn.Sequential.
//
// Each hidden size h adds Linear(in, h), then BatchNorm1d(h) when BatchNorm,
// then the activation, then Dropout(p) when Dropout > 0; a final
// Linear(in, Classes) gives the logits, or Linear(in, Outputs) when Outputs
// is set: one logit of a binary classifier (Classes 2, BCEWithLogitsLoss)
// or a regression's targets (Classes 0).
type archSpec struct {
	Inputs     int     `json:"inputs"`
	Hidden     []int   `json:"hidden"`
	Classes    int     `json:"classes"`
	Outputs    int     `json:"outputs,omitempty"`
	Activation string  `json:"activation"`
	LeakySlope float64 `json:"leaky_slope,omitempty"`
	Dropout    float64 `json:"dropout,omitempty"`
	BatchNorm  bool    `json:"batchnorm,omitempty"`
}

// layers returns the architecture's layers, untrained.
func (a archSpec) layers() ([]nn.Layer, error) {
	var ls []nn.Layer
	in := a.Inputs
	for _, h := range a.Hidden {
		ls = append(ls, nn.NewLinear(in, h))
		if a.BatchNorm {
			ls = append(ls, nn.NewBatchNorm1d(h))
		}
		switch a.Activation {
		case "relu":
			ls = append(ls, nn.NewReLU())
		case "leakyrelu":
			ls = append(ls, nn.NewLeakyReLU(float32(a.LeakySlope)))
		case "sigmoid":
			ls = append(ls, nn.NewSigmoid())
		case "tanh":
			ls = append(ls, nn.NewTanh())
		default:
			return nil, fmt.Errorf("unknown activation %q (want relu, leakyrelu, sigmoid or tanh)", a.Activation)
		}
		if a.Dropout > 0 {
			ls = append(ls, nn.NewDropout(a.Dropout))
		}
		in = h
	}
	return append(ls, nn.NewLinear(in, a.width())), nil
}

// maxParams bounds the parameters of a network brawn builds: 2^30 float32
// values are 4 GiB for the weights alone, and as much again for each of
// their gradients and optimizer moments.
const maxParams = 1 << 30

// params counts the Linear layers' weights and biases (in float64, so
// that absurd sizes cannot overflow).
func (a archSpec) params() float64 {
	n, in := 0.0, float64(a.Inputs)
	for _, h := range append(append([]int(nil), a.Hidden...), a.width()) {
		n += in*float64(h) + float64(h)
		in = float64(h)
	}
	return n
}

// validate checks that every size is positive, the dropout probability is
// in [0, 1) (as --dropout) and the leaky slope a finite float32 >= 0, so
// that nn's constructors (which panic on such programming errors) never see
// a corrupt one and a slope cannot turn every output into NaN.
func (a archSpec) validate() error {
	if a.Inputs <= 0 {
		return fmt.Errorf("corrupt architecture: inputs %d (must be positive)", a.Inputs)
	}
	for _, h := range a.Hidden {
		if h <= 0 {
			return fmt.Errorf("corrupt architecture: hidden size %d (must be positive)", h)
		}
	}
	if err := a.validateOutputs(); err != nil {
		return err
	}
	if !(a.Dropout >= 0 && a.Dropout < 1) {
		return fmt.Errorf("corrupt architecture: dropout %g (must be in [0, 1))", a.Dropout)
	}
	if !validLeakySlope(a.LeakySlope) {
		return fmt.Errorf("corrupt architecture: leaky_slope %g (must be >= 0 and at most float32's largest value %s)", a.LeakySlope, maxFloat32)
	}
	return nil
}

// validLeakySlope reports whether s is usable as LeakyReLU's float32
// negative slope: >= 0 and finite once rounded to float32.
func validLeakySlope(s float64) bool { return s >= 0 && s <= math.MaxFloat32 }

// maxFloat32 is math.MaxFloat32 as the shortest float32 spelling.
var maxFloat32 = strconv.FormatFloat(math.MaxFloat32, 'g', -1, 32)

// build returns the architecture as a Sequential (weights zero).
func (a archSpec) build() (*nn.Sequential, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	if a.params() > maxParams {
		return nil, fmt.Errorf("the network %s has more than %d parameters, more than brawn trains in memory; use smaller --layers", a, maxParams)
	}
	ls, err := a.layers()
	if err != nil {
		return nil, err
	}
	return nn.NewSequential(a.Inputs, ls...)
}

// String gives the sizes like 784-256-128-10.
func (a archSpec) String() string {
	s := strconv.Itoa(a.Inputs)
	for _, h := range a.Hidden {
		s += "-" + strconv.Itoa(h)
	}
	return s + "-" + strconv.Itoa(a.width())
}

// summaryRows describes the model's layers for writeSummary: a Linear
// layer's output width is its weight's first dimension ([out, in]); other
// layers keep their input's width.
func summaryRows(m *nn.Sequential) []layerInfo {
	rows := make([]layerInfo, len(m.Layers))
	width := m.InFeatures()
	for i, l := range m.Layers {
		r := layerInfo{Name: strconv.Itoa(i), Type: l.Type()}
		for _, p := range l.Params() {
			switch p.Kind {
			case nn.KindWeight:
				r.Weights += len(p.Value.Data)
				width = p.Value.Shape[0]
			case nn.KindNorm:
				r.Norm += len(p.Value.Data)
			default:
				r.Biases += len(p.Value.Data)
			}
		}
		for _, b := range l.Buffers() {
			r.Buffers += len(b.Value.Data)
		}
		r.Out = width
		rows[i] = r
	}
	return rows
}

// initializer maps --init to nn's weight initializer: He (Kaiming, fan_in)
// with the gain of the hidden activation (ReLU, or LeakyReLU's slope),
// Xavier/Glorot with gain 1, LeCun normal, or PyTorch's Linear default.
func initializer(name, activation string, slope float64) nn.Initializer {
	a := 0.0
	if activation == "leakyrelu" {
		a = slope
	}
	switch name {
	case "he-uniform":
		return nn.KaimingUniform{A: a}
	case "xavier-normal":
		return nn.XavierNormal{}
	case "xavier-uniform":
		return nn.XavierUniform{}
	case "lecun":
		return nn.LeCunNormal{}
	case "pytorch":
		return nn.PyTorchLinear{}
	}
	return nn.KaimingNormal{A: a}
}
