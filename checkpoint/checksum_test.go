package checkpoint

import (
	"bytes"
	"encoding/binary"
	"maps"
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

// TestFlippedHeaderByteIsRefusedOrHarmless flips each header byte: the
// file is refused, or it decodes to the same tensors and metadata (a
// flipped padding space, or a renamed checksum entry, which loses the
// check but changes no content).
func TestFlippedHeaderByteIsRefusedOrHarmless(t *testing.T) {
	b, meta := encodeSample(t)
	want, err := Decode("m", b)
	require.NoError(t, err)
	end := 8 + int(binary.LittleEndian.Uint64(b))
	refused := 0
	for i := 8; i < end; i++ {
		for _, mask := range []byte{0x01, 0x02, 0x10} {
			c := bytes.Clone(b)
			c[i] ^= mask
			got, err := Decode("m", c)
			if err != nil {
				refused++
				continue
			}
			assert.Equal(t, want.Tensors, got.Tensors, "byte %d ^ %#x changed the tensors silently", i, mask)
			extra := maps.Clone(got.Metadata)
			for k, v := range meta {
				assert.Equal(t, v, extra[k], "byte %d ^ %#x changed metadata %q silently", i, mask, k)
				delete(extra, k)
			}
			for k, v := range extra {
				assert.Contains(t, v, `"__metadata__"`, "byte %d ^ %#x added metadata %q silently", i, mask, k)
			}
		}
	}
	assert.Greater(t, refused, 3*(end-8)*9/10)
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
		{`{"__metadata__":"00000000","a":"xyz"}`, `not 8 hex digits`},
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
