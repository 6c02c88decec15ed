package callbacks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Format gives what Python's str.format gives for these templates and
// values (the expectations were printed by python3's "...".format(**vals)).
func TestPathTemplateFormatsAsPython(t *testing.T) {
	vals := map[string]float64{"epoch": 3, "loss": 0.123456789, "accuracy": 0.9876, "val_loss": 0.0000123, "val_accuracy": 1}
	for tmpl, want := range map[string]string{
		"ck-{epoch:02d}.safetensors":        "ck-03.safetensors",
		"runs/ck-{epoch}-{val_loss:.4f}.st": "runs/ck-3-0.0000.st",
		"{epoch:03d}_{loss}_{accuracy:.2%}": "003_0.123456789_98.76%",
		"{val_loss:e}":                      "1.230000e-05",
		"{val_loss:.3g}":                    "1.23e-05",
		"{loss:g}":                          "0.123457",
		"{{x}}-{epoch:+d}":                  "{x}-+3",
		"{accuracy:6.2f}":                   "  0.99",
		"{val_accuracy}":                    "1.0",
		"{epoch:.2f}":                       "3.00",
		"{loss:.3}":                         "0.123",
		"{val_loss}":                        "1.23e-05",
		"{val_accuracy:05}":                 "001.0",
	} {
		p, err := ParsePathTemplate(tmpl)
		require.NoError(t, err, tmpl)
		assert.Equal(t, want, p.Format(vals), tmpl)
	}
	p, err := ParsePathTemplate("{loss:.2f}")
	require.NoError(t, err)
	assert.Equal(t, "nan", p.Format(map[string]float64{"loss": math.NaN()}), "Python's nan")
	assert.True(t, IsPathTemplate("dir/ck-{epoch}.st"))
	assert.False(t, IsPathTemplate("{dir}/ck.st"), "a brace in the directory is not a field")
}

// ParsePathTemplate says what it cannot format.
func TestPathTemplateErrors(t *testing.T) {
	for tmpl, want := range map[string]string{
		"ck-{val_f1:.3f}.st":  "unknown field {val_f1:.3f}; the fields are {epoch}, {loss}, {accuracy}, {val_loss}, {val_accuracy}",
		"ck-{}.st":            "unknown field {}; the fields are {epoch}, {loss}, {accuracy}, {val_loss}, {val_accuracy}",
		"ck-{loss:>8}.st":     `{loss:>8}: the format ">8" is not one brawn formats; write a width, a precision and a type such as 02d or .4f`,
		"ck-{loss:d}.st":      "{loss:d}: d formats integers, and loss is not one; use .4f",
		"ck-{epoch:.2d}.st":   "{epoch:.2d}: d takes no precision",
		"ck-{epoch.st":        `the { at byte 3 of "ck-{epoch.st" is not closed; write {{ for a literal brace`,
		"ck-}.st":             `a lone } at byte 3 of "ck-}.st"; write }} for a literal brace`,
		"{epoch}/ck-{loss}.s": "the directory {epoch} has braces; the fields of a template go in the file's name",
	} {
		_, err := ParsePathTemplate(tmpl)
		require.EqualError(t, err, want, tmpl)
	}
}

// Epochs traces file names back to their epochs, and ignores the names
// the template could not have formatted.
func TestPathTemplateEpochs(t *testing.T) {
	p, err := ParsePathTemplate("out/ck-{epoch:02d}-{val_loss:.4f}.st")
	require.NoError(t, err)
	got, ok := p.Epochs([]string{"ck-01-0.5000.st", "ck-12-nan.st", "ck-03.st", "other.st", "ck-ab-0.1.st", "ck-100-0.1000.st"})
	require.True(t, ok)
	assert.Equal(t, map[string]int{"ck-01-0.5000.st": 1, "ck-12-nan.st": 12, "ck-100-0.1000.st": 100}, got)
	assert.Equal(t, "out", p.Dir())
	p, err = ParsePathTemplate("ck-{val_loss:.4f}.st")
	require.NoError(t, err)
	_, ok = p.Epochs([]string{"ck-0.5000.st"})
	assert.False(t, ok, "no {epoch}")
}
