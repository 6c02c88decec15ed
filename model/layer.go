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
//	Conv2d(in_channels, out_channels, kernel_size[, stride][, padding]
//	       [, dilation][, groups][, bias][, padding_mode='zeros'])
//	BatchNorm1d(num_features[, eps=E][, momentum=M])
//	ReLU()  Sigmoid()  Tanh()  Softmax(dim=1)
//	Flatten([start_dim=1][, end_dim=-1])
//	LeakyReLU([negative_slope])     default 0.01
//	Dropout([p])                    default 0.5
//	MaxPool2d(kernel_size[, stride][, padding][, dilation][, return_indices=False][, ceil_mode])
//	AvgPool2d(kernel_size[, stride][, padding][, ceil_mode][, count_include_pad][, divisor_override])
//	AdaptiveAvgPool2d(output_size)  an int or (h, w), None keeping the input's
//	BatchNorm2d(num_features[, eps][, momentum][, affine][, track_running_stats])
//	Dropout2d([p][, inplace=False]) default 0.5
//	Residual(Sequential(...)[, downsample=Sequential(...)])   see nn.Residual
//
// with PyTorch's defaults, names and positions. Sizes (kernel_size,
// stride, padding, dilation) are an int or a pair "(h, w)"; a pooling
// stride of None is the kernel size; Conv2d's padding may also be 'same'
// or 'valid'. Strings are kept as Python's repr writes them, in single
// quotes ("'same'").
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
	case "Conv2d":
		out = a.conv2d()
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
	case "Flatten":
		start, end := a.integer(0, "start_dim", 1), a.integer(1, "end_dim", -1)
		if a.err == nil && a.done(2) {
			if start != 1 || end != -1 {
				return nil, fmt.Errorf("%s: brawn's Flatten keeps the batch dimension and flattens all the others: start_dim=1, end_dim=-1", l)
			}
			out = nn.NewFlatten()
		}
	case "ReLU", "Sigmoid", "Tanh":
		if a.done(0) {
			out = map[string]func() nn.Layer{
				"ReLU":    func() nn.Layer { return nn.NewReLU() },
				"Sigmoid": func() nn.Layer { return nn.NewSigmoid() },
				"Tanh":    func() nn.Layer { return nn.NewTanh() },
			}[l.Type]()
		}
	case "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d", "Dropout2d", "Residual":
		return l.buildCNN()
	default:
		return nil, fmt.Errorf("%s: brawn has no layer %q (it builds Linear, Conv2d, BatchNorm1d, BatchNorm2d, ReLU, LeakyReLU, Sigmoid, Tanh, Dropout, Dropout2d, Softmax, Flatten, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d and Residual)", l, l.Type)
	}
	if a.err != nil {
		return nil, a.err
	}
	return out, nil
}

// conv2d builds a Conv2d from torch.nn.Conv2d's arguments.
func (a *args) conv2d() nn.Layer {
	c := nn.Conv2dConfig{InChannels: a.size(0, "in_channels"), OutChannels: a.size(1, "out_channels")}
	c.KernelSize = a.pair(2, "kernel_size", [2]int{})
	c.Stride = a.pair(3, "stride", [2]int{1, 1})
	switch p, _ := a.arg(4, "padding"); p {
	case "'same'":
		c.Same = true
	case "'valid'":
	default:
		c.Padding = a.pairMin(4, "padding", [2]int{}, 0)
	}
	c.Dilation = a.pair(5, "dilation", [2]int{1, 1})
	c.Groups = a.integer(6, "groups", 1)
	c.NoBias = !a.boolean(7, "bias", true)
	if m, ok := a.arg(8, "padding_mode"); ok && m != "'zeros'" {
		a.fail("padding_mode %s: brawn pads with zeros only (padding_mode='zeros')", m)
	}
	if a.err != nil || !a.done(9) {
		return nil
	}
	if c.KernelSize[0] == 0 {
		a.fail("kernel_size is missing")
		return nil
	}
	l, err := nn.NewConv2d(c)
	if err != nil {
		a.fail("%s", strings.TrimPrefix(err.Error(), "nn.NewConv2d: "))
		return nil
	}
	return l
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

// integer returns an optional integer argument, def when absent.
func (a *args) integer(i int, name string, def int) int {
	s, ok := a.arg(i, name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		a.fail("%s %q is not an integer", name, s)
	}
	return n
}

// number returns argument i (or keyword name) as a positive number, or 0
// when it is absent or not one; it records no error.
func (a *args) number(i int, name string) float64 {
	s, _ := a.arg(i, name)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) {
		return 0
	}
	return v
}

// pair returns an optional argument that is a positive int n, meaning
// (n, n), or a pair "(h, w)"; def when absent.
func (a *args) pair(i int, name string, def [2]int) [2]int { return a.pairMin(i, name, def, 1) }

// pairMin is pair for values of at least least.
func (a *args) pairMin(i int, name string, def [2]int, least int) [2]int {
	s, ok := a.arg(i, name)
	if !ok {
		return def
	}
	parts := []string{s, s}
	if inner, ok := strings.CutPrefix(s, "("); ok {
		parts = strings.Split(strings.TrimSuffix(inner, ")"), ",")
	}
	var p [2]int
	for k := range p {
		n, err := -1, error(nil)
		if len(parts) == 2 {
			n, err = strconv.Atoi(strings.TrimSpace(parts[k]))
		}
		if err != nil || n < least {
			a.fail("%s %s is not an integer >= %d or a pair of them", name, s, least)
			return def
		}
		p[k] = n
	}
	return p
}

// boolean returns an optional True/False argument, def when absent.
func (a *args) boolean(i int, name string, def bool) bool {
	s, ok := a.arg(i, name)
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
	"Conv2d":            {"in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode"},
	"Flatten":           {"start_dim", "end_dim"},
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

// formatFloat spells v as %g does (the shortest float64 text that
// round-trips).
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

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

// pairText spells (n, n) as n and another pair as "(h, w)".
func pairText(p [2]int) string {
	if p[0] == p[1] {
		return strconv.Itoa(p[0])
	}
	return fmt.Sprintf("(%d, %d)", p[0], p[1])
}
