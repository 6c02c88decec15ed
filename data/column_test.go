package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeatureName(t *testing.T) {
	d, err := DecodeCSV("t.csv", []byte("label,a,b\n0,1,2\n"), CSVOptions{LabelColumn: "label"})
	require.NoError(t, err)
	assert.Equal(t, `column "b" (index 2)`, d.FeatureName(1))
	d, err = DecodeCSV("t.csv", []byte("0,1,2\n"), CSVOptions{LabelColumn: "0"})
	require.NoError(t, err)
	assert.Equal(t, "column index 1", d.FeatureName(0))
	assert.Equal(t, "feature 5", (&Dataset{Features: 6}).FeatureName(5))
}
