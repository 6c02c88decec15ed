package data

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsIDX(t *testing.T) {
	gz := func(b []byte) []byte { return gzipBytes(t, b) }
	idx := idxBytes(8, []uint32{1}, []byte{7})
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
		got, err := IsIDX(writeTemp(t, tc.name, tc.data))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}
	_, err := IsIDX(writeTemp(t, "bad.gz", []byte{0x1f, 0x8b, 1, 2}))
	assert.ErrorContains(t, err, "corrupt gzip data")
	_, err = IsIDX(filepath.Join(t.TempDir(), "missing"))
	assert.Error(t, err)
}
