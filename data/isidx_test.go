package data

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsIDX(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, err := zw.Write(b)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	idx := []byte{0, 0, 8, 1, 0, 0, 0, 1, 7}
	csv := []byte("a,b\n1,2\n")
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"raw.bin", idx, true},
		{"raw.bin.gz", gz(idx), true},
		{"rows.csv", csv, false},
		{"rows.csv.gz", gz(csv), false},
		{"x", []byte{0}, false},
		{"t10k-images-idx3-ubyte", csv, true}, // the name decides, as in LoadFile
	} {
		got, err := IsIDX(write(tc.name, tc.data))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}
	_, err := IsIDX(write("bad.gz", []byte{0x1f, 0x8b, 1, 2}))
	assert.ErrorContains(t, err, "corrupt gzip data")
	_, err = IsIDX(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}
