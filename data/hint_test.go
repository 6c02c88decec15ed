package data

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file of semicolons read with the default delimiter has one column: the
// error advises CSVOptions.Comma, as an *OptionHint a program can respell.
func TestCSVDelimiterHint(t *testing.T) {
	_, err := DecodeCSV("eu.csv", []byte("a;b;label\n1;2;0\n3;4;1\n"), CSVOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eu.csv: no feature columns: `)
	assert.Contains(t, err.Error(), ` (the first line holds ";": if that is the field delimiter, give it, e.g. CSVOptions.Comma = ';')`)
	var h *OptionHint
	require.True(t, errors.As(err, &h))
	assert.Equal(t, "Comma", h.Option)
	assert.Equal(t, "';'", h.Value)
	assert.Equal(t, h.Err.Error()+" (the first line holds \";\": if that is the field delimiter, give it, e.g. -d ';')",
		h.Respell(func(_, v string) string { return "-d " + v }))
}
