package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brawn-ml/brawn/nn"
)

// ParseModule reads a PyTorch module string such as
// "Sequential(Linear(784, 256), ReLU(), Dropout(0.2), Linear(256, 10))",
// as Spec.String writes it and PyTorch code constructs it (an optional
// "nn." or "torch.nn." before each class name is dropped), or as
// print(model) shows it in PyTorch: over several lines, each layer after
// its index "(0): ", each keyword shown, padding=same unquoted. An
// argument may be a module, Residual(Sequential(...),
// downsample=Sequential(...)) (printed "(f): Sequential(...)"), and a
// size an (h, w) tuple. inplace=True is accepted and ignored wherever
// PyTorch takes it (brawn keeps its own buffers). A keyword given twice is
// an error. PyTorch's print of AvgPool2d leaves out ceil_mode,
// count_include_pad and divisor_override, so they take their defaults.
//
// The input features are those of the first Linear or BatchNorm1d, or,
// for a first Conv2d or BatchNorm2d, the input is images of its channels
// whose height and width the string does not say (Spec.Input is [C, 0,
// 0]; see Spec and ParseModuleFor). Only layers that keep the channels
// may precede it: activations, Dropout and Softmax, Flatten before a
// Linear, and Dropout2d and the pooling layers before a Conv2d or
// BatchNorm2d. The error says otherwise, or where (byte offset) the text
// does not parse. The layers' arguments are checked by Spec.Build.
func ParseModule(s string) (Spec, error) {
	spec, err := parseSequential(s)
	if err != nil {
		return Spec{}, err
	}
	images := false // an image-only layer came first
	for i, l := range spec.Layers {
		switch l.Type {
		case "Linear", "BatchNorm1d", "Conv2d", "BatchNorm2d":
			vector := l.Type == "Linear" || l.Type == "BatchNorm1d"
			if images && vector {
				break
			}
			a := args{l: l}
			n := a.size(0, positionalNames[l.Type][0])
			if a.err != nil {
				return Spec{}, fmt.Errorf("module layer %d: %w", i, a.err)
			}
			if vector {
				spec.Inputs = n
			} else {
				spec.Input = nn.Shape{n, 0, 0}
			}
			return spec, nil
		case "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Dropout", "Flatten", "Softmax":
			continue
		case "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Dropout2d":
			images = true
			continue
		}
		break
	}
	return Spec{}, fmt.Errorf("module %q: the input features are not known: the first sized layer must be a Linear, BatchNorm1d, Conv2d or BatchNorm2d, with only activations, Dropout, Flatten and Softmax before it, or pooling and Dropout2d before a Conv2d or BatchNorm2d (else see ParseModuleFor)", s)
}

// ParseModuleFor reads a module string as ParseModule does, for samples
// of shape in ([features] or [C, H, W]) instead of the shape ParseModule
// infers: for any network of images, whichever its first layer. The
// spec's Inputs is in.Size() and its Input in (nil for a vector). Another
// shape (empty, of two dimensions, with a size below 1) is an error.
func ParseModuleFor(s string, in nn.Shape) (Spec, error) {
	if len(in) != 1 && len(in) != 3 || slices.ContainsFunc(in, func(n int) bool { return n < 1 }) {
		return Spec{}, fmt.Errorf("module %q: the samples' shape %v is neither [features] nor [channels, height, width] of positive sizes", s, []int(in))
	}
	spec, err := parseSequential(s)
	if err != nil {
		return Spec{}, err
	}
	spec.Inputs = in.Size()
	if len(in) > 1 {
		spec.Input = in.Clone()
	}
	return spec, nil
}

// parseSequential reads "Sequential(layer, ...)", the whole of s.
func parseSequential(s string) (Spec, error) {
	p := &parser{s: s}
	layers, err := p.sequential()
	if err != nil {
		return Spec{}, err
	}
	if p.skip(); p.i != len(p.s) {
		return Spec{}, p.errorf("unexpected text after Sequential(...)")
	}
	if len(layers) == 0 {
		return Spec{}, fmt.Errorf("module %q has no layers", s)
	}
	return Spec{Layers: layers}, nil
}

type parser struct {
	s     string
	i     int
	depth int // Sequential(...) being read, nested
}

// maxNesting bounds how deep modules nest (Residual(Sequential(...))), so
// that a hostile module string cannot exhaust the stack.
const maxNesting = 64

// errorf returns an error at the parser's position: its byte offset in a
// one-line string, its line and column (in characters) in one of several
// lines, as PyTorch prints a module.
func (p *parser) errorf(format string, v ...any) error {
	at := fmt.Sprintf("byte %d", p.i)
	if before := p.s[:min(p.i, len(p.s))]; strings.Contains(p.s, "\n") {
		lineStart := strings.LastIndexByte(before, '\n') + 1
		at = fmt.Sprintf("line %d, column %d", strings.Count(before, "\n")+1, utf8.RuneCountInString(before[lineStart:])+1)
	}
	return fmt.Errorf("module string at %s: %s", at, fmt.Sprintf(format, v...))
}

func (p *parser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// eat consumes c (after blanks) and reports whether it was there.
func (p *parser) eat(c byte) bool {
	p.skip()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// ident reads a dotted Python name and returns its last part.
func (p *parser) ident() string {
	p.skip()
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] == '_' || p.s[p.i] == '.' || unicode.IsLetter(rune(p.s[p.i])) || unicode.IsDigit(rune(p.s[p.i]))) {
		p.i++
	}
	name := p.s[start:p.i]
	if k := strings.LastIndexByte(name, '.'); k >= 0 {
		name = name[k+1:]
	}
	return name
}

// sequential reads Sequential(layer, ...).
func (p *parser) sequential() ([]Layer, error) {
	if p.depth++; p.depth > maxNesting {
		return nil, p.errorf("modules nest more than %d deep", maxNesting)
	}
	defer func() { p.depth-- }()
	at := p.i
	if name := p.ident(); name != "Sequential" || !p.eat('(') {
		switch {
		case name != "" && name != "Sequential" && !isLayerType(name) && p.peek('('):
			p.i = at
			p.skip()
			return nil, p.errorf("%s(...): %s", name, unknownLayer(name, true))
		case name != "" && name != "Sequential":
			return nil, p.errorf("want Sequential(...), not %s", name)
		}
		return nil, p.errorf("want Sequential(...)")
	}
	var layers []Layer
	for !p.eat(')') {
		name, named := p.prefix()
		if len(layers) > 0 && !named && !p.eat(',') {
			return nil, p.errorf("want ',' or ')' after layer %d", len(layers)-1)
		}
		if !named {
			if p.eat(')') { // a trailing comma
				break
			}
			name, named = p.prefix()
		}
		if named && name != strconv.Itoa(len(layers)) {
			return nil, p.errorf("layer (%s) of a Sequential: brawn's Sequential numbers its layers (0), (1), ... as nn.Sequential does without names; this is layer (%d)", name, len(layers))
		}
		l, err := p.layer()
		if err != nil {
			return nil, err
		}
		layers = append(layers, l)
	}
	return layers, nil
}

// layer reads Name(arg, ..., key=value, ...). An argument that is a
// module, Sequential(...), is kept in Sub under its name (the keyword, or
// the positional name in positionalNames) and as its string in Args or
// Kwargs.
func (p *parser) layer() (Layer, error) {
	at := p.i
	l := Layer{Type: p.ident()}
	if l.Type == "" || !p.eat('(') {
		return Layer{}, p.errorf("want a layer such as Linear(784, 256)")
	}
	if l.Type == "Sequential" {
		p.i = at
		p.skip()
		return Layer{}, p.errorf("a Sequential inside a Sequential: brawn reads the layers of one Sequential (write the inner layers in the outer one) and a Residual's Sequential(...)")
	}
	for !p.eat(')') {
		name, named := p.prefix() // a submodule as PyTorch prints it: (f): Sequential(...)
		if len(l.Args)+len(l.Kwargs) > 0 && !named && !p.eat(',') {
			return Layer{}, p.errorf("want ',' or ')' in %s(...)", l.Type)
		}
		if !named {
			if p.eat(')') {
				break
			}
			name, named = p.prefix()
		}
		if named {
			if !isName(name) {
				return Layer{}, p.errorf("submodule (%s) of %s: want a name such as (downsample)", name, l.Type)
			}
		} else if k := p.i; p.ident() != "" && p.eat('=') {
			name = p.s[k : p.i-1]
			name = strings.TrimSpace(name)
			if _, dup := l.kwarg(name); dup {
				p.i = k
				p.skip()
				return Layer{}, p.errorf("%s(...) gives %s twice", l.Type, name)
			}
		} else {
			p.i = k
		}
		if _, dup := l.kwarg(name); named && dup {
			return Layer{}, p.errorf("%s(...) gives %s twice", l.Type, name)
		}
		var v string
		if k := p.i; p.ident() != "" && p.peek('(') { // a module
			if !isLayerType(l.Type) { // a custom module's print
				p.i = at
				p.skip()
				return Layer{}, p.errorf("%s(...): %s", l.Type, unknownLayer(l.Type, true))
			}
			p.i = k
			sub, err := p.sequential()
			if err != nil {
				return Layer{}, err
			}
			key := name
			if names := positionalNames[l.Type]; key == "" && len(l.Args) < len(names) {
				key = names[len(l.Args)]
			}
			if l.Sub == nil {
				l.Sub = map[string][]Layer{}
			}
			l.Sub[key] = sub
			v = Spec{Layers: sub}.String()
		} else {
			p.i = k
			if v = p.value(); v == "" {
				if name != "" {
					return Layer{}, p.errorf("want the value of %s's %s", l.Type, name)
				}
				return Layer{}, p.errorf("want an argument of %s", l.Type)
			}
		}
		if name == "" && len(l.Kwargs) > 0 {
			return Layer{}, p.errorf("positional argument %s after a keyword argument in %s(...)", v, l.Type)
		}
		if name != "" {
			l.Kwargs = append(l.Kwargs, Kwarg{name, v})
		} else {
			l.Args = append(l.Args, v)
		}
	}
	return l, nil
}

// prefix reads the "(name): " that PyTorch's print of a module puts
// before each submodule, name being the index in a Sequential, and
// returns name; it consumes nothing when none is there.
func (p *parser) prefix() (string, bool) {
	start := p.i
	if p.eat('(') {
		p.skip()
		k := p.i
		for p.i < len(p.s) && (p.s[p.i] == '_' || unicode.IsLetter(rune(p.s[p.i])) || unicode.IsDigit(rune(p.s[p.i]))) {
			p.i++
		}
		if name := p.s[k:p.i]; name != "" && p.eat(')') && p.eat(':') {
			return name, true
		}
	}
	p.i = start
	return "", false
}

// peek reports whether c comes next (after blanks), without consuming it.
func (p *parser) peek(c byte) bool {
	p.skip()
	return p.i < len(p.s) && p.s[p.i] == c
}

// value reads a number, a name (True, False, None, a keyword), a quoted
// string ('same') or a tuple of those, "(3, 2)", which it returns
// spelled with ", " between the elements.
func (p *parser) value() string {
	p.skip()
	start := p.i
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		var parts []string
		for !p.eat(')') {
			if len(parts) > 0 && !p.eat(',') {
				p.i = start
				return ""
			}
			if p.eat(')') {
				break
			}
			v := p.value()
			if v == "" || v[0] == '(' {
				p.i = start
				return ""
			}
			parts = append(parts, v)
		}
		if len(parts) == 0 {
			p.i = start
			return ""
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') {
		if end := strings.IndexByte(p.s[p.i+1:], p.s[p.i]); end >= 0 && isName(p.s[p.i+1:p.i+1+end]) {
			p.i += end + 2
			return "'" + p.s[start+1:p.i-1] + "'"
		}
		return ""
	}
	for p.i < len(p.s) && strings.IndexByte("(),= \t\r\n", p.s[p.i]) < 0 {
		p.i++
	}
	v := p.s[start:p.i]
	if _, err := strconv.ParseFloat(v, 64); err == nil || isName(v) {
		return v
	}
	p.i = start
	return ""
}

func isName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return s != ""
}
