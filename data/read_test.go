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
	hint := func(b []byte) int { return gzipSizeHint(b[len(b)-4:], len(b)) }
	assert.Equal(t, len(raw), hint(z))
	// A corrupt trailer announcing 4 GiB asks for no more than deflate's
	// ratio allows.
	bad := append([]byte(nil), z...)
	binary.LittleEndian.PutUint32(bad[len(bad)-4:], 0xFFFFFFFF)
	assert.Equal(t, maxGzipRatio*len(bad), hint(bad))
	_, err := gunzipIfCompressed("bad.gz", bad)
	assert.ErrorContains(t, err, "bad.gz: corrupt gzip data")
	path := writeTemp(t, "bad.gz", bad)
	_, err = readFile(path)
	assert.ErrorContains(t, err, path+": corrupt gzip data")
	out, err := gunzipIfCompressed("ok.gz", z)
	require.NoError(t, err)
	assert.Equal(t, raw, out)
	out, err = readFile(writeTemp(t, "ok.gz", z))
	require.NoError(t, err)
	assert.Equal(t, raw, out)
	assert.Equal(t, len(raw)+1, cap(out), "decompressed into one buffer of the announced size")
	out, err = readFile(writeTemp(t, "raw", raw))
	require.NoError(t, err)
	assert.Equal(t, raw, out)
}
