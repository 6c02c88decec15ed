package data

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// With the training set's classes imposed (a test set), the label a loss
// ignores (CSVOptions.IgnoreIndex with Ignore) is kept as it is, as an
// integer, where the classes are indices or names; a class named as it
// stays that class, and without Ignore it is refused as before.
func TestReadCSVKeepsTheIgnoredLabel(t *testing.T) {
	ignore := CSVOptions{IgnoreIndex: -100, Ignore: true}
	byIndex, byName := ignore, ignore
	byIndex.Classes = 3
	byName.ClassNames = []string{"a", "b", "c"}

	d, err := DecodeCSV("t.csv", labelsCSV([]string{"2", "-100", "0", "-100.0"}), byIndex)
	require.NoError(t, err)
	require.Equal(t, []int{2, -100, 0, -100}, d.Y)
	d, err = DecodeCSV("t.csv", labelsCSV([]string{"c", "-100", "a"}), byName)
	require.NoError(t, err)
	require.Equal(t, []int{2, -100, 0}, d.Y)
	require.Equal(t, 3, d.Classes)

	named := ignore
	named.ClassNames = []string{"-100", "b"}
	d, err = DecodeCSV("t.csv", labelsCSV([]string{"b", "-100"}), named)
	require.NoError(t, err)
	require.Equal(t, []int{1, 0}, d.Y)

	byIndex.Ignore, byName.Ignore = false, false
	_, err = DecodeCSV("t.csv", labelsCSV([]string{"2", "-100"}), byIndex)
	require.EqualError(t, err, `t.csv:3: column "target" (index 1): label -100 is out of range: expected 0..2 (3 classes)`)
	_, err = DecodeCSV("t.csv", labelsCSV([]string{"c", "-100"}), byName)
	require.ErrorContains(t, err, `label "-100" is not one of the 3 classes`)
	byIndex.Ignore, byIndex.IgnoreIndex = true, 7
	_, err = DecodeCSV("t.csv", labelsCSV([]string{"2", "-100"}), byIndex)
	require.ErrorContains(t, err, "label -100 is out of range")
}
