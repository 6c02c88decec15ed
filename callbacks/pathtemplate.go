package callbacks

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// PathFields are the fields a PathTemplate may name: the epoch (1-based)
// and the epoch's metrics, with Keras's names.
var PathFields = []string{"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}

// PathTemplate is a file name with fields, as keras.callbacks.ModelCheckpoint
// formats its filepath with Python's str.format: "ck-{epoch:02d}.safetensors"
// or "ck-{epoch:02d}-{val_loss:.4f}.safetensors". A field is {name} or
// {name:spec}, name one of PathFields; spec is the part of Python's format
// specification that numbers in file names use: an optional sign "+", a
// "0" to pad with zeros, a width, a ".precision" and a type, d (integers:
// the epoch only), f, e, E, g, G or % (Python's defaults: precision 6 for
// all but d, the shortest form that reads back without a type). {{ and }}
// are a literal brace. Fields go in the file's name, not its directory.
type PathTemplate struct {
	text   string // as written
	dir    string // text up to its file name, which has no fields
	parts  []templatePart
	fields []string
}

// templatePart is literal text (name "") or a field: its Go format, and
// for Python's str() (verb 'v') the sign, padding and width to apply.
type templatePart struct {
	text, name, format string
	plus, zero         bool
	width              int
}

// IsPathTemplate reports whether path's file name holds a brace: whether
// it is to be read as a PathTemplate.
func IsPathTemplate(path string) bool { return strings.ContainsAny(filepath.Base(path), "{}") }

// ParsePathTemplate reads s; the error says what in it is wrong: an
// unknown field (naming PathFields), a spec it cannot format, an unclosed
// or lone brace, or a field in the directory.
func ParsePathTemplate(s string) (*PathTemplate, error) {
	if dir := filepath.Dir(s); strings.ContainsAny(dir, "{}") {
		return nil, fmt.Errorf("the directory %s has braces; the fields of a template go in the file's name", dir)
	}
	base := filepath.Base(s)
	p := &PathTemplate{text: s, dir: s[:len(s)-len(base)]}
	var lit strings.Builder
	for i, s := 0, base; i < len(s); i++ {
		switch c := s[i]; {
		case (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c:
			lit.WriteByte(c)
			i++
		case c == '}':
			return nil, fmt.Errorf("a lone } at byte %d of %q; write }} for a literal brace", i, s)
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("the { at byte %d of %q is not closed; write {{ for a literal brace", i, s)
			}
			part, err := parseField(s[i+1 : i+end])
			if err != nil {
				return nil, err
			}
			if lit.Len() > 0 {
				p.parts = append(p.parts, templatePart{text: lit.String()})
				lit.Reset()
			}
			p.parts = append(p.parts, part)
			p.fields = append(p.fields, part.name)
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	if lit.Len() > 0 {
		p.parts = append(p.parts, templatePart{text: lit.String()})
	}
	return p, nil
}

// fieldSpec is the part of Python's format specification PathTemplate
// takes: sign, zero padding, width, precision, type.
var fieldSpec = regexp.MustCompile(`^(\+?)(0?)([0-9]*)(?:\.([0-9]+))?([dfeEgG%]?)$`)

// parseField reads "name" or "name:spec" into a part with its Go format.
func parseField(f string) (templatePart, error) {
	name, spec, _ := strings.Cut(f, ":")
	known := false
	for _, k := range PathFields {
		known = known || k == name
	}
	if !known {
		return templatePart{}, fmt.Errorf("unknown field {%s}; the fields are %s", f, "{"+strings.Join(PathFields, "}, {")+"}")
	}
	m := fieldSpec.FindStringSubmatch(spec)
	if m == nil {
		return templatePart{}, fmt.Errorf("{%s}: the format %q is not one brawn formats; write a width, a precision and a type such as 02d or .4f", f, spec)
	}
	sign, zero, width, prec, verb := m[1], m[2], m[3], m[4], m[5]
	switch {
	case verb == "d" && name != "epoch":
		return templatePart{}, fmt.Errorf("{%s}: d formats integers, and %s is not one; use .4f", f, name)
	case verb == "d" && prec != "":
		return templatePart{}, fmt.Errorf("{%s}: d takes no precision", f)
	case verb == "" && prec == "" && name == "epoch":
		verb = "d"
	case verb == "" && prec == "":
		verb = "v" // Python's str(): the shortest form that reads back
	case verb == "":
		verb = "g" // a precision alone: Python's general format
	}
	if prec == "" && verb != "d" && verb != "v" {
		prec = "6"
	}
	format := "%" + sign + zero + width
	if prec != "" {
		format += "." + prec
	}
	w, _ := strconv.Atoi(width)
	return templatePart{name: name, format: format + verb, plus: sign != "", zero: zero != "", width: w}, nil
}

// Fields returns the names of the template's fields, in order.
func (p *PathTemplate) Fields() []string { return p.fields }

// String returns the template as it was written.
func (p *PathTemplate) String() string { return p.text }

// Format returns the file name for an epoch's values, by field name (a
// field without a value is formatted as NaN).
func (p *PathTemplate) Format(values map[string]float64) string {
	var b strings.Builder
	b.WriteString(p.dir)
	for _, part := range p.parts {
		if part.name == "" {
			b.WriteString(part.text)
			continue
		}
		v, ok := values[part.name]
		if !ok {
			v = math.NaN()
		}
		verb := part.format[len(part.format)-1]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			b.WriteString(pyRepr(v))
		case verb == 'v':
			b.WriteString(part.pad(pyRepr(v)))
		case verb == 'd':
			fmt.Fprintf(&b, part.format, int64(v))
		case verb == '%':
			fmt.Fprintf(&b, part.format[:len(part.format)-1]+"f%%", 100*v)
		default:
			fmt.Fprintf(&b, part.format, v)
		}
	}
	return b.String()
}

// pyRepr is Python's repr of a float: the shortest form that reads back,
// with a ".0" on whole numbers, in scientific notation below 1e-4 and from
// 1e16 on, nan and inf.
func pyRepr(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	if a := math.Abs(v); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(v, 'e', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pad applies the field's sign and width to s, as Python aligns numbers:
// right, or with zeros after the sign.
func (t templatePart) pad(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	} else if t.plus {
		sign = "+"
	}
	n := t.width - len(sign) - len(s)
	switch {
	case n <= 0:
		return sign + s
	case t.zero:
		return sign + strings.Repeat("0", n) + s
	}
	return strings.Repeat(" ", n) + sign + s
}

// Dir returns the directory of the files the template names ("." for
// the current one).
func (p *PathTemplate) Dir() string { return filepath.Dir(p.text) }

// Epochs returns, of the file names given (names in Dir), those the
// template could have formatted, with the epoch each names; ok is false
// for a template without an {epoch} field, by which a name cannot be
// traced back to its epoch.
func (p *PathTemplate) Epochs(names []string) (epochs map[string]int, ok bool) {
	var re strings.Builder
	re.WriteString("^")
	group, at := 0, -1
	for _, part := range p.parts {
		switch {
		case part.name == "":
			re.WriteString(regexp.QuoteMeta(part.text))
		case part.name == "epoch":
			group++
			if at < 0 {
				at = group
			}
			re.WriteString(`\s*\+?([0-9]+)`)
		default:
			re.WriteString(`.+?`)
		}
	}
	if at < 0 {
		return nil, false
	}
	re.WriteString("$")
	match := regexp.MustCompile(re.String())
	epochs = map[string]int{}
	for _, n := range names {
		m := match.FindStringSubmatch(filepath.Base(n))
		if m == nil {
			continue
		}
		if e, err := strconv.Atoi(m[at]); err == nil {
			epochs[n] = e
		}
	}
	return epochs, true
}
