package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// buildCNN returns the nn layer of a pooling, BatchNorm2d, Dropout2d or
// Residual layer, with PyTorch's defaults for the arguments not given.
func (l Layer) buildCNN() (nn.Layer, error) {
	a := args{l: l}
	var out nn.Layer
	switch l.Type {
	case "MaxPool2d":
		m := nn.NewMaxPool2d(1)
		m.KernelSize = a.kernelSize()
		m.Stride = a.poolStride(m.KernelSize)
		m.Padding = a.pairMin(2, "padding", [2]int{}, 0)
		m.Dilation = a.pair(3, "dilation", [2]int{1, 1})
		if a.boolean(4, "return_indices", false) {
			a.fail("return_indices=True is not supported (the indices are kept inside the layer)")
		}
		m.CeilMode = a.boolean(5, "ceil_mode", false)
		if a.done(6) {
			out = m
		}
	case "AvgPool2d":
		p := nn.NewAvgPool2d(1)
		p.KernelSize = a.kernelSize()
		p.Stride = a.poolStride(p.KernelSize)
		p.Padding = a.pairMin(2, "padding", [2]int{}, 0)
		p.CeilMode = a.boolean(3, "ceil_mode", false)
		p.CountIncludePad = a.boolean(4, "count_include_pad", true)
		if s, ok := a.arg(5, "divisor_override"); ok && s != "None" {
			p.DivisorOverride = a.size(5, "divisor_override")
		}
		if a.done(6) {
			out = p
		}
	case "AdaptiveAvgPool2d":
		size := a.outputSize()
		if a.done(1) {
			out = nn.NewAdaptiveAvgPool2d(size[0], size[1])
		}
	case "BatchNorm2d":
		n := a.size(0, "num_features")
		eps := a.float(1, "eps", 1e-5)
		mom, cumulative := 0.1, false
		if s, ok := a.arg(2, "momentum"); ok && s == "None" {
			cumulative = true
		} else {
			mom = a.float(2, "momentum", 0.1)
		}
		affine, track := a.boolean(3, "affine", true), a.boolean(4, "track_running_stats", true)
		if a.done(5) {
			if !(eps > 0) || math.IsInf(eps, 1) || !(mom >= 0 && mom <= 1) {
				return nil, fmt.Errorf("%s: eps must be a finite number > 0 and momentum in [0, 1]", l)
			}
			bn := nn.NewBatchNorm2dWith(n, affine, track)
			bn.Eps, bn.Momentum, bn.CumulativeAverage = eps, mom, cumulative
			out = bn
		}
	case "Dropout2d":
		p := a.float(0, "p", 0.5)
		if a.boolean(1, "inplace", false) {
			a.fail("inplace=True is not supported")
		}
		if a.err == nil && a.done(2) {
			if !(p >= 0 && p < 1) {
				return nil, fmt.Errorf("%s: p %g must be in [0, 1)", l, p)
			}
			out = nn.NewDropout2d(p)
		}
	case "Residual":
		f, short := a.module(0, "f", true), a.module(1, "downsample", false)
		if a.err == nil && len(f) == 0 {
			a.fail("f has no layers")
		}
		if a.done(2) {
			out = nn.NewResidual(f, short)
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	return out, nil
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

// module returns the layers of a Sequential(...) argument; None or, when
// not required, its absence gives none.
func (a *args) module(i int, name string, required bool) []nn.Layer {
	s, ok := a.arg(i, name)
	if !ok || s == "None" {
		if required {
			a.fail("%s is missing: write %s(Sequential(...))", name, a.l.Type)
		}
		return nil
	}
	sub, ok := a.l.Sub[name]
	if !ok {
		a.fail("%s %s is not a module: write Sequential(...)", name, s)
		return nil
	}
	out := make([]nn.Layer, len(sub))
	for j, l := range sub {
		var err error
		if out[j], err = l.build(); err != nil {
			a.fail("%s.%d: %v", name, j, err)
			return nil
		}
	}
	return out
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
		s.Args = []string{strconv.Itoa(v.Features)}
		if v.Eps != 1e-5 {
			kw("eps", formatFloat(v.Eps))
		}
		if v.CumulativeAverage {
			kw("momentum", "None")
		} else if v.Momentum != 0.1 {
			kw("momentum", formatFloat(v.Momentum))
		}
		if !v.Affine() {
			kw("affine", "False")
		}
		if !v.TrackRunningStats() {
			kw("track_running_stats", "False")
		}
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
