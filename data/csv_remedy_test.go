package data

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The commonest data errors say what to do as well as what is wrong and
// where: fill or drop missing values, the field count a ragged row needs,
// a header repeated by concatenated files.
func TestReadCSVErrorsSayWhatToDo(t *testing.T) {
	for _, tc := range []struct{ name, content, msg string }{
		{"missing value", "a,b,label\n1,2,0\n1,NA,1\n",
			`t.csv:3: column "b" (index 1): missing value ("NA")` + imputeRemedy},
		{"ragged row", "a,b,label\n1,2,0\n3,4,1\n1,2\n",
			"t.csv:4: ragged row: 2 fields, but the header has 3; every row needs 3 fields: look there for a missing or extra delimiter, or a field holding ',' that is not quoted, and fix or drop the row"},
		{"repeated header", "a,b,label\n1,2,0\n3,4,1\na,b,label\n5,6,1\n",
			`t.csv:4: column "a" (index 0): "a" is not a number; it is the column's name: the header is repeated on this line, as concatenating CSV files with their headers leaves it; remove the repeated header lines (keep the first file's header only)`},
	} {
		_, err := DecodeCSV("t.csv", []byte(tc.content), CSVOptions{})
		require.EqualError(t, err, tc.msg, tc.name)
	}
	// Another text cell is not taken for a header.
	_, err := DecodeCSV("t.csv", []byte("a,b,label\n1,2,0\nb,4,1\n"), CSVOptions{})
	require.EqualError(t, err, `t.csv:3: column "a" (index 0): "b" is not a number`)
}

// imputeRemedy ends the message of a missing value.
const imputeRemedy = "; brawn does not impute: fill the missing values (pandas' fillna, scikit-learn's SimpleImputer) or drop their rows (dropna) first"
