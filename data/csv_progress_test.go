package data

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// progressCSV is a CSV file of n rows of two features and a label.
func progressCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("a,b,label\n")
	for i := range n {
		fmt.Fprintf(&b, "%d,%d.5,%d\n", i, i%7, i%2)
	}
	return b.Bytes()
}

// CSVOptions.Progress is told the bytes of text read of its size and the
// rows parsed, every progressRows rows and once more when the reading
// ends (Done), whether it succeeded or not: for a gzip file, the bytes of
// decompressed text, of the size its trailer announces.
func TestCSVProgress(t *testing.T) {
	content := progressCSV(2*progressRows + 10)
	for _, gz := range []bool{false, true} {
		file := content
		if gz {
			file = gzipBytes(t, content)
		}
		path := filepath.Join(t.TempDir(), "p.csv")
		require.NoError(t, os.WriteFile(path, file, 0o644))
		for _, load := range []func(string, CSVOptions) (*Dataset, error){ReadCSV, LoadFile} {
			var got []ReadProgress
			d, err := load(path, CSVOptions{Progress: func(r ReadProgress) { got = append(got, r) }})
			require.NoError(t, err)
			require.Equal(t, 2*progressRows+10, d.Len())
			require.Len(t, got, 3, "gzip %v", gz)
			for i, r := range got[:2] {
				require.Equal(t, path, r.Source)
				require.Equal(t, (i+1)*progressRows, r.Rows)
				require.Equal(t, int64(len(content)), r.Size)
				require.Positive(t, r.Read)
				require.LessOrEqual(t, r.Read, r.Size)
				require.False(t, r.Done)
			}
			require.Equal(t, ReadProgress{Source: path, Read: int64(len(content)), Size: int64(len(content)), Rows: 2*progressRows + 10, Done: true}, got[2])
		}
	}

	var got []ReadProgress
	bad := append(progressCSV(progressRows+1), "1,x,0\n"...)
	_, err := DecodeCSV("bad.csv", bad, CSVOptions{Progress: func(r ReadProgress) { got = append(got, r) }})
	require.ErrorContains(t, err, "bad.csv:")
	require.Len(t, got, 2)
	require.True(t, got[1].Done, "an error ends the reading too")
	require.Equal(t, progressRows+1, got[1].Rows)
}
