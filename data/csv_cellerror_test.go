package data

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFeatureError: a feature cell that is not a number comes back as a
// *FeatureError saying where it is, which Names matches against a label
// column given by name or by index.
func TestFeatureError(t *testing.T) {
	_, err := DecodeCSV("t.csv", []byte("a,species,label\n1,2,0\n3,setosa,1\n"), CSVOptions{})
	var fe *FeatureError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, FeatureError{Source: "t.csv", Line: 3, Index: 1, Name: "species", Column: `column "species" (index 1)`, Cell: "setosa"}, *fe)
	assert.True(t, fe.Names("species"))
	assert.True(t, fe.Names(" 1"))
	assert.False(t, fe.Names("a"))
	assert.False(t, fe.Names("2"))
	assert.False(t, fe.Names(""))

	_, err = DecodeCSV("t.csv", []byte("1,2,0\n3,,1\n"), CSVOptions{})
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, "", fe.Name)
	assert.True(t, fe.Names("1"))
	assert.False(t, fe.Names(""))
	assert.EqualError(t, err, `t.csv:2: column index 1: missing value ("")`+imputeRemedy)
}

// A long cell is quoted clipped in errors, at a character boundary.
func TestErrorsClipLongCells(t *testing.T) {
	long := strings.Repeat("é", 50000)
	_, err := DecodeCSV("t.csv", []byte("a,b,label\n1,"+long+",0\n"), CSVOptions{})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200, err.Error())
	assert.True(t, utf8.ValidString(err.Error()), err.Error())
	assert.Contains(t, err.Error(), `t.csv:2: column "b" (index 1): "éééé`)
	assert.Equal(t, "abc", clip("abc"))
	assert.Equal(t, strings.Repeat("x", 57)+"...", clip(strings.Repeat("x", 61)))
}

// Files saved the ways other tools save them: lines ended by a lone CR
// read as pandas reads them; UTF-16 and UTF-32 are refused saying so; a row read as
// one field that holds another delimiter points to --delimiter, not to a
// preamble.
func TestOtherToolsFiles(t *testing.T) {
	d, err := DecodeCSV("t.csv", []byte("a,b,label\r1,2,x\r3,4,y\r"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []float32{1, 2, 3, 4}, d.X)
	assert.Equal(t, []string{"x", "y"}, d.ClassNames)

	_, err = DecodeCSV("t.csv", []byte{0xff, 0xfe, 'a', 0, ',', 0}, CSVOptions{})
	assert.EqualError(t, err, "t.csv: the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
	_, err = DecodeCSV("t.csv", []byte{0xfe, 0xff, 0, 'a', 0, ','}, CSVOptions{})
	assert.EqualError(t, err, "t.csv: the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
	_, err = DecodeCSV("t.csv", []byte{0xff, 0xfe, 0, 0, 'a', 0, 0, 0}, CSVOptions{})
	assert.EqualError(t, err, "t.csv: the file is UTF-32 text (it starts with a UTF-32 byte order mark); save it as UTF-8")
	_, err = DecodeCSV("t.csv", []byte{0, 0, 0xfe, 0xff, 0, 0, 0, 'a'}, CSVOptions{})
	assert.EqualError(t, err, "t.csv: the file is UTF-32 text (it starts with a UTF-32 byte order mark); save it as UTF-8")

	_, err = DecodeCSV("t.csv", []byte("a;b;c;d\n5.1;3.5;1.4;0.2\n"), CSVOptions{Unlabelled: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `(the first line holds ";": if that is the field delimiter, give it`)
	assert.NotContains(t, err.Error(), "preamble")
}

// A number written with a decimal comma, as European spreadsheets save
// it, is named as such.
func TestDecimalCommaHint(t *testing.T) {
	_, err := DecodeCSV("t.csv", []byte("a;b;label\n5,1;3,5;x\n"), CSVOptions{Comma: ';'})
	assert.EqualError(t, err, `t.csv:2: column "a" (index 0): "5,1" is not a number (a decimal comma? numbers take a decimal point)`)
	_, err = DecodeCSV("t.csv", []byte("a;b;label\nx,y;3;x\n"), CSVOptions{Comma: ';'})
	assert.EqualError(t, err, `t.csv:2: column "a" (index 0): "x,y" is not a number`)
}
