package checkpoint

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeSample returns sampleTensors encoded with some metadata.
func encodeSample(t *testing.T) ([]byte, map[string]string) {
	t.Helper()
	meta := map[string]string{"format": "pt", "brawn.state.shuffle": "12345678901234567890"}
	var buf bytes.Buffer
	require.NoError(t, Encode(&buf, sampleTensors(), meta))
	return buf.Bytes(), meta
}

// TestEveryFlippedDataByteIsRefused flips each byte of the data section,
// in several ways, and expects Decode to refuse the file naming the tensor
// that holds the byte.
func TestEveryFlippedDataByteIsRefused(t *testing.T) {
	b, _ := encodeSample(t)
	start := 8 + int(binary.LittleEndian.Uint64(b))
	f, err := Decode("m", b)
	require.NoError(t, err)
	owner := make([]string, len(b)-start)
	pos := 0
	for _, tn := range f.Tensors {
		for range tn.Data {
			owner[pos] = tn.Name
			pos++
		}
	}
	require.Equal(t, len(owner), pos)
	for i := start; i < len(b); i++ {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			c := bytes.Clone(b)
			c[i] ^= mask
			_, err := Decode("m", c)
			if assert.Error(t, err, "byte %d ^ %#x loaded", i, mask) {
				assert.Contains(t, err.Error(), `tensor "`+owner[i-start]+`" fails its CRC-32C checksum`, "byte %d", i)
			}
		}
	}
}

// TestEveryFlippedHeaderBitIsRefused flips each bit of the header length
// and the header: the file is refused every time. (A flipped case bit in a
// key or a checksum, or one in the name of the checksum entry, used to
// load.)
func TestEveryFlippedHeaderBitIsRefused(t *testing.T) {
	b, _ := encodeSample(t)
	end := 8 + int(binary.LittleEndian.Uint64(b))
	for i := 0; i < end; i++ {
		for bit := range 8 {
			c := bytes.Clone(b)
			c[i] ^= 1 << bit
			_, err := Decode("m", c)
			assert.Error(t, err, "byte %d (%q) ^ %#x loaded", i, b[i], 1<<bit)
		}
	}
}

func TestFlippedMetadataIsRefused(t *testing.T) {
	b, _ := encodeSample(t)
	i := bytes.Index(b, []byte("12345678901234567890"))
	require.Positive(t, i)
	b[i+3] = '9' // a digit of a saved shuffle state, still valid JSON
	_, err := Decode("m.safetensors", b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "m.safetensors: corrupt file: the metadata fails its CRC-32C checksum")
}

func TestChecksumEntryIsNotInMetadata(t *testing.T) {
	b, meta := encodeSample(t)
	f, err := Decode("m", b)
	require.NoError(t, err)
	assert.Equal(t, meta, f.Metadata)
	var buf bytes.Buffer
	err = Encode(&buf, nil, map[string]string{ChecksumKey: "{}"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `metadata "brawn.crc32c" is reserved`)
}

// TestFileWithoutChecksumsLoads: files of other tools have no checksums.
func TestFileWithoutChecksumsLoads(t *testing.T) {
	f, err := Decode("v", rawFile(`{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, []byte{0, 0, 0x80, 0x3f}))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"format": "pt"}, f.Metadata)
	v, err := f.Tensors[0].Float32s()
	require.NoError(t, err)
	assert.Equal(t, []float32{1}, v)
}

func TestChecksumOfMissingOrExtraTensorIsRefused(t *testing.T) {
	for _, tc := range []struct{ sums, want string }{
		{`{"__metadata__":"00000000"}`, `tensor "a" has no checksum`},
		{`{"__metadata__":"00000000","a":"5a9cbaa8","b":"00000000"}`, `checksum for tensor "b", which the file does not hold`},
		{`{"__metadata__":"00000000","a":"xyz"}`, `not 8 lowercase hex digits`},
		{`[1]`, `not a JSON object of checksums`},
	} {
		meta := `{"brawn.crc32c":` + quoteJSON(tc.sums) + `}`
		_, err := Decode("v", rawFile(`{"__metadata__":`+meta+`,"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, []byte{0, 0, 0x80, 0x3f}))
		if assert.Error(t, err, tc.sums) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
}

func quoteJSON(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// TestRenamedChecksumEntryIsRefused: one flipped bit in the entry's name
// used to make the file load unchecked, as another tool's file.
func TestRenamedChecksumEntryIsRefused(t *testing.T) {
	b, _ := encodeSample(t)
	i := bytes.Index(b, []byte(`"`+ChecksumKey+`"`))
	require.Positive(t, i)
	b[i+len(ChecksumKey)] ^= 0x07 // brawn.crc32c -> brawn.crc32d
	_, err := Decode("m.safetensors", b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `m.safetensors: corrupt header: metadata "brawn.crc32d" holds checksums, but the file has no "brawn.crc32c" entry`)
}

// TestUppercaseChecksumDigitIsRefused: a flipped case bit in a stored
// checksum ("b" to "B") used to load, since it parses to the same number.
func TestUppercaseChecksumDigitIsRefused(t *testing.T) {
	b, _ := encodeSample(t)
	i := bytes.Index(b, []byte(`__metadata__\":\"`))
	require.Positive(t, i)
	sum := i + len(`__metadata__\":\"`)
	j := bytes.IndexAny(b[sum:sum+8], "abcdef")
	require.GreaterOrEqual(t, j, 0, "the sample's metadata checksum has a letter digit")
	b[sum+j] ^= 0x20
	_, err := Decode("m.safetensors", b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `m.safetensors: corrupt header: metadata "brawn.crc32c" holds "`)
	assert.Contains(t, err.Error(), `for the metadata, not 8 lowercase hex digits`)
}
