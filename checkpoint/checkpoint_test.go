package checkpoint

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawFile builds a safetensors file from a header text and data bytes.
func rawFile(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

func sampleTensors() []Tensor {
	return []Tensor{
		F32Tensor("0.weight", []int{2, 3}, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.125}),
		F32Tensor("0.bias", []int{2}, []float32{0.25, -1e-30}),
		I64Tensor("optimizer.step", nil, []int64{-7}),
		U64Tensor("rng.state", []int{2}, []uint64{0xdeadbeefcafef00d, 1}),
		F64Tensor("schedule.lr", []int{1}, []float64{1e-3}),
		F32Tensor("empty", []int{0, 4}, nil),
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.safetensors")
	meta := map[string]string{"format": "pt", "layers": "784,256,10", "ünïcode": "✓"}
	require.NoError(t, Write(path, sampleTensors(), meta))
	f, err := Read(path)
	require.NoError(t, err)
	assert.Equal(t, meta, f.Metadata)
	require.Len(t, f.Tensors, 6)
	for i, want := range sampleTensors() {
		got := f.Tensors[i] // data order is write order
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.DType, got.DType)
		assert.Equal(t, want.Shape, got.Shape)
		assert.Equal(t, want.Data, got.Data)
	}
	w, err := f.Get("0.weight")
	require.NoError(t, err)
	v, err := w.Float32s()
	require.NoError(t, err)
	assert.Equal(t, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.125}, v)
	assert.Equal(t, 6, w.NumElements())

	step, _ := f.Get("optimizer.step")
	s, err := step.Int64s()
	require.NoError(t, err)
	assert.Equal(t, []int64{-7}, s)
	assert.Equal(t, 1, step.NumElements(), "a scalar has one element")
	rng, _ := f.Get("rng.state")
	r, err := rng.Uint64s()
	require.NoError(t, err)
	assert.Equal(t, []uint64{0xdeadbeefcafef00d, 1}, r)
	lr, _ := f.Get("schedule.lr")
	l, err := lr.Float64s()
	require.NoError(t, err)
	assert.Equal(t, []float64{1e-3}, l)

	_, err = w.Int64s()
	assert.EqualError(t, err, `tensor "0.weight" has dtype F32, expected I64`)
	_, err = f.Get("1.weight")
	assert.EqualError(t, err, `no tensor named "1.weight"`)
}

func TestWriteIsAtomicAndLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ckpt.safetensors")
	require.NoError(t, Write(path, sampleTensors()[:1], nil))
	old, err := os.ReadFile(path)
	require.NoError(t, err)

	// A failing write (invalid tensor) leaves the old file untouched.
	bad := []Tensor{{Name: "x", DType: F32, Shape: []int{3}, Data: make([]byte, 8)}}
	err = Write(path, bad, nil)
	assert.EqualError(t, err, path+`: tensor "x": shape [3] of F32 needs 12 bytes, but the data has 8`)
	now, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, old, now)

	// Overwriting replaces the content.
	require.NoError(t, Write(path, sampleTensors(), nil))
	f, err := Read(path)
	require.NoError(t, err)
	assert.Len(t, f.Tensors, 6)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left behind")
	st, err := os.Stat(path)
	require.NoError(t, err)
	ref := filepath.Join(t.TempDir(), "ref")
	require.NoError(t, os.WriteFile(ref, nil, 0o666))
	refSt, err := os.Stat(ref)
	require.NoError(t, err)
	assert.Equal(t, refSt.Mode().Perm(), st.Mode().Perm(), "as os.Create makes a file: 0666 less the umask")

	err = Write(filepath.Join(dir, "missing", "x.safetensors"), nil, nil)
	assert.ErrorContains(t, err, filepath.Join(dir, "missing", "x.safetensors")+": ")
}

func TestWriteRefusesInvalidTensors(t *testing.T) {
	tests := []struct {
		name    string
		tensors []Tensor
		meta    map[string]string
		msg     string
	}{
		{"empty name", []Tensor{F32Tensor("", nil, []float32{1})}, nil, "a tensor has an empty name"},
		{"reserved name", []Tensor{F32Tensor("__metadata__", nil, []float32{1})}, nil, `tensor name "__metadata__" is reserved for metadata`},
		{"duplicate", []Tensor{F32Tensor("a", nil, []float32{1}), F32Tensor("a", nil, []float32{2})}, nil, `tensor name "a" appears twice`},
		{"unknown dtype", []Tensor{{Name: "a", DType: "F128", Data: make([]byte, 16)}}, nil, `tensor "a": unknown dtype "F128"`},
		{"negative dim", []Tensor{{Name: "a", DType: F32, Shape: []int{-1}}}, nil, `tensor "a": invalid shape [-1]`},
		{"shape mismatch", []Tensor{F32Tensor("a", []int{2, 2}, []float32{1, 2, 3})}, nil, `tensor "a": shape [2 2] of F32 needs 16 bytes, but the data has 12`},
		{"bad metadata", nil, map[string]string{"k": "\xff"}, `metadata "k": keys and values must be valid UTF-8`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Encode(&buf, tc.tensors, tc.meta)
			assert.EqualError(t, err, tc.msg)
			assert.Zero(t, buf.Len(), "nothing written")
		})
	}
}

func TestDecodeRefusesCorruptFiles(t *testing.T) {
	f32x2 := make([]byte, 8)
	tests := []struct {
		name string
		b    []byte
		msg  string
	}{
		{"too short", []byte{1, 2, 3}, "not a safetensors file: 3 bytes, shorter than the 8-byte header length"},
		{"header beyond file", rawFile(`{}`, nil)[:9], "truncated file: the header length is 2 bytes, but only 1 bytes follow it"},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<40), "header length 1099511627776 exceeds the 100000000-byte limit"},
		{"another kind of file", []byte("a,b,c\n1,2,3\n"), "not a safetensors file: its first 8 bytes give a header of 3184337832590322785 bytes, and no JSON header starts at byte 8"},
		{"huge header length before a brace", append(binary.LittleEndian.AppendUint64(nil, 1<<40), '{'), "header length 1099511627776 exceeds the 100000000-byte limit"},
		{"zero header", rawFile(``, nil), "corrupt header: it does not start with '{' (header length 0)"},
		{"not an object", rawFile(`[1, 2]`, nil), "corrupt header: it does not start with '{'"},
		{"bad json", rawFile(`{"a": {"dtype": "F32",`, nil), "corrupt header: tensor \"a\": unexpected EOF"},
		{"bad utf8", rawFile("{\"\xff\": 1}", nil), "corrupt header: not valid UTF-8"},
		{"trailing garbage", rawFile(`{} x`, nil), "corrupt header: 1 unexpected bytes after the JSON object"},
		{"duplicate name", rawFile(`{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[],"data_offsets":[4,8]}}`, f32x2),
			`corrupt header: "a" appears twice`},
		{"entry not an object", rawFile(`{"a": 3}`, nil), `corrupt header: tensor "a": json: cannot unmarshal number`},
		{"metadata not strings", rawFile(`{"__metadata__": {"step": 3}}`, nil), "corrupt header: __metadata__ must map strings to strings"},
		{"missing dtype", rawFile(`{"a":{"shape":[2],"data_offsets":[0,8]}}`, f32x2), `corrupt header: tensor "a" has no dtype`},
		{"missing shape", rawFile(`{"a":{"dtype":"F32","data_offsets":[0,8]}}`, f32x2), `corrupt header: tensor "a" has no shape`},
		{"dtype in capitals", rawFile(`{"a":{"DTYPE":"F32","shape":[2],"data_offsets":[0,8]}}`, f32x2), `corrupt header: tensor "a" has no dtype`},
		{"shape capitalised", rawFile(`{"a":{"dtype":"F32","Shape":[2],"data_offsets":[0,8]}}`, f32x2), `corrupt header: tensor "a" has no shape`},
		{"offsets capitalised", rawFile(`{"a":{"dtype":"F32","shape":[2],"Data_offsets":[0,8]}}`, f32x2), `corrupt header: tensor "a" has no data_offsets`},
		{"missing offsets", rawFile(`{"a":{"dtype":"F32","shape":[2]}}`, f32x2), `corrupt header: tensor "a" has no data_offsets`},
		{"unknown dtype", rawFile(`{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,8]}}`, f32x2), `tensor "a": unknown dtype "F128"`},
		{"three offsets", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}`, f32x2), `corrupt header: tensor "a": data_offsets has 3 numbers, expected 2 [begin, end]`},
		{"negative offset", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,8]}}`, f32x2), `corrupt header: tensor "a": json: cannot unmarshal number -8`},
		{"reversed offsets", rawFile(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, f32x2), `tensor "a": data_offsets [8, 0] end before they begin`},
		{"offsets out of range", rawFile(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, f32x2),
			`truncated file: tensor "a" ends at data byte 16, but the data section has only 8 bytes`},
		{"negative dim", rawFile(`{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, f32x2), `tensor "a": invalid shape [-2]`},
		// Dimensions that a 32-bit int holds too, whose product overflows.
		{"shape overflow", rawFile(`{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}`, f32x2), `tensor "a": invalid shape [2147483647 2147483647 2147483647]`},
		{"shape vs bytes", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}`, f32x2),
			`tensor "a": shape [2] of F64 needs 16 bytes, but data_offsets [0, 8] span 8`},
		{"gap at start", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32x2),
			`tensor "a" starts at data byte 4, leaving a gap of 4 bytes at the start of the data section`},
		{"gap between", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]}}`, f32x2),
			`tensor "b" starts at data byte 6, leaving a gap of 2 bytes after tensor "a"`},
		{"overlap", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32x2),
			`tensor "b" (data bytes 4..8) overlaps tensor "a", which ends at byte 8`},
		{"trailing data", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, f32x2),
			"4 unexpected bytes after the last tensor's data (the tensors cover 4 of the 8 data bytes)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("m.safetensors", tc.b)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "m.safetensors: "+tc.msg)
		})
	}
}

func TestDecodeTruncatedWrittenFile(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Encode(&buf, sampleTensors(), nil))
	full := buf.Bytes()
	for cut := 1; cut < len(full); cut++ {
		_, err := Decode("t.safetensors", full[:len(full)-cut])
		require.Error(t, err, "cut %d bytes", cut)
	}
}

func TestDecodeAcceptsValidVariants(t *testing.T) {
	// Tensors listed out of data order, other dtypes, padding with spaces
	// and a newline, zero-size tensors sharing an offset.
	data := []byte{1, 0, 0, 0, 0, 0, 0x80, 0x3f, 7}
	header := `{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"z":{"dtype":"BF16","shape":[0],"data_offsets":[8,8]},` +
		`"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"U8","shape":[],"data_offsets":[8,9]},"x":{"dtype":"F16","shape":[0,3],"data_offsets":[8,8]}}` + "\n   "
	f, err := Decode("v", rawFile(header, data))
	require.NoError(t, err)
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	assert.Equal(t, []string{"a", "b", "z", "x", "y"}, names, "sorted by data offset, stable")
	b, _ := f.Get("b")
	v, err := b.Float32s()
	require.NoError(t, err)
	assert.Equal(t, []float32{1}, v)
	assert.Nil(t, f.Metadata)
}

func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := Encode(&buf, sampleTensors(), map[string]string{"k": "v"}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)))
	f.Add(rawFile(`{"__metadata__":{"a":"b"}}`, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Decode("fuzz", b)
		if err != nil {
			return
		}
		// Whatever was accepted must survive a write and a read unchanged.
		var out bytes.Buffer
		if err := Encode(&out, file.Tensors, file.Metadata); err != nil {
			t.Fatalf("accepted file cannot be written back: %v", err)
		}
		again, err := Decode("again", out.Bytes())
		if err != nil {
			t.Fatalf("rewritten file refused: %v", err)
		}
		if len(again.Tensors) != len(file.Tensors) {
			t.Fatalf("%d tensors became %d", len(file.Tensors), len(again.Tensors))
		}
		for i := range file.Tensors {
			a, b := &file.Tensors[i], &again.Tensors[i]
			if a.Name != b.Name || a.DType != b.DType || !bytes.Equal(a.Data, b.Data) {
				t.Fatalf("tensor %q changed in the round trip", a.Name)
			}
		}
	})
}
