package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// Spec is a network's architecture: the input features and the layers, as
// torch.nn.Sequential(*layers) would be built.
type Spec struct {
	// Inputs is the number of features of one sample.
	Inputs int
	// InputShape is the shape of one sample when it is not a vector of
	// Inputs features, e.g. [1, 28, 28] (C, H, W) for a network of images;
	// nil for a vector.
	InputShape nn.Shape
	Layers     []Layer
}

// String returns the PyTorch module string, e.g.
// "Sequential(Linear(784, 256), ReLU(), Linear(256, 10))", which
// ParseModule reads back.
func (s Spec) String() string {
	parts := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		parts[i] = l.String()
	}
	return "Sequential(" + strings.Join(parts, ", ") + ")"
}

// Build returns the network the spec describes, its weights as nn's
// constructors initialize them (PyTorch's defaults, drawn from nn's
// default generator; see nn.ManualSeed and Sequential.ResetParameters). The
// error names the layer (its index and PyTorch call) whose arguments are
// wrong or that does not take its input's width.
func (s Spec) Build() (*nn.Sequential, error) {
	if s.Inputs <= 0 {
		return nil, fmt.Errorf("the architecture has %d inputs (must be positive)", s.Inputs)
	}
	if len(s.Layers) == 0 {
		return nil, fmt.Errorf("the architecture has no layers")
	}
	if n := s.linearParams(); n > MaxParams {
		return nil, fmt.Errorf("the network %s has more than %d parameters, more than brawn trains in memory", s, MaxParams)
	}
	ls := make([]nn.Layer, len(s.Layers))
	for i, l := range s.Layers {
		var err error
		if ls[i], err = l.build(); err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	if s.InputShape != nil {
		if s.InputShape.Size() != s.Inputs {
			return nil, fmt.Errorf("the architecture's input shape %v does not hold its %d inputs", s.InputShape, s.Inputs)
		}
		return nn.NewSequential(s.InputShape, ls...)
	}
	return nn.NewSequential(s.Inputs, ls...)
}

// linearParams counts the weights and biases of the Linear layers (in
// float64, so that absurd sizes cannot overflow); 0 for a layer whose
// sizes do not parse, which Build then refuses.
func (s Spec) linearParams() float64 { return countParams(s.Layers) }

// countParams counts the weights and biases of layers' Linear layers and
// the scales and shifts of their BatchNorm2d layers, inside Residual
// blocks too.
func countParams(layers []Layer) float64 {
	n := 0.0
	for _, l := range layers {
		for _, sub := range l.Sub {
			n += countParams(sub)
		}
		switch {
		case l.Type == "Linear" && len(l.Args) >= 2:
			in, err1 := strconv.ParseFloat(l.Args[0], 64)
			out, err2 := strconv.ParseFloat(l.Args[1], 64)
			if err1 == nil && err2 == nil && in > 0 && out > 0 {
				n += in*out + out
			}
		case l.Type == "BatchNorm2d" && len(l.Args) >= 1:
			if c, err := strconv.ParseFloat(l.Args[0], 64); err == nil && c > 0 {
				n += 2 * c
			}
		}
	}
	return n
}

// MaxParams bounds the parameters of a network brawn builds from a spec:
// 2^30 float32 values are 4 GiB for the weights alone, and as much again
// for each of their gradients and optimizer moments.
const MaxParams = 1 << 30

// SpecOf describes a built network. It fails for a layer type that has no
// module string brawn reads back (a layer a user wrote).
func SpecOf(net *nn.Sequential) (Spec, error) {
	s := Spec{Inputs: net.InFeatures(), Layers: make([]Layer, len(net.Layers))}
	if in := net.InShape(); len(in) > 1 {
		s.InputShape = in
	}
	for i, l := range net.Layers {
		var err error
		if s.Layers[i], err = layerOf(l); err != nil {
			return Spec{}, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	return s, nil
}
