package data

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadAllSized: any hint reads the whole stream; the right hint reads
// it into one buffer that never grows.
func TestReadAllSized(t *testing.T) {
	want := bytes.Repeat([]byte("0123456789abcdef"), 1000)
	for _, hint := range []int{0, 1, 100, len(want) - 1, len(want), 3 * len(want)} {
		got, err := readAllSized(bytes.NewReader(want), hint)
		require.NoError(t, err)
		assert.Equal(t, want, got, "hint %d", hint)
	}
	got, err := readAllSized(bytes.NewReader(want), len(want))
	require.NoError(t, err)
	assert.Equal(t, len(want)+1, cap(got), "sized once")
}

func TestGzipSizeHint(t *testing.T) {
	raw := bytes.Repeat([]byte{0}, 100000)
	z := gzipBytes(t, raw)
	assert.Equal(t, len(raw), gzipSizeHint(z))
	// A corrupt trailer announcing 4 GiB asks for no more than deflate's
	// ratio allows.
	bad := append([]byte(nil), z...)
	binary.LittleEndian.PutUint32(bad[len(bad)-4:], 0xFFFFFFFF)
	assert.Equal(t, maxGzipRatio*len(bad), gzipSizeHint(bad))
	_, err := gunzipIfCompressed("bad.gz", bad)
	assert.ErrorContains(t, err, "bad.gz: corrupt gzip data")
	assert.Zero(t, gzipSizeHint(z[:17]))
	out, err := gunzipIfCompressed("ok.gz", z)
	require.NoError(t, err)
	assert.Equal(t, raw, out)
}
