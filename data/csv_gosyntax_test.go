package data

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Numbers in Go's syntax only, which strconv takes but pandas and numpy
// read as text (digit separators, hexadecimal floats), are refused at
// file:line:column with the number to write instead; not read as 1000.
func TestReadCSVRefusesGoNumberSyntax(t *testing.T) {
	for _, tc := range []struct{ cell, msg string }{
		{"1_000", `t.csv:3: column "a" (index 0): "1_000" is not a number (digit separators and hexadecimal are Go's syntax, which pandas and numpy read as text; write it 1000)`},
		{"0.000_5", `t.csv:3: column "a" (index 0): "0.000_5" is not a number (digit separators and hexadecimal are Go's syntax, which pandas and numpy read as text; write it 0.0005)`},
		{"-0x1p4", `t.csv:3: column "a" (index 0): "-0x1p4" is not a number (digit separators and hexadecimal are Go's syntax, which pandas and numpy read as text; write it -16)`},
	} {
		_, err := DecodeCSV("t.csv", []byte("a,b,label\n1,2,0\n"+tc.cell+",3,1\n"), CSVOptions{})
		require.EqualError(t, err, tc.msg)
	}
	// A regression target, and a label among integers, too.
	_, err := DecodeCSV("t.csv", []byte("a,y\n1,2\n2,1_5\n"), CSVOptions{Task: TaskRegression})
	require.ErrorContains(t, err, `t.csv:3: column "y" (index 1): `)
	labels := make([]string, 20)
	for i := range labels {
		labels[i] = []string{"0", "1"}[i%2]
	}
	labels[4] = "1_0"
	_, err = DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
	require.ErrorContains(t, err, `t.csv:6: column "target" (index 1): label "1_0" is not an integer class index`)
	// Plain numbers with exponents are numbers.
	d, err := DecodeCSV("t.csv", []byte("a,label\n1e3,0\n-2.5E-1,1\n"), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, []float32{1000, -0.25}, d.X)
}
