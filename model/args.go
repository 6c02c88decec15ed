package model

import (
	"fmt"
	"strconv"
	"strings"
)

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

// inplace reads PyTorch's inplace argument (position i), True or False,
// which brawn ignores: its layers keep their own buffers either way.
func (a *args) inplace(i int) { a.boolean(i, "inplace", false) }

// momentum reads a BatchNorm's momentum (position i): 0.1 when absent,
// and cumulative for None (PyTorch's cumulative moving average, the
// factor 1/num_batches_tracked).
func (a *args) momentum(i int) (mom float64, cumulative bool) {
	s, ok := a.arg(i, "momentum")
	if ok && s == "None" {
		return 0.1, true
	}
	return a.parseFloat(s, ok, "momentum", 0.1), false
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
	"Linear":      {"in_features", "out_features", "bias"},
	"BatchNorm1d": {"num_features", "eps", "momentum", "affine", "track_running_stats"},
	"LeakyReLU":   {"negative_slope", "inplace"}, "Dropout": {"p", "inplace"}, "ReLU": {"inplace"},
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

// kernelSize returns a pooling layer's required kernel_size, an int or an
// (h, w) pair.
func (a *args) kernelSize() [2]int {
	if _, ok := a.arg(0, "kernel_size"); !ok {
		a.fail("kernel_size is missing")
		return [2]int{}
	}
	return a.pair(0, "kernel_size", [2]int{})
}

// poolStride returns a pooling layer's stride, kernel when absent or
// None (PyTorch's default).
func (a *args) poolStride(kernel [2]int) [2]int {
	if s, ok := a.arg(1, "stride"); !ok || s == "None" {
		return kernel
	}
	return a.pair(1, "stride", kernel)
}

// outputSize returns AdaptiveAvgPool2d's output_size: a positive int or
// a tuple (h, w) of them, a None element being 0 (the input's size).
func (a *args) outputSize() [2]int {
	s, ok := a.arg(0, "output_size")
	if !ok {
		a.fail("output_size is missing")
		return [2]int{}
	}
	parts := []string{s, s}
	if inner, ok := strings.CutPrefix(s, "("); ok {
		parts = strings.Split(strings.TrimSuffix(inner, ")"), ", ")
	}
	var v [2]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		switch {
		case len(parts) == 2 && p == "None" && s[0] == '(':
		case len(parts) != 2 || err != nil || n < 1:
			a.fail("output_size %s is not a positive integer or a pair of them (or None)", s)
			return [2]int{}
		default:
			v[i] = n
		}
	}
	return v
}
