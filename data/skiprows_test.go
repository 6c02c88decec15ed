package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The wine file of scikit-learn starts with a line of counts that has
// fewer fields than the table: the error says so and how to skip it.
func TestCSVRaggedPreambleSuggestsSkipRows(t *testing.T) {
	content := "3,2,class_0,class_1\n1.5,2,0\n3,4,1\n5,6,0\n"
	_, err := DecodeCSV("wine.csv", []byte(content), CSVOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "wine.csv:2: ragged row: 3 fields, but the header has 4")
	assert.Contains(t, err.Error(), `line 1 ("3,2,class_0,class_1") may be a preamble`)
	assert.Contains(t, err.Error(), "skip it with CSVOptions.SkipRows = 1")

	// A row far from the top is a broken row, not a preamble.
	_, err = DecodeCSV("t.csv", []byte("a,b,label\n1,2,0\n3,4,1\n5,6\n"), CSVOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.csv:4: ragged row: 2 fields, but the header has 3")
	assert.NotContains(t, err.Error(), "SkipRows")
}

// scikit-learn's Boston file starts with a line of counts as wide as the
// table, with empty fields: the first row's unreadable value says the line
// may be a preamble; a bad value further down does not.
func TestCSVFirstRowErrorSuggestsSkipRows(t *testing.T) {
	content := "3,2,,\nA,B,C,D\n1,2,3,0\n"
	_, err := DecodeCSV("boston.csv", []byte(content), CSVOptions{})
	require.EqualError(t, err, `boston.csv:1: column index 2: missing value (""); line 1 ("3,2,,") may be a preamble rather than the table's first row (scikit-learn's CSV files start with a line of counts): skip it with CSVOptions.SkipRows = 1`)
	d, err := DecodeCSV("boston.csv", []byte(content), CSVOptions{SkipRows: 1})
	require.NoError(t, err)
	assert.Equal(t, 1, d.Len())

	_, err = DecodeCSV("t.csv", []byte("1,2,0\n1,,1\n"), CSVOptions{})
	require.EqualError(t, err, `t.csv:2: column index 1: missing value ("")`+imputeRemedy)
	_, err = DecodeCSV("t.csv", []byte("a,b,label\n1,,1\n"), CSVOptions{})
	require.EqualError(t, err, `t.csv:2: column "b" (index 1): missing value ("")`+imputeRemedy, "a row after a header is data")
}

func TestCSVSkipRows(t *testing.T) {
	content := "3,2,class_0,class_1\n1.5,2,0\n3,4,1\n5,6,0\n"
	d, err := DecodeCSV("wine.csv", []byte(content), CSVOptions{SkipRows: 1})
	require.NoError(t, err)
	assert.Equal(t, 3, d.Len())
	assert.Equal(t, 2, d.Features)
	assert.Equal(t, []float32{1.5, 2, 3, 4, 5, 6}, d.X)
	assert.Equal(t, []int{0, 1, 0}, d.Y)
	assert.Equal(t, "wine.csv:3", d.SamplePosition(1), "line numbers stay the file's")

	// Skipped lines may hold anything, even an unmatched quote, and the
	// header detection starts after them.
	d, err = DecodeCSV("t.csv", []byte("# \"title\n\nx,y,label\n1,2,a\n3,4,b\n"), CSVOptions{SkipRows: 2})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, d.ClassNames)
	assert.Equal(t, 2, d.Len())

	_, err = DecodeCSV("t.csv", []byte("3,4,b\n1,2,x\n"), CSVOptions{SkipRows: 1, Classes: 2})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.csv:2: column index 2", "errors name the file's line")

	_, err = DecodeCSV("t.csv", []byte("1,2\n3,4"), CSVOptions{SkipRows: 3})
	require.EqualError(t, err, "t.csv: skipping 3 rows leaves nothing to read: the file has 2 line(s)")
	// Skipping every line, or all but blank ones, says so, with or
	// without a final line end; an empty file is still an empty file.
	_, err = DecodeCSV("t.csv", []byte("1,2\n3,4\n"), CSVOptions{SkipRows: 2})
	require.EqualError(t, err, "t.csv: skipping 2 rows leaves nothing to read: the file has 2 line(s)")
	_, err = DecodeCSV("t.csv", []byte("1,2\n3,4"), CSVOptions{SkipRows: 2})
	require.EqualError(t, err, "t.csv: skipping 2 rows leaves nothing to read: the file has 2 line(s)")
	_, err = DecodeCSV("t.csv", []byte("1,2\n\n \n"), CSVOptions{SkipRows: 1})
	require.EqualError(t, err, "t.csv: skipping 1 rows leaves nothing to read: the file has 3 line(s)")
	_, err = DecodeCSV("t.csv", nil, CSVOptions{})
	require.EqualError(t, err, "t.csv: empty file: no rows")
	_, err = DecodeCSV("t.csv", []byte("1,2\n"), CSVOptions{SkipRows: -1})
	require.EqualError(t, err, "t.csv: cannot skip -1 rows: the count must be >= 0")
}

// A first row with a missing value among numbers is a data row, not a
// preamble: the error says only what is missing.
func TestCSVFirstRowMissingValueIsData(t *testing.T) {
	for _, content := range []string{"1.5,,3,0\n2,4,6,1\n", "1,NA,3,0\n2,4,6,1\n", "1,,3.5,,0\n2,4,6,1,1\n"} {
		_, err := DecodeCSV("t.csv", []byte(content), CSVOptions{})
		require.ErrorContains(t, err, "t.csv:1: column index 1: missing value")
		assert.NotContains(t, err.Error(), "preamble", content)
	}
	// Integers then mostly empty fields are a line of counts.
	_, err := DecodeCSV("t.csv", []byte("506,13,,,\n1,2,3,4,0\n"), CSVOptions{})
	require.ErrorContains(t, err, "may be a preamble")
}
