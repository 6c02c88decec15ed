package data

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Runs of spaces and tabs are one delimiter and leading and trailing ones
// go, as pandas' sep=r'\s+' reads; quoted fields keep their spaces, even
// across lines, and lines stay where they were.
func TestWhitespaceFields(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"1 2 3", "1\t2\t3"},
		{"   1.5  \t -2   0  \n", "1.5\t-2\t0\n"},
		{"a  b\r\n  c d \r\n", "a\tb\r\nc\td\r\n"},
		{"\n\n 1 2\n", "\n\n1\t2\n"},
		{`"x  y"  2`, "\"x  y\"\t2"},
		{"\"two\n  lines\"  3\n4 5", "\"two\n  lines\"\t3\n4\t5"},
		{`"a ""q""  b"   c`, "\"a \"\"q\"\"  b\"\tc"},
		{"\t\t", ""},
	} {
		assert.Equal(t, tc.want, string(whitespaceFields([]byte(tc.in))), "%q", tc.in)
	}
}

// A file laid out with runs of spaces (UCI's housing.data) reads with
// CSVOptions.Whitespace; read with the default comma or with ' ', the
// error says to use it, as an *OptionHint a program can respell.
func TestReadCSVWhitespace(t *testing.T) {
	const file = "  0.5   1.25   0\n -1.0   2.5    1\n  3.0  -0.5    0\n 7  8  1\n"
	d, err := DecodeCSV("h.data", []byte(file), CSVOptions{Whitespace: true})
	require.NoError(t, err)
	assert.Equal(t, 2, d.Features)
	assert.Equal(t, []float32{0.5, 1.25, -1, 2.5, 3, -0.5, 7, 8}, d.X)
	assert.Equal(t, []int{0, 1, 0, 1}, d.Y)

	_, err = DecodeCSV("h.data", []byte(file), CSVOptions{Whitespace: true, Comma: ';'})
	require.EqualError(t, err, "h.data: CSVOptions.Whitespace and Comma ';' both set the delimiter; set one")

	_, err = DecodeCSV("h.data", []byte(file), CSVOptions{})
	require.EqualError(t, err, "h.data: no feature columns: the only column is the label (the first line holds white space between its values: if that separates the fields, read them with CSVOptions.Whitespace = true)")
	var h *OptionHint
	require.True(t, errors.As(err, &h))
	assert.Equal(t, "Whitespace", h.Option)

	_, err = DecodeCSV("h.data", []byte(file), CSVOptions{Comma: ' '})
	require.EqualError(t, err, `h.data:1: column index 0: missing value (""); with the delimiter ' ' two spaces in a row enclose an empty field: if runs of spaces and tabs separate the fields, read them with CSVOptions.Whitespace = true`)
	// Not only in the first row.
	_, err = DecodeCSV("h.data", []byte("1 2 0\n3 4 1\n5  6 0\n"), CSVOptions{Comma: ' '})
	require.ErrorContains(t, err, `h.data:3: `)
	require.ErrorContains(t, err, "read them with CSVOptions.Whitespace = true")
	// Single spaces are fine with ' '.
	d, err = DecodeCSV("h.data", []byte("1 2 0\n3 4 1\n"), CSVOptions{Comma: ' '})
	require.NoError(t, err)
	assert.Equal(t, []float32{1, 2, 3, 4}, d.X)
}

// A file aligned with spaces and tabs mixed (UCI's layout) gets the
// whitespace hint whether it is read with the default comma or with a
// tab, not the tab's or a preamble's; a clean TSV still gets the tab's.
func TestReadCSVMixedBlanksHint(t *testing.T) {
	const file = "  0.644 \t 0.725 \t 0\n  0.454  1.016  1\n  2.100 \t 2.067 \t 2\n"
	for _, opts := range []CSVOptions{{}, {Comma: '\t'}} {
		_, err := DecodeCSV("uci.txt", []byte(file), opts)
		require.ErrorContains(t, err, "read them with CSVOptions.Whitespace = true", "%q", opts.Comma)
		require.NotContains(t, err.Error(), "SkipRows", "%q", opts.Comma)
	}
	d, err := DecodeCSV("uci.txt", []byte(file), CSVOptions{Whitespace: true})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2}, d.Y)
	_, err = DecodeCSV("t.tsv", []byte("a\tb\tlabel\n1\t2\t0\n"), CSVOptions{})
	require.ErrorContains(t, err, "CSVOptions.Comma = '\\t'")
}

// whitespaceFields rewrites a whole text as blankState rewrites it part by
// part.
func whitespaceFields(content []byte) []byte {
	s := blankState{lineStart: true}
	return s.rewrite(make([]byte, 0, len(content)), content)
}
