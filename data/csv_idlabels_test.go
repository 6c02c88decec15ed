package data

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// A label column with a distinct value on nearly every row (an id) is
// refused by TaskAuto, naming the column, rather than made a classifier
// with a class per sample; TaskClassification reads it all the same, and
// many classes over many more rows are fine.
func TestReadCSVAutoRefusesIdentifierLabels(t *testing.T) {
	ids := make([]string, 200)
	rowNumbers := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprintf("C%05d", i)
		rowNumbers[i] = fmt.Sprint(i + 1)
	}
	ids[7] = ids[3] // a few repeats change nothing
	for _, tc := range []struct {
		labels  []string
		numbers bool
	}{{ids, false}, {rowNumbers, true}} {
		_, err := DecodeCSV("t.csv", labelsCSV(tc.labels), CSVOptions{})
		var ie *IdentifierLabelsError
		require.ErrorAs(t, err, &ie)
		require.Equal(t, tc.numbers, ie.Numbers)
		require.Equal(t, 200, ie.Rows)
		require.ErrorContains(t, err, fmt.Sprintf(`t.csv: column "target" (index 1): %d distinct labels in 200 rows (%q, %q, %q, ...): a class for nearly every row, as an identifier column would give, not classes;`,
			ie.Distinct, tc.labels[0], tc.labels[1], tc.labels[2]))
		d, err := DecodeCSV("t.csv", labelsCSV(tc.labels), CSVOptions{Task: TaskClassification})
		require.NoError(t, err)
		require.Equal(t, ie.Distinct, d.Classes)
	}

	many := make([]string, 200)
	for i := range many {
		many[i] = fmt.Sprintf("c%d", i%99) // 99 classes, about 2 samples each
	}
	d, err := DecodeCSV("t.csv", labelsCSV(many), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 99, d.Classes)
	// Few rows, each its own class: a small file, not an id column.
	d, err = DecodeCSV("t.csv", labelsCSV(many[:40]), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 40, d.Classes)
}
