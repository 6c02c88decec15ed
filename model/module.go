package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/brawn-ml/brawn/nn"
)

// ParseModule reads a PyTorch module string such as
// "Sequential(Linear(784, 256), ReLU(), Dropout(0.2), Linear(256, 10))",
// as Spec.String writes it and PyTorch code constructs it (an optional
// "nn." or "torch.nn." before each class name is dropped). The input
// features are those of the first Linear or BatchNorm1d, or, for a first
// Conv2d, the input is images of its in_channels whose height and width
// the string does not say (Spec.Input is [C, 0, 0]; see Spec). Only
// shape-keeping layers (activations, Dropout, Flatten, Softmax) may
// precede it; the error says otherwise, or where
// (byte offset) the text does not parse. The layers' arguments are
// checked by Spec.Build.
func ParseModule(s string) (Spec, error) {
	p := &parser{s: s}
	name := p.ident()
	if name != "Sequential" || !p.eat('(') {
		return Spec{}, p.errorf("want Sequential(...)")
	}
	var spec Spec
	for !p.eat(')') {
		if len(spec.Layers) > 0 && !p.eat(',') {
			return Spec{}, p.errorf("want ',' or ')' after layer %d", len(spec.Layers)-1)
		}
		if p.eat(')') { // a trailing comma
			break
		}
		l, err := p.layer()
		if err != nil {
			return Spec{}, err
		}
		spec.Layers = append(spec.Layers, l)
	}
	if p.skip(); p.i != len(p.s) {
		return Spec{}, p.errorf("unexpected text after Sequential(...)")
	}
	if len(spec.Layers) == 0 {
		return Spec{}, fmt.Errorf("module %q has no layers", s)
	}
	for i, l := range spec.Layers {
		switch l.Type {
		case "Linear", "BatchNorm1d", "Conv2d":
			a := args{l: l}
			n := a.size(0, positionalNames[l.Type][0])
			if a.err != nil {
				return Spec{}, fmt.Errorf("module layer %d: %w", i, a.err)
			}
			if l.Type == "Conv2d" {
				spec.Input = nn.Shape{n, 0, 0}
			} else {
				spec.Inputs = n
			}
			return spec, nil
		case "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Dropout", "Flatten", "Softmax":
			continue
		}
		break
	}
	return Spec{}, fmt.Errorf("module %q: the input features are not known: the first sized layer must be a Linear, BatchNorm1d or Conv2d, with only activations, Dropout, Flatten and Softmax before it", s)
}

type parser struct {
	s string
	i int
}

func (p *parser) errorf(format string, v ...any) error {
	return fmt.Errorf("module string at byte %d: %s", p.i, fmt.Sprintf(format, v...))
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

// layer reads Name(arg, ..., key=value, ...).
func (p *parser) layer() (Layer, error) {
	l := Layer{Type: p.ident()}
	if l.Type == "" || !p.eat('(') {
		return Layer{}, p.errorf("want a layer such as Linear(784, 256)")
	}
	for !p.eat(')') {
		if len(l.Args)+len(l.Kwargs) > 0 && !p.eat(',') {
			return Layer{}, p.errorf("want ',' or ')' in %s(...)", l.Type)
		}
		if p.eat(')') {
			break
		}
		v := p.value()
		if v == "" {
			return Layer{}, p.errorf("want an argument of %s", l.Type)
		}
		if p.eat('=') {
			val := p.value()
			if val == "" {
				return Layer{}, p.errorf("want the value of %s's %s", l.Type, v)
			}
			l.Kwargs = append(l.Kwargs, Kwarg{v, val})
			continue
		}
		if len(l.Kwargs) > 0 {
			return Layer{}, p.errorf("positional argument %s after a keyword argument in %s(...)", v, l.Type)
		}
		l.Args = append(l.Args, v)
	}
	return l, nil
}

// value reads a number, a name (True, False, None, a keyword), a string
// in quotes (returned in single quotes, as Python's repr writes it:
// "'same'") or a tuple of numbers (returned as "(3, 3)").
func (p *parser) value() string {
	p.skip()
	start := p.i
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') {
		end := strings.IndexByte(p.s[p.i+1:], p.s[p.i])
		if end < 0 || !isName(p.s[p.i+1:p.i+1+end]) {
			return ""
		}
		p.i += end + 2
		return "'" + p.s[start+1:p.i-1] + "'"
	}
	if p.eat('(') {
		var items []string
		for !p.eat(')') {
			if len(items) > 0 && !p.eat(',') {
				p.i = start
				return ""
			}
			if p.eat(')') {
				break
			}
			v := p.value()
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				p.i = start
				return ""
			}
			items = append(items, v)
		}
		return "(" + strings.Join(items, ", ") + ")"
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
