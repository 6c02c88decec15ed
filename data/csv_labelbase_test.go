package data

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// Integer labels without 0 (1..K, as UCI's files number classes) are
// classes named by their values, as scikit-learn's LabelEncoder makes
// them: 1, 2, 3 are 3 classes, not class indices 0..3 with an empty,
// never-trained class 0. Labels that include 0 stay class indices.
func TestReadCSVOneBasedLabelsAreNames(t *testing.T) {
	one := make([]string, 30)
	zero := make([]string, 30)
	for i := range one {
		one[i] = fmt.Sprint(1 + i%3)
		zero[i] = fmt.Sprint(i % 3)
	}
	d1, err := DecodeCSV("t.csv", labelsCSV(one), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 3, d1.Classes)
	require.Equal(t, []string{"1", "2", "3"}, d1.ClassNames)
	d0, err := DecodeCSV("t.csv", labelsCSV(zero), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 3, d0.Classes)
	require.Nil(t, d0.ClassNames, "labels 0..2 stay class indices")
	require.Equal(t, d0.Y, d1.Y, "class i is label i+1")
	require.Equal(t, d0.X, d1.X)

	// "2.0" names class "2", as the training set spelt it.
	one[5] = "3.0"
	d, err := DecodeCSV("t.csv", labelsCSV(one), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"1", "2", "3"}, d.ClassNames)
	require.Equal(t, 2, d.Y[5])

	// A checkpoint of an earlier brawn recorded 4 class indices for these
	// labels, and no names: that mapping wins when it is imposed.
	d, err = DecodeCSV("t.csv", labelsCSV(one), CSVOptions{Classes: 4})
	require.NoError(t, err)
	require.Equal(t, 4, d.Classes)
	require.Nil(t, d.ClassNames)
	require.Equal(t, 1, d.Y[0])
	require.Equal(t, 3, d.Y[5])

	// The recorded names of a new checkpoint read its test set.
	d, err = DecodeCSV("t.csv", labelsCSV([]string{"3", "1", "2.0"}), CSVOptions{ClassNames: []string{"1", "2", "3"}})
	require.NoError(t, err)
	require.Equal(t, []int{2, 0, 1}, d.Y)
	_, err = DecodeCSV("t.csv", labelsCSV([]string{"3", "0"}), CSVOptions{ClassNames: []string{"1", "2", "3"}})
	require.ErrorContains(t, err, `t.csv:3: column "target" (index 1): label "0" is not one of the 3 classes of the training data ("1", "2", "3")`)

	// One label value is one class (classification then refuses it),
	// not two.
	d, err = DecodeCSV("t.csv", labelsCSV([]string{"1", "1"}), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 1, d.Classes)
}

// Labels 0 and 2 are the class indices 0..2 (class 1 without samples) by
// default, as PyTorch takes them; TaskClassification makes the labels
// that occur the classes, as scikit-learn does, but keeps labels that are
// exactly 0..n-1 class indices.
func TestReadCSVLabelsWithAGap(t *testing.T) {
	labels := make([]string, 20)
	for i := range labels {
		labels[i] = fmt.Sprint(2 * (i % 2))
	}
	d, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 3, d.Classes)
	require.Nil(t, d.ClassNames)
	d, err = DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{Task: TaskClassification})
	require.NoError(t, err)
	require.Equal(t, 2, d.Classes)
	require.Equal(t, []string{"0", "2"}, d.ClassNames)
	require.Equal(t, 1, d.Y[1])

	for i := range labels {
		labels[i] = fmt.Sprint(i % 3)
	}
	d, err = DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{Task: TaskClassification})
	require.NoError(t, err)
	require.Equal(t, 3, d.Classes)
	require.Nil(t, d.ClassNames)
}

// Labels that are exactly 1..n are classes however many, as 0..n-1 are:
// not continuous values.
func TestReadCSVAutoTakesLabelsOneToN(t *testing.T) {
	labels := make([]string, 2*(MaxAutoClasses+8))
	for i := range labels {
		labels[i] = fmt.Sprint(1 + i%(MaxAutoClasses+8))
	}
	d, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, MaxAutoClasses+8, d.Classes)
	require.Equal(t, "1", d.ClassNames[0])
	labels[3] = fmt.Sprint(MaxAutoClasses + 20) // a gap: numbers
	_, err = DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
	var ce *ContinuousLabelsError
	require.ErrorAs(t, err, &ce)
}
