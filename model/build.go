package model

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/nn"
)

// build returns the nn layer that l describes. Its errors say which
// argument is wrong; the caller adds the layer's position.
func (l Layer) build() (nn.Layer, error) {
	a := args{l: l}
	var out nn.Layer
	switch l.Type {
	case "Linear":
		in, o := a.size(0, "in_features"), a.size(1, "out_features")
		bias := a.boolean(2, "bias", true)
		if a.err == nil && a.done(3) {
			if bias {
				out = nn.NewLinear(in, o)
			} else {
				out = nn.NewLinearNoBias(in, o)
			}
		}
	case "Conv2d":
		out = a.conv2d()
	case "BatchNorm1d":
		if b, ok := a.batchNorm(); ok {
			bn := nn.NewBatchNorm1dWith(b.features, b.affine, b.track)
			bn.Eps, bn.Momentum, bn.CumulativeAverage = b.eps, b.momentum, b.cumulative
			out = bn
		}
	case "LeakyReLU":
		s := a.float(0, "negative_slope", 0.01)
		a.inplace(1)
		if a.err == nil && a.done(2) {
			if !(math.Abs(s) <= math.MaxFloat32) { // PyTorch takes any float
				return nil, fmt.Errorf("%s: negative_slope %g must be a finite number of float32's range", l, s)
			}
			out = nn.NewLeakyReLU(float32(s))
		}
	case "Dropout":
		out = a.dropout(func(p float64) nn.Layer { return nn.NewDropout(p) })
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
			if start == 0 {
				return nil, fmt.Errorf("%s: brawn's Flatten keeps the batch dimension and flattens all the others: start_dim=1, end_dim=-1", l)
			}
			// Other dims may say the same for the input's shape, which
			// Build knows (Flatten(1, 3) or Flatten(-3) of images).
			out = nn.NewFlattenDims(start, end)
		}
	case "ReLU", "Sigmoid", "Tanh":
		positional := 0 // torch.nn.Sigmoid() and Tanh() take no arguments
		if l.Type == "ReLU" {
			a.inplace(0)
			positional = 1
		}
		if a.err == nil && a.done(positional) {
			out = map[string]func() nn.Layer{
				"ReLU":    func() nn.Layer { return nn.NewReLU() },
				"Sigmoid": func() nn.Layer { return nn.NewSigmoid() },
				"Tanh":    func() nn.Layer { return nn.NewTanh() },
			}[l.Type]()
		}
	case "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d", "Dropout2d", "Residual":
		return l.buildCNN()
	default:
		return nil, fmt.Errorf("%s: %s", l, unknownLayer(l.Type, len(l.Sub) > 0))
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
	case "'same'", "same": // PyTorch prints it unquoted
		c.Same = true
	case "'valid'", "valid":
	default:
		c.Padding = a.pairMin(4, "padding", [2]int{}, 0)
	}
	c.Dilation = a.pair(5, "dilation", [2]int{1, 1})
	c.Groups = a.integer(6, "groups", 1)
	c.NoBias = !a.boolean(7, "bias", true)
	if m, ok := a.arg(8, "padding_mode"); ok && m != "'zeros'" && m != "zeros" { // print(model) leaves strings unquoted
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

// dropout builds a Dropout or Dropout2d (newLayer) from PyTorch's
// arguments (p, inplace), p in PyTorch's range [0, 1], 1 zeroing
// everything.
func (a *args) dropout(newLayer func(p float64) nn.Layer) nn.Layer {
	p := a.float(0, "p", 0.5)
	a.inplace(1)
	if a.err != nil || !a.done(2) {
		return nil
	}
	if !(p >= 0 && p <= 1) {
		a.fail("p %g must be in [0, 1]", p)
		return nil
	}
	return newLayer(p)
}

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
		if b, ok := a.batchNorm(); ok {
			bn := nn.NewBatchNorm2dWith(b.features, b.affine, b.track)
			bn.Eps, bn.Momentum, bn.CumulativeAverage = b.eps, b.momentum, b.cumulative
			out = bn
		}
	case "Dropout2d":
		out = a.dropout(func(p float64) nn.Layer { return nn.NewDropout2d(p) })
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

// unknownLayer says that brawn has no layer name, and what to write
// instead: the layers it builds, and for a block (a module that holds
// modules, as a custom nn.Module prints) how to write its layers and a
// residual block.
func unknownLayer(name string, block bool) string {
	for _, known := range layerTypes {
		if strings.EqualFold(known, name) {
			return fmt.Sprintf("brawn has no layer %q; PyTorch spells it %s", name, known)
		}
	}
	if name == "LogSoftmax" {
		return `brawn has no layer "LogSoftmax": brawn's cross-entropy loss (--loss cross-entropy, as PyTorch's CrossEntropyLoss) applies log-softmax to the network's outputs itself, ` +
			"so end the network with its last Linear layer (LogSoftmax then NLLLoss in PyTorch is CrossEntropyLoss on the Linear layer's outputs)"
	}
	msg := fmt.Sprintf("brawn has no layer %q (it builds %s and %s)", name, strings.Join(layerTypes[:len(layerTypes)-1], ", "), layerTypes[len(layerTypes)-1])
	if block {
		msg += "; a custom module's print shows its submodules but not its forward(), which brawn cannot know: write its layers into the Sequential, " +
			"and a residual block (f(x) + x) as Residual(Sequential(...)), with downsample=Sequential(...) as the shortcut when f changes the shape (see brawn train --help)"
	}
	return msg
}

// isLayerType reports whether a module string may name the layer type.
func isLayerType(name string) bool { return slices.Contains(layerTypes, name) }

// layerTypes are the layers a module string may name.
var layerTypes = []string{"Linear", "Conv2d", "BatchNorm1d", "BatchNorm2d", "ReLU", "LeakyReLU", "Sigmoid", "Tanh",
	"Dropout", "Dropout2d", "Softmax", "Flatten", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Residual"}

// batchNormArgs are the arguments of torch.nn.BatchNorm1d and
// BatchNorm2d.
type batchNormArgs struct {
	features      int
	eps, momentum float64
	cumulative    bool // momentum=None
	affine, track bool // affine, track_running_stats
}

// batchNorm reads a BatchNorm1d's or BatchNorm2d's arguments, in PyTorch's
// positions, (num_features[, eps][, momentum][, affine][,
// track_running_stats]), with PyTorch's defaults, and checks eps (a finite
// number >= 0) and momentum (in [0, 1]), naming the one that is wrong and
// its value.
func (a *args) batchNorm() (batchNormArgs, bool) {
	b := batchNormArgs{features: a.size(0, "num_features"), eps: a.float(1, "eps", 1e-5)}
	b.momentum, b.cumulative = a.momentum(2)
	b.affine, b.track = a.boolean(3, "affine", true), a.boolean(4, "track_running_stats", true)
	if !a.done(5) {
		return b, false
	}
	switch {
	case !(b.eps >= 0) || math.IsInf(b.eps, 1): // PyTorch takes 0 too
		a.fail("eps %v must be a finite number >= 0", b.eps)
	case !(b.momentum >= 0 && b.momentum <= 1):
		a.fail("momentum %v must be in [0, 1]", b.momentum)
	}
	return b, a.err == nil
}
