package checkpoint_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specTensor is what the independent reader below extracts for one tensor.
type specTensor struct {
	dtype string
	shape []int
	data  []byte
}

// specRead is a minimal safetensors reader written from the format's
// description alone (huggingface/safetensors README): u64 little-endian
// header size N, N bytes of UTF-8 JSON, then the byte buffer; each entry
// gives dtype, shape and data_offsets [begin, end) relative to the buffer;
// "__metadata__" maps strings to strings. It shares no code with the package.
func specRead(b []byte) (map[string]specTensor, map[string]string, error) {
	if len(b) < 8 {
		return nil, nil, fmt.Errorf("short file")
	}
	n := binary.LittleEndian.Uint64(b[:8])
	if n > uint64(len(b)-8) {
		return nil, nil, fmt.Errorf("header size %d beyond file", n)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &raw); err != nil {
		return nil, nil, err
	}
	buf := b[8+n:]
	elemSize := map[string]int{"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
		"I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}
	tensors := map[string]specTensor{}
	var meta map[string]string
	type span struct{ begin, end int }
	var spans []span
	for name, msg := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(msg, &meta); err != nil {
				return nil, nil, err
			}
			continue
		}
		var info struct {
			Dtype       string `json:"dtype"`
			Shape       []int  `json:"shape"`
			DataOffsets []int  `json:"data_offsets"`
		}
		if err := json.Unmarshal(msg, &info); err != nil {
			return nil, nil, err
		}
		size, ok := elemSize[info.Dtype]
		if !ok {
			return nil, nil, fmt.Errorf("%s: dtype %q", name, info.Dtype)
		}
		if len(info.DataOffsets) != 2 {
			return nil, nil, fmt.Errorf("%s: offsets %v", name, info.DataOffsets)
		}
		begin, end := info.DataOffsets[0], info.DataOffsets[1]
		if begin < 0 || end < begin || end > len(buf) {
			return nil, nil, fmt.Errorf("%s: offsets [%d,%d) outside %d bytes", name, begin, end, len(buf))
		}
		count := 1
		for _, d := range info.Shape {
			count *= d
		}
		if count*size != end-begin {
			return nil, nil, fmt.Errorf("%s: shape %v does not match %d bytes", name, info.Shape, end-begin)
		}
		tensors[name] = specTensor{dtype: info.Dtype, shape: info.Shape, data: buf[begin:end]}
		spans = append(spans, span{begin, end})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].begin < spans[j].begin })
	covered := 0
	for _, s := range spans {
		if s.begin != covered {
			return nil, nil, fmt.Errorf("hole or overlap at byte %d", covered)
		}
		covered = s.end
	}
	if covered != len(buf) {
		return nil, nil, fmt.Errorf("buffer has %d bytes, tensors cover %d", len(buf), covered)
	}
	return tensors, meta, nil
}

func TestWrittenFileFollowsTheSpecification(t *testing.T) {
	w1 := []float32{0.5, -1.25, 3e-8, 7, 1e30, -0}
	b1 := []float32{1, 2}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	err := checkpoint.Write(path, []checkpoint.Tensor{
		checkpoint.F32Tensor("0.weight", []int{2, 3}, w1),
		checkpoint.F32Tensor("0.bias", []int{2}, b1),
		checkpoint.I64Tensor("step", []int{}, []int64{1234567890123}),
	}, map[string]string{"format": "pt", "arch": `{"layers":[3,2]}`})
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)

	n := binary.LittleEndian.Uint64(b)
	assert.Zero(t, (8+n)%8, "data section aligned to 8 bytes")
	assert.Equal(t, byte('{'), b[8])
	assert.NotContains(t, string(bytes.TrimRight(b[8:8+n], " ")), "  ", "padding only at the end")

	tensors, meta, err := specRead(b)
	require.NoError(t, err)
	var sums map[string]string
	require.NoError(t, json.Unmarshal([]byte(meta[checkpoint.ChecksumKey]), &sums), "checksums are a JSON object")
	delete(meta, checkpoint.ChecksumKey)
	assert.Equal(t, map[string]string{"format": "pt", "arch": `{"layers":[3,2]}`}, meta)
	require.Len(t, tensors, 3)
	assert.Len(t, sums, 4, "one checksum per tensor and one for the metadata")
	specCRC := func(parts ...[]byte) string {
		c := crc32.New(crc32.MakeTable(crc32.Castagnoli))
		for _, p := range parts {
			c.Write(p)
		}
		return fmt.Sprintf("%08x", c.Sum32())
	}
	u64 := func(v int) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }
	assert.Equal(t, specCRC([]byte("F32"), u64(2), u64(3), tensors["0.weight"].data), sums["0.weight"])
	assert.Equal(t, specCRC([]byte("I64"), tensors["step"].data), sums["step"])
	assert.Equal(t, specCRC(u64(4), []byte("arch"), u64(16), []byte(`{"layers":[3,2]}`), u64(6), []byte("format"), u64(2), []byte("pt")), sums["__metadata__"])

	w := tensors["0.weight"]
	assert.Equal(t, "F32", w.dtype)
	assert.Equal(t, []int{2, 3}, w.shape)
	for i, want := range w1 {
		got := math.Float32frombits(binary.LittleEndian.Uint32(w.data[4*i:]))
		assert.Equal(t, math.Float32bits(want), math.Float32bits(got), "element %d", i)
	}
	bias := tensors["0.bias"]
	assert.Equal(t, []int{2}, bias.shape)
	assert.Equal(t, float32(2), math.Float32frombits(binary.LittleEndian.Uint32(bias.data[4:])))
	step := tensors["step"]
	assert.Equal(t, "I64", step.dtype)
	assert.Equal(t, []int{}, step.shape)
	assert.Equal(t, int64(1234567890123), int64(binary.LittleEndian.Uint64(step.data)))
}
