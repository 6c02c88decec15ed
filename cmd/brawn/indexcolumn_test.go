package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A training file written by pandas' to_csv with its index (a first
// column without a name, or "Unnamed: 0", holding 0, 1, 2, ...) trains
// with a warning that names the file and the remedy; a named column, or
// one whose numbers are not the row numbers, gets none.
func TestIndexColumnWarned(t *testing.T) {
	train, test := blobFiles(t)
	text, err := os.ReadFile(train)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	withFirst := func(name string, cell func(i int) string) string {
		var b strings.Builder
		b.WriteString(name + "," + lines[0] + "\n")
		for i, l := range lines[1:] {
			b.WriteString(cell(i) + "," + l + "\n")
		}
		path := filepath.Join(t.TempDir(), "indexed.csv")
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return path
	}
	rowNumber := strconv.Itoa
	const warning = "the first column has no name and holds the row numbers 0, 1, 2, ..., 299: the index pandas' DataFrame.to_csv writes unless index=False"
	for _, c := range []struct {
		name string
		cell func(int) string
		warn bool
	}{
		{"", rowNumber, true},
		{"Unnamed: 0", rowNumber, true},
		{"id", rowNumber, false},
		{"", func(i int) string { return strconv.Itoa(i + 1) }, false},
		{"", func(i int) string { return strconv.Itoa(i % 7) }, false},
	} {
		path := withFirst(c.name, c.cell)
		// The test file has no such column: --test-split takes the test set from the file.
		_, errOut, err := runCLI(context.Background(), "train", "--train", path, "--test-split", "0.2", "--label-col", "species", "--epochs", "1")
		require.NoError(t, err, "%q", c.name)
		if c.warn {
			assert.Contains(t, errOut, "warning: "+path+": "+warning, "%q", c.name)
			assert.Contains(t, errOut, "write the file with to_csv(..., index=False), or cut the column (cut -d, -f2-)")
		} else {
			assert.NotContains(t, errOut, "pandas' DataFrame.to_csv", "%q", c.name)
		}
	}
	_, errOut, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1")...)
	require.NoError(t, err)
	assert.NotContains(t, errOut, "pandas' DataFrame.to_csv")
}
