package model

import (
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// Spec is a network's architecture: the input's shape and the layers, as
// torch.nn.Sequential(*layers) would be built.
type Spec struct {
	// Inputs is the number of values of one sample: its features, or
	// Input's product.
	Inputs int
	// Input is the shape of one sample when it is not a vector: [C, H, W]
	// for images fed to a Conv2d, e.g. [1, 28, 28]; nil for Inputs
	// features. A module string does not say an image's height and width:
	// ParseModule leaves them 0 ([C, 0, 0]), to be filled in from the data
	// (or a checkpoint's MetaInputShape) before Build.
	Input  nn.Shape
	Layers []Layer // in order, input side first
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
// wrong or that does not take its input's shape.
func (s Spec) Build() (*nn.Sequential, error) {
	if s.Input != nil {
		if err := s.checkInput(); err != nil {
			return nil, err
		}
	} else if s.Inputs <= 0 {
		return nil, fmt.Errorf("the architecture has %d inputs (must be positive)", s.Inputs)
	}
	if len(s.Layers) == 0 {
		return nil, fmt.Errorf("the architecture has no layers")
	}
	if n := s.weightCount(); n > MaxParams {
		return nil, fmt.Errorf("the network %s has more than %d parameters, more than brawn trains in memory", s, MaxParams)
	}
	ls := make([]nn.Layer, len(s.Layers))
	for i, l := range s.Layers {
		var err error
		if ls[i], err = l.build(); err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	if s.Input != nil {
		return nn.NewSequential(s.Input, ls...)
	}
	return nn.NewSequential(s.Inputs, ls...)
}

// checkInput checks that Input is complete and agrees with Inputs.
func (s Spec) checkInput() error {
	for _, d := range s.Input {
		if d <= 0 {
			return fmt.Errorf("the architecture's input shape %v is incomplete: the module string does not say the images' height and width; they come from the data or from the checkpoint's %q", s.Input, MetaInputShape)
		}
	}
	if s.Inputs != 0 && s.Inputs != s.Input.Size() {
		return fmt.Errorf("the architecture has %d inputs, but its input shape %v holds %d", s.Inputs, s.Input, s.Input.Size())
	}
	return nil
}

// weightCount counts the weights and biases of the Linear and Conv2d
// layers and the scales and shifts of the BatchNorm1d and BatchNorm2d
// layers with affine, inside Residual blocks too (in float64, so that
// absurd sizes cannot overflow); 0 for a layer whose sizes do not parse,
// which Build then refuses.
func (s Spec) weightCount() float64 { return weightCount(s.Layers) }

func weightCount(layers []Layer) float64 {
	n := 0.0
	for _, l := range layers {
		for _, sub := range l.Sub {
			n += weightCount(sub)
		}
		a := args{l: l}
		switch l.Type {
		case "Linear":
			in, out := a.number(0, "in_features"), a.number(1, "out_features")
			n += in * out
			if a.boolean(2, "bias", true) {
				n += out
			}
		case "Conv2d":
			in, out := a.number(0, "in_channels"), a.number(1, "out_channels")
			k := a.pair(2, "kernel_size", [2]int{})
			n += in / float64(max(a.integer(6, "groups", 1), 1)) * out * float64(k[0]) * float64(k[1])
			if a.boolean(7, "bias", true) {
				n += out
			}
		case "BatchNorm1d", "BatchNorm2d":
			if a.boolean(3, "affine", true) {
				n += 2 * a.number(0, "num_features")
			}
		}
	}
	return n
}

// MaxParams bounds the parameters of a network brawn builds from a spec:
// 2^30 float32 values are 4 GiB for the weights alone, and as much again
// for each of their gradients and optimizer moments.
const MaxParams = 1 << 30
