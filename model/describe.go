package model

import (
	"fmt"
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// layerOf describes a built nn layer, or fails for a layer type that
// Spec cannot express.
func layerOf(l nn.Layer) (Layer, error) {
	switch v := l.(type) {
	case *nn.Linear:
		s := Layer{Type: "Linear", Args: []string{strconv.Itoa(v.InFeatures), strconv.Itoa(v.OutFeatures)}}
		if v.Bias == nil {
			s.Kwargs = []Kwarg{{"bias", "False"}}
		}
		return s, nil
	case *nn.BatchNorm1d:
		return Layer{Type: "BatchNorm1d", Args: []string{strconv.Itoa(v.NumFeatures)},
			Kwargs: batchNormKwargs(v.Eps, v.Momentum, v.CumulativeAverage, v.Affine(), v.TrackRunningStats())}, nil
	case *nn.LeakyReLU:
		return Layer{Type: "LeakyReLU", Args: []string{strconv.FormatFloat(float64(v.NegativeSlope), 'g', -1, 32)}}, nil
	case *nn.Dropout:
		return Layer{Type: "Dropout", Args: []string{formatFloat(v.P)}}, nil
	case *nn.Conv2d:
		return conv2dLayer(v), nil
	case *nn.Softmax:
		return Layer{Type: "Softmax", Kwargs: []Kwarg{{"dim", "1"}}}, nil
	case *nn.ReLU, *nn.Sigmoid, *nn.Tanh, *nn.Flatten:
		return Layer{Type: l.Type()}, nil
	case *nn.MaxPool2d, *nn.AvgPool2d, *nn.AdaptiveAvgPool2d, *nn.BatchNorm2d, *nn.Dropout2d, *nn.Residual:
		return cnnLayerOf(l)
	}
	return Layer{}, fmt.Errorf("layer type %s (%T) has no module string brawn reads", l.Type(), l)
}

// conv2dLayer spells a Conv2d as PyTorch code constructs it, with the
// arguments that differ from their defaults, e.g. "Conv2d(1, 32, 3,
// padding=1)" or "Conv2d(8, 8, (3, 1), stride=2, groups=8, bias=False)".
func conv2dLayer(c *nn.Conv2d) Layer {
	s := Layer{Type: "Conv2d", Args: []string{strconv.Itoa(c.InChannels), strconv.Itoa(c.OutChannels), pairText(c.KernelSize)}}
	if c.Stride != [2]int{1, 1} {
		s.Kwargs = append(s.Kwargs, Kwarg{"stride", pairText(c.Stride)})
	}
	switch {
	case c.Same:
		s.Kwargs = append(s.Kwargs, Kwarg{"padding", "'same'"})
	case c.Padding != [2]int{}:
		s.Kwargs = append(s.Kwargs, Kwarg{"padding", pairText(c.Padding)})
	}
	if c.Dilation != [2]int{1, 1} {
		s.Kwargs = append(s.Kwargs, Kwarg{"dilation", pairText(c.Dilation)})
	}
	if c.Groups != 1 {
		s.Kwargs = append(s.Kwargs, Kwarg{"groups", strconv.Itoa(c.Groups)})
	}
	if c.NoBias {
		s.Kwargs = append(s.Kwargs, Kwarg{"bias", "False"})
	}
	return s
}

// batchNormKwargs spells a BatchNorm1d's or BatchNorm2d's settings as
// keyword arguments, leaving out those with PyTorch's defaults:
// "eps=0.001", "momentum=None", "affine=False", "track_running_stats=False".
func batchNormKwargs(eps, momentum float64, cumulative, affine, track bool) []Kwarg {
	var kw []Kwarg
	if eps != 1e-5 {
		kw = append(kw, Kwarg{"eps", formatFloat(eps)})
	}
	if cumulative {
		kw = append(kw, Kwarg{"momentum", "None"})
	} else if momentum != 0.1 {
		kw = append(kw, Kwarg{"momentum", formatFloat(momentum)})
	}
	if !affine {
		kw = append(kw, Kwarg{"affine", "False"})
	}
	if !track {
		kw = append(kw, Kwarg{"track_running_stats", "False"})
	}
	return kw
}

// cnnLayerOf describes the layers buildCNN builds, leaving out the
// arguments that have PyTorch's defaults.
func cnnLayerOf(l nn.Layer) (Layer, error) {
	s := Layer{Type: l.Type()}
	kw := func(name, value string) { s.Kwargs = append(s.Kwargs, Kwarg{name, value}) }
	window := func(kernel, stride, padding [2]int) { // a pooling window's stride and padding
		if stride != kernel {
			kw("stride", pairText(stride))
		}
		if padding != [2]int{} {
			kw("padding", pairText(padding))
		}
	}
	switch v := l.(type) {
	case *nn.MaxPool2d:
		s.Args = []string{pairText(v.KernelSize)}
		window(v.KernelSize, v.Stride, v.Padding)
		if v.Dilation != [2]int{1, 1} {
			kw("dilation", pairText(v.Dilation))
		}
		if v.CeilMode {
			kw("ceil_mode", "True")
		}
	case *nn.AvgPool2d:
		s.Args = []string{pairText(v.KernelSize)}
		window(v.KernelSize, v.Stride, v.Padding)
		if v.CeilMode {
			kw("ceil_mode", "True")
		}
		if !v.CountIncludePad {
			kw("count_include_pad", "False")
		}
		if v.DivisorOverride != 0 {
			kw("divisor_override", strconv.Itoa(v.DivisorOverride))
		}
	case *nn.AdaptiveAvgPool2d:
		if o := v.OutputSize; o[0] == o[1] && o[0] != 0 {
			s.Args = []string{strconv.Itoa(o[0])}
		} else {
			dim := func(n int) string {
				if n == 0 {
					return "None"
				}
				return strconv.Itoa(n)
			}
			s.Args = []string{"(" + dim(o[0]) + ", " + dim(o[1]) + ")"}
		}
	case *nn.BatchNorm2d:
		s.Args = []string{strconv.Itoa(v.NumFeatures)}
		s.Kwargs = batchNormKwargs(v.Eps, v.Momentum, v.CumulativeAverage, v.Affine(), v.TrackRunningStats())
	case *nn.Dropout2d:
		s.Args = []string{formatFloat(v.P)}
	case *nn.Residual:
		s.Sub = map[string][]Layer{}
		for _, branch := range []struct {
			name   string
			layers []nn.Layer
		}{{"f", v.F}, {"downsample", v.Downsample}} {
			if len(branch.layers) == 0 {
				continue
			}
			sub := make([]Layer, len(branch.layers))
			for j, inner := range branch.layers {
				var err error
				if sub[j], err = layerOf(inner); err != nil {
					return Layer{}, fmt.Errorf("Residual's %s.%d: %w", branch.name, j, err)
				}
			}
			s.Sub[branch.name] = sub
			text := Spec{Layers: sub}.String()
			if branch.name == "f" {
				s.Args = []string{text}
			} else {
				kw(branch.name, text)
			}
		}
	}
	return s, nil
}

// SpecOf describes a built network. It fails for a layer type that has no
// module string brawn reads back (a layer a user wrote).
func SpecOf(net *nn.Sequential) (Spec, error) {
	s := Spec{Inputs: net.InFeatures(), Layers: make([]Layer, len(net.Layers))}
	if in := net.InShape(); len(in) > 1 {
		s.Input = in
	}
	for i, l := range net.Layers {
		var err error
		if s.Layers[i], err = layerOf(l); err != nil {
			return Spec{}, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	return s, nil
}
