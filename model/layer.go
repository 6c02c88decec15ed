package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Layer is one layer of a Spec as PyTorch's constructor call spells it:
// the class name ("Linear"), the positional arguments as written
// ("784", "256") and the keyword arguments in order ("bias" = "False").
//
// The layers brawn builds, with the arguments it accepts:
//
//	Linear(in_features, out_features[, bias])
//	Conv2d(in_channels, out_channels, kernel_size[, stride][, padding]
//	       [, dilation][, groups][, bias][, padding_mode='zeros'])
//	BatchNorm1d(num_features[, eps][, momentum][, affine][, track_running_stats])
//	ReLU([inplace])  Sigmoid()  Tanh()  Softmax(dim=1)
//	Flatten([start_dim][, end_dim])   default 1, -1: every dimension after the batch,
//	                                  as (1, 3) and (-3) also say for images
//	LeakyReLU([negative_slope][, inplace])     default 0.01, any finite slope
//	Dropout([p][, inplace])                    default 0.5
//	MaxPool2d(kernel_size[, stride][, padding][, dilation][, return_indices=False][, ceil_mode])
//	AvgPool2d(kernel_size[, stride][, padding][, ceil_mode][, count_include_pad][, divisor_override])
//	AdaptiveAvgPool2d(output_size)  an int or (h, w), None keeping the input's
//	BatchNorm2d(num_features[, eps][, momentum][, affine][, track_running_stats])
//	Dropout2d([p][, inplace]) default 0.5
//	Residual(Sequential(...)[, downsample=Sequential(...)])   see nn.Residual
//
// with PyTorch's defaults, names and positions. Sizes (kernel_size,
// stride, padding, dilation) are an int or a pair "(h, w)"; a pooling
// stride of None is the kernel size; Conv2d's padding may also be 'same'
// or 'valid' (quoted or not: PyTorch prints them unquoted); inplace,
// True or False, is ignored; momentum=None is the cumulative average
// (BatchNorm1d's and BatchNorm2d's CumulativeAverage). Strings are kept as Python's repr writes them, in single
// quotes ("'same'").
type Layer struct {
	Type   string   // the class name, e.g. "Linear"
	Args   []string // positional arguments, as written
	Kwargs []Kwarg  // keyword arguments, in the order written
	// Sub holds the layers of the arguments that are modules,
	// Sequential(...), by argument name: Residual's "f" and "downsample".
	// Args and Kwargs hold their module strings.
	Sub map[string][]Layer
}

// Kwarg is a keyword argument of a Layer: Name=Value, as written.
type Kwarg struct {
	Name, Value string // Value as written, e.g. "False" or "'same'"
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

// formatFloat spells v as %g does (the shortest float64 text that
// round-trips).
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// pairText spells (n, n) as n and another pair as "(h, w)".
func pairText(p [2]int) string {
	if p[0] == p[1] {
		return strconv.Itoa(p[0])
	}
	return fmt.Sprintf("(%d, %d)", p[0], p[1])
}
