package data

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A scaled value that overflows float32 is refused, naming the file, the
// line, the column (counted with the label column) and the value, and the
// dataset is left unscaled.
func TestApplyRefusesNonFiniteScaledValues(t *testing.T) {
	train, err := DecodeCSV("train.csv", []byte("label,a,b\n0,0,1\n1,0.5,1.25\n"), CSVOptions{LabelColumn: "label"})
	require.NoError(t, err)
	s, err := FitScaler(NormMinMax, train)
	require.NoError(t, err)
	require.Equal(t, []float32{0, 1}, s.Offset)
	require.Equal(t, []float32{2, 4}, s.Scale) // 1/0.5, 1/0.25

	// Line 4 holds the bad row: a blank line comes first.
	test, err := DecodeCSV("h.csv", []byte("label,a,b\n0,0.25,1\n\n1,1,-3e38\n0,3e38,1\n"), CSVOptions{LabelColumn: "label"})
	require.NoError(t, err)
	before := append([]float32(nil), test.X...)
	err = s.Apply(test)
	assert.EqualError(t, err, `h.csv:4: column "b" (index 2): the value -3e+38 scales to -Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - 1) * 4)`)
	assert.Equal(t, before, test.X, "nothing is scaled")

	noHeader, err := DecodeCSV("n.csv", []byte("0.1,0.2\n2e38,1\n"), CSVOptions{Unlabelled: true})
	require.NoError(t, err)
	assert.EqualError(t, s.Apply(noHeader), `n.csv:2: column index 0: the value 2e+38 scales to +Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - 0) * 2)`)

	// Without a file behind it, the sample and feature are counted from 0.
	d := &Dataset{X: []float32{0, 1, 3e38, 1}, Features: 2, Source: "mem"}
	assert.EqualError(t, s.Apply(d), `mem: sample 1, feature 0: the value 3e+38 scales to +Inf, which is not a finite float32 (minmax normalization fitted on the training data: (x - 0) * 2)`)

	ok, err := DecodeCSV("ok.csv", []byte("label,a,b\n0,0.25,1\n"), CSVOptions{LabelColumn: "label"})
	require.NoError(t, err)
	require.NoError(t, s.Apply(ok))
	assert.Equal(t, []float32{0.5, 0}, ok.X)
}

// Slices, subsets and validation splits keep each sample's line.
func TestPositionsFollowSlicesAndSubsets(t *testing.T) {
	d, err := DecodeCSV("p.csv", []byte("x,label\n1,a\n2,b\n\n3,a\n4,b\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, "p.csv:5", d.SamplePosition(2))
	assert.Equal(t, `p.csv:6: column "x" (index 0)`, d.Position(3, 0))
	s, err := d.Slice(2, 4)
	require.NoError(t, err)
	assert.Equal(t, "p.csv:5", s.SamplePosition(0))
	sub, err := d.Subset([]int{3, 0})
	require.NoError(t, err)
	assert.Equal(t, "p.csv:6", sub.SamplePosition(0))
	assert.Equal(t, `p.csv:2: column "x" (index 0)`, sub.Position(1, 0))
	train, val, err := d.SplitValidation(0.5, 1)
	require.NoError(t, err)
	for _, part := range []*Dataset{train, val} {
		for i := range part.Len() {
			// Line = value + 1 here: the header is line 1, and the blank
			// line 4 shifts the last two rows down by one.
			line := int(part.Row(i)[0]) + 1
			if part.Row(i)[0] >= 3 {
				line++
			}
			assert.Equal(t, "p.csv:"+strconv.Itoa(line), part.SamplePosition(i))
		}
	}
}
