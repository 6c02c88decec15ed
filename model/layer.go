package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// Layer is one layer of a Spec as PyTorch's constructor call spells it:
// the class name ("Linear"), the positional arguments as written
// ("784", "256") and the keyword arguments in order ("bias" = "False").
//
// The layers brawn builds, with the arguments it accepts:
//
//	Linear(in_features, out_features[, bias=False])
//	BatchNorm1d(num_features[, eps=E][, momentum=M])
//	ReLU()  Sigmoid()  Tanh()  Flatten()  Softmax(dim=1)
//	LeakyReLU([negative_slope])     default 0.01
//	Dropout([p])                    default 0.5
//	MaxPool2d(kernel_size[, stride][, padding][, dilation][, return_indices=False][, ceil_mode])
//	AvgPool2d(kernel_size[, stride][, padding][, ceil_mode][, count_include_pad][, divisor_override])
//	AdaptiveAvgPool2d(output_size)  an int or (h, w), None keeping the input's
//	BatchNorm2d(num_features[, eps][, momentum][, affine][, track_running_stats])
//	Dropout2d([p][, inplace=False]) default 0.5
//	Residual(Sequential(...)[, downsample=Sequential(...)])   see nn.Residual
//
// with PyTorch's defaults, names and positions; sizes are an int or an
// (h, w) tuple, and a stride of None is the kernel size.
type Layer struct {
	Type   string
	Args   []string
	Kwargs []Kwarg
	// Sub holds the layers of the arguments that are modules,
	// Sequential(...), by argument name: Residual's "f" and "downsample".
	// Args and Kwargs hold their module strings.
	Sub map[string][]Layer
}

// Kwarg is a keyword argument of a Layer: Name=Value, as written.
type Kwarg struct {
	Name, Value string
}

// String returns the layer as PyTorch code constructs it, e.g.
// "Linear(784, 256)" or "Linear(784, 10, bias=False)".
func (l Layer) String() string {
	parts := append([]string(nil), l.Args...)
	for _, kw := range l.Kwargs {
		parts = append(parts, kw.Name+"="+kw.Value)
	}
	return l.Type + "(" + strings.Join(parts, ", ") + ")"
}

// kwarg returns the value of keyword name, or "" and false.
func (l Layer) kwarg(name string) (string, bool) {
	for _, kw := range l.Kwargs {
		if kw.Name == name {
			return kw.Value, true
		}
	}
	return "", false
}

// build returns the nn layer that l describes. Its errors say which
// argument is wrong; the caller adds the layer's position.
func (l Layer) build() (nn.Layer, error) {
	a := args{l: l}
	var out nn.Layer
	switch l.Type {
	case "Linear":
		in, o := a.size(0, "in_features"), a.size(1, "out_features")
		bias := a.boolKw("bias", true)
		if a.err == nil && a.done(2, "bias") {
			if bias {
				out = nn.NewLinear(in, o)
			} else {
				out = nn.NewLinearNoBias(in, o)
			}
		}
	case "BatchNorm1d":
		n := a.size(0, "num_features")
		eps, mom := a.floatKw("eps", 1e-5), a.floatKw("momentum", 0.1)
		if a.err == nil && a.done(1, "eps", "momentum") {
			if !(eps > 0) || math.IsInf(eps, 1) || !(mom >= 0 && mom <= 1) {
				return nil, fmt.Errorf("%s: eps must be a finite number > 0 and momentum in [0, 1]", l)
			}
			bn := nn.NewBatchNorm1d(n)
			bn.Eps, bn.Momentum = eps, mom
			out = bn
		}
	case "LeakyReLU":
		s := a.float(0, "negative_slope", 0.01)
		if a.err == nil && a.done(1) {
			if !(s >= 0 && s <= math.MaxFloat32) {
				return nil, fmt.Errorf("%s: negative_slope %g must be >= 0 and at most float32's largest value", l, s)
			}
			out = nn.NewLeakyReLU(float32(s))
		}
	case "Dropout":
		p := a.float(0, "p", 0.5)
		if a.err == nil && a.done(1) {
			if !(p >= 0 && p < 1) {
				return nil, fmt.Errorf("%s: p %g must be in [0, 1)", l, p)
			}
			out = nn.NewDropout(p)
		}
	case "Softmax":
		d, ok := l.kwarg("dim")
		if len(l.Args) == 1 && !ok {
			d, ok = l.Args[0], true
		}
		if !ok || (d != "1" && d != "-1") || len(l.Args)+len(l.Kwargs) != 1 {
			return nil, fmt.Errorf("%s: brawn's Softmax runs over the features: write Softmax(dim=1)", l)
		}
		out = nn.NewSoftmax()
	case "ReLU", "Sigmoid", "Tanh", "Flatten":
		if a.done(0) {
			out = map[string]func() nn.Layer{
				"ReLU":    func() nn.Layer { return nn.NewReLU() },
				"Sigmoid": func() nn.Layer { return nn.NewSigmoid() },
				"Tanh":    func() nn.Layer { return nn.NewTanh() },
				"Flatten": func() nn.Layer { return nn.NewFlatten() },
			}[l.Type]()
		}
	case "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d", "Dropout2d", "Residual":
		return l.buildCNN()
	default:
		return nil, fmt.Errorf("%s: brawn has no layer %q (it builds Linear, BatchNorm1d, ReLU, LeakyReLU, Sigmoid, Tanh, Dropout, Softmax, Flatten, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm2d, Dropout2d and Residual)", l, l.Type)
	}
	if a.err != nil {
		return nil, a.err
	}
	return out, nil
}

// args reads a Layer's arguments, keeping the first error.
type args struct {
	l   Layer
	err error
}

func (a *args) fail(format string, v ...any) {
	if a.err == nil {
		a.err = fmt.Errorf("%s: "+format, append([]any{a.l}, v...)...)
	}
}

// arg returns positional argument i or, when absent, keyword name.
func (a *args) arg(i int, name string) (string, bool) {
	if i < len(a.l.Args) {
		return a.l.Args[i], true
	}
	return a.l.kwarg(name)
}

// size returns a required positive integer argument.
func (a *args) size(i int, name string) int {
	s, ok := a.arg(i, name)
	if !ok {
		a.fail("%s is missing", name)
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		a.fail("%s %q is not a positive integer", name, s)
		return 0
	}
	return n
}

// float returns an optional float argument, def when absent.
func (a *args) float(i int, name string, def float64) float64 {
	s, ok := a.arg(i, name)
	return a.parseFloat(s, ok, name, def)
}

// floatKw returns an optional float keyword argument, def when absent.
func (a *args) floatKw(name string, def float64) float64 {
	s, ok := a.l.kwarg(name)
	return a.parseFloat(s, ok, name, def)
}

// parseFloat returns argument name's value s, or def when it is absent
// (!ok).
func (a *args) parseFloat(s string, ok bool, name string, def float64) float64 {
	if !ok {
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		a.fail("%s %q is not a number", name, s)
	}
	return v
}

// boolKw returns an optional True/False keyword argument.
func (a *args) boolKw(name string, def bool) bool {
	s, ok := a.l.kwarg(name)
	return a.parseBool(s, ok, name, def)
}

// parseBool returns argument name's value s, True or False, or def when it
// is absent (!ok).
func (a *args) parseBool(s string, ok bool, name string, def bool) bool {
	switch {
	case !ok:
		return def
	case s == "True":
		return true
	case s == "False":
		return false
	default:
		a.fail("%s %q is not True or False", name, s)
		return def
	}
}

// done checks that the layer has at most n positional arguments and no
// keywords other than the named ones and those of its positions.
func (a *args) done(n int, keywords ...string) bool {
	if len(a.l.Args) > n {
		a.fail("takes %d positional arguments, not %d", n, len(a.l.Args))
		return false
	}
	for _, kw := range a.l.Kwargs {
		if !a.knows(kw.Name, n, keywords) {
			a.fail("has no keyword argument %q", kw.Name)
			return false
		}
	}
	return a.err == nil
}

// positionalNames are the PyTorch names of each type's positional
// arguments, which may also be given as keywords.
var positionalNames = map[string][]string{
	"Linear": {"in_features", "out_features"}, "BatchNorm1d": {"num_features"},
	"LeakyReLU": {"negative_slope"}, "Dropout": {"p"},
	"MaxPool2d":         {"kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"},
	"AvgPool2d":         {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
	"AdaptiveAvgPool2d": {"output_size"},
	"BatchNorm2d":       {"num_features", "eps", "momentum", "affine", "track_running_stats"},
	"Dropout2d":         {"p", "inplace"},
	"Residual":          {"f", "downsample"},
}

func (a *args) knows(name string, n int, keywords []string) bool {
	for _, k := range keywords {
		if k == name {
			return true
		}
	}
	for i, k := range positionalNames[a.l.Type] {
		if k == name && i >= len(a.l.Args) && i < n {
			return true
		}
	}
	return false
}

// layerOf describes a built nn layer, or fails for a layer type that
// Spec cannot express.
func layerOf(l nn.Layer) (Layer, error) {
	switch v := l.(type) {
	case *nn.Linear:
		s := Layer{Type: "Linear", Args: []string{strconv.Itoa(v.In), strconv.Itoa(v.Out)}}
		if v.Bias == nil {
			s.Kwargs = []Kwarg{{"bias", "False"}}
		}
		return s, nil
	case *nn.BatchNorm1d:
		s := Layer{Type: "BatchNorm1d", Args: []string{strconv.Itoa(v.Features)}}
		if v.Eps != 1e-5 {
			s.Kwargs = append(s.Kwargs, Kwarg{"eps", formatFloat(v.Eps)})
		}
		if v.Momentum != 0.1 {
			s.Kwargs = append(s.Kwargs, Kwarg{"momentum", formatFloat(v.Momentum)})
		}
		if v.CumulativeAverage {
			return Layer{}, fmt.Errorf("BatchNorm1d with a cumulative average (PyTorch's momentum=None) has no module string brawn reads")
		}
		return s, nil
	case *nn.LeakyReLU:
		return Layer{Type: "LeakyReLU", Args: []string{strconv.FormatFloat(float64(v.NegativeSlope), 'g', -1, 32)}}, nil
	case *nn.Dropout:
		return Layer{Type: "Dropout", Args: []string{formatFloat(v.P)}}, nil
	case *nn.Softmax:
		return Layer{Type: "Softmax", Kwargs: []Kwarg{{"dim", "1"}}}, nil
	case *nn.ReLU, *nn.Sigmoid, *nn.Tanh, *nn.Flatten:
		return Layer{Type: l.Type()}, nil
	case *nn.MaxPool2d, *nn.AvgPool2d, *nn.AdaptiveAvgPool2d, *nn.BatchNorm2d, *nn.Dropout2d, *nn.Residual:
		return cnnLayerOf(l)
	}
	return Layer{}, fmt.Errorf("layer type %s (%T) has no module string brawn reads", l.Type(), l)
}

// formatFloat spells v as %g does (the shortest float64 text that
// round-trips).
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
