package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A classifier's predictions: the row, the class label and, with probs,
// each class's probability to 6 digits; labels holding a comma or a quote
// are quoted.
func TestWritePredictionsCSVClassifier(t *testing.T) {
	m := &Model{Classes: 3, ClassNames: []string{"setosa", "a,b", `say "hi"`}}
	p := &Prediction{Class: []int{1, 2}, Probs: []float32{0.25, 0.5, 0.25, 1.0 / 3, 0.0001, 0.6665667}}
	var b strings.Builder
	require.NoError(t, m.WritePredictionsCSV(&b, p, true))
	assert.Equal(t, `row,class,p_setosa,"p_a,b","p_say ""hi"""
0,"a,b",0.25,0.5,0.25
1,"say ""hi""",0.333333,0.0001,0.666567
`, b.String())

	b.Reset()
	require.NoError(t, (&Model{Classes: 2}).WritePredictionsCSV(&b, &Prediction{Class: []int{0, 1}, Probs: []float32{1, 0, 0, 1}}, false))
	assert.Equal(t, "row,class\n0,0\n1,1\n", b.String(), "integer labels, no probabilities")
}

// A regression's predictions: the row and each target, named as the
// model records them, in the fewest digits that read back as the float32.
func TestWritePredictionsCSVRegression(t *testing.T) {
	m := &Model{Outputs: 2, Targets: &Targets{Names: []string{"price", "area, m²"}, Mean: []float64{0, 0}, Std: []float64{1, 1}}}
	p := &Prediction{Targets: []float32{1.5, -2, 0.1, 3e38}}
	var b strings.Builder
	require.NoError(t, m.WritePredictionsCSV(&b, p, true))
	assert.Equal(t, "row,price,\"area, m²\"\n0,1.5,-2\n1,0.1,3e+38\n", b.String())

	b.Reset()
	require.NoError(t, (&Model{Outputs: 1}).WritePredictionsCSV(&b, &Prediction{Targets: []float32{7}}, false))
	assert.Equal(t, "row,0\n0,7\n", b.String(), "no recorded names: the output indices")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritePredictionsCSVReturnsWriteError(t *testing.T) {
	err := (&Model{Classes: 2}).WritePredictionsCSV(failingWriter{}, &Prediction{Class: []int{0}, Probs: []float32{1, 0}}, true)
	assert.EqualError(t, err, "disk full")
}
