package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIntList(t *testing.T) {
	got, err := parseIntList("layers", " 256, 128 ", "sizes")
	require.NoError(t, err)
	assert.Equal(t, []int{256, 128}, got)
	got, err = parseIntList("layers", "", "sizes")
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = parseIntList("layers", "256,x", "hidden sizes like 256,128")
	require.EqualError(t, err, `invalid --layers "256,x": "x" is not a positive integer (want hidden sizes like 256,128)`)
	_, err = parseIntList("layers", "256,0", "sizes")
	require.EqualError(t, err, `invalid --layers "256,0": "0" is not a positive integer (want sizes)`)
}
